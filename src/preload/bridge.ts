/**
 * The one contract between the preload and the rest: the IPC channel names (used by main and
 * preload) and the shape of `window.clinicdesk` (a type the renderer imports). Nothing else
 * crosses the bridge; the renderer never sees `ipcRenderer`. Besides the API there is one
 * desktop-only service: saving the page as a PDF (main/pdf.ts).
 */
import type { ApiErrorBody, ChangeEvent } from '../core/api/types';

export const CALL_CHANNEL = 'clinicdesk:call';
export const EVENT_CHANNEL = 'clinicdesk:event';
export const PDF_CHANNEL = 'clinicdesk:savePdf';

/** What `call` resolves to: the same envelope the HTTP host sends. */
export type BridgeResult = { ok: true; data: unknown } | { ok: false; error: ApiErrorBody };

export interface CallMeta {
  /** Who is at the desk, for the audit trail (at most 100 characters). */
  actor?: string;
}

export type BridgeEventName = 'change';

/** What "Save as PDF" answers: saved where, or not (cancelled, or an error in words). */
export type SavePdfResult = { saved: true; path: string } | { saved: false; error?: string };

export interface ClinicDeskBridge {
  call(name: string, input: unknown, meta?: CallMeta): Promise<BridgeResult>;
  /** Subscribe to live events; returns the unsubscribe function. */
  on(event: BridgeEventName, listener: (event: ChangeEvent) => void): () => void;
  /**
   * Desktop app only: renders this page with its print stylesheet and saves it where the user
   * chooses (a save dialog offering `suggestedName`).
   */
  savePdf?(suggestedName: string): Promise<SavePdfResult>;
}
