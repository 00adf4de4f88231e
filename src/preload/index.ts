/**
 * Runs sandboxed and context-isolated before the page: exposes `window.clinicdesk` with exactly
 * `call`, `on` and `savePdf`. Arguments are checked here too, so a compromised page cannot send the main
 * process anything but a (name, object, meta) triple on the one channel.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ChangeEvent } from '../core/api/types';
import {
  CALL_CHANNEL,
  EVENT_CHANNEL,
  PDF_CHANNEL,
  type BridgeResult,
  type SavePdfResult,
  type CallMeta,
  type ClinicDeskBridge,
} from './bridge';

const bridge: ClinicDeskBridge = {
  call(name: string, input: unknown, meta?: CallMeta): Promise<BridgeResult> {
    if (typeof name !== 'string') return Promise.reject(new TypeError('name must be a string'));
    const actor = typeof meta?.actor === 'string' ? meta.actor : undefined;
    return ipcRenderer.invoke(CALL_CHANNEL, name, input ?? {}, actor ? { actor } : {});
  },
  on(event, listener) {
    if (event !== 'change') throw new TypeError(`unknown event ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    // Never hand the IpcRendererEvent to the page: its `sender` is ipcRenderer itself.
    const forward = (_e: IpcRendererEvent, payload: ChangeEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
  savePdf(suggestedName: string): Promise<SavePdfResult> {
    if (typeof suggestedName !== 'string')
      return Promise.reject(new TypeError('suggestedName must be a string'));
    return ipcRenderer.invoke(PDF_CHANNEL, suggestedName.slice(0, 200));
  },
};

contextBridge.exposeInMainWorld('clinicdesk', bridge);
