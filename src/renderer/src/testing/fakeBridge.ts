/**
 * For component tests: a stand-in for the desktop app's `window.clinicdesk`, so the real API
 * client and live cache run unchanged. Each operation answers from `answers` (a value, or a
 * function of the input, which refuses by throwing an error body); every call is recorded; `emit` pushes a change event as the engine
 * would after a commit.
 */
import type { ApiErrorBody, ChangeEvent } from '../../../core/api/types';
import type { BridgeResult, ClinicDeskBridge } from '../../../preload/bridge';

export type Answer = unknown | ((input: unknown) => unknown);

export interface FakeBridge {
  calls: { name: string; input: unknown }[];
  callsTo(name: string): number;
  emit(event: ChangeEvent): void;
  uninstall(): void;
}

export function installFakeBridge(answers: Record<string, Answer>): FakeBridge {
  const calls: FakeBridge['calls'] = [];
  const listeners = new Set<(event: ChangeEvent) => void>();
  const bridge: ClinicDeskBridge = {
    call(name, input) {
      calls.push({ name, input });
      if (!(name in answers)) {
        return Promise.resolve<BridgeResult>({
          ok: false,
          error: { code: 'NOT_FOUND', message: `no answer for ${name} in this test` },
        });
      }
      const answer = answers[name];
      try {
        const data: unknown = typeof answer === 'function' ? answer(input) : answer;
        return Promise.resolve<BridgeResult>({ ok: true, data: structuredClone(data) });
      } catch (err) {
        // An answer refuses by throwing the engine's error body: { code, message, field? }.
        return Promise.resolve<BridgeResult>({ ok: false, error: err as ApiErrorBody });
      }
    },
    on(_event, listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  window.clinicdesk = bridge;
  return {
    calls,
    callsTo: (name) => calls.filter((c) => c.name === name).length,
    emit: (event) => {
      for (const l of [...listeners]) l(event);
    },
    uninstall: () => {
      delete window.clinicdesk;
    },
  };
}
