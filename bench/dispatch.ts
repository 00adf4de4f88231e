/**
 * `dispatch.overheadPct`: availability/firstOpenings on the large clinic through the one dispatcher
 * (registry.dispatch: validation, caller, transaction, events) against the same handler run
 * directly on already-parsed input in a read transaction. A and B alternate search by search in
 * one run, so a loaded machine slows both alike.
 */
import { allHandlers } from '../src/core/api/handlers';
import { createApi } from '../src/core/api';
import type { HandlerContext } from '../src/core/api/handler';
import type { ClinicDb } from '../src/core/db/open';

function p95(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchDispatchOverhead(
  db: ClinicDb,
  inputs: Record<string, unknown>[],
  now: number,
): Promise<{
  overheadPct: number;
  dispatchMedianMs: number;
  directMedianMs: number;
  dispatchP95Ms: number;
  directP95Ms: number;
}> {
  const registry = createApi();
  const handler = allHandlers.find((h) => h.name === 'availability/firstOpenings')!;
  const caller = { actor: 'bench', origin: 'bench', clock: () => now };
  const ctx: HandlerContext = {
    db,
    now,
    actor: 'bench',
    origin: 'bench',
    user: null,
    workstation: 'bench',
    session: null,
    emit: () => {},
  };
  const parsed = inputs.map((i) => handler.input.parse(i));
  const direct = (input: (typeof parsed)[number]) =>
    db.sqlite.transaction(() => handler.run(input, ctx)).deferred();
  for (let i = 0; i < 5; i++) {
    await registry.dispatch('availability/firstOpenings', inputs[i]!, caller, { db });
    direct(parsed[i]);
  }
  const viaDispatch: number[] = [];
  const viaDirect: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < inputs.length; i++) {
      const order = (i + round) % 2 === 0;
      for (const which of order ? ['d', 'h'] : ['h', 'd']) {
        const t = performance.now();
        if (which === 'd') {
          const r = await registry.dispatch('availability/firstOpenings', inputs[i]!, caller, {
            db,
          });
          if (!r.ok) throw new Error(r.error.message);
          viaDispatch.push(performance.now() - t);
        } else {
          direct(parsed[i]);
          viaDirect.push(performance.now() - t);
        }
      }
    }
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    overheadPct: ((sum(viaDispatch) - sum(viaDirect)) / sum(viaDirect)) * 100,
    dispatchMedianMs: median(viaDispatch),
    directMedianMs: median(viaDirect),
    dispatchP95Ms: p95(viaDispatch),
    directP95Ms: p95(viaDirect),
  };
}
