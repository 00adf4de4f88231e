/**
 * The one contract between the preload and the rest: the IPC channel names (used by main and
 * preload) and the shape of `window.clinicdesk` (a type the renderer imports). Nothing else
 * crosses the bridge; the renderer never sees `ipcRenderer`.
 */
import type { ApiErrorBody, ChangeEvent } from '../core/api/types';

export const CALL_CHANNEL = 'clinicdesk:call';
export const EVENT_CHANNEL = 'clinicdesk:event';

/** What `call` resolves to: the same envelope the HTTP host sends. */
export type BridgeResult = { ok: true; data: unknown } | { ok: false; error: ApiErrorBody };

export interface CallMeta {
  /** Who is at the desk, for the audit trail (at most 100 characters). */
  actor?: string;
}

export type BridgeEventName = 'change';

export interface ClinicDeskBridge {
  call(name: string, input: unknown, meta?: CallMeta): Promise<BridgeResult>;
  /** Subscribe to live events; returns the unsubscribe function. */
  on(event: BridgeEventName, listener: (event: ChangeEvent) => void): () => void;
}
