/**
 * The IPC transport over the API registry (the HTTP host is the other one): one channel for
 * calls, one for change events. Same envelope as HTTP: `{ ok: true, data }` or
 * `{ ok: false, error: { code, message, field? } }`, so the renderer's client unwraps both alike.
 */
import { BrowserWindow, ipcMain } from 'electron';
import type { ClinicDb } from '../core/db/open';
import type { Registry } from '../core/api';
import type { SecretBox } from '../core/secrets/secretBox';
import { CALL_CHANNEL, EVENT_CHANNEL, type BridgeResult } from '../preload/bridge';
import { isTrustedSender, type AppOrigin } from './security';

function refuse(message: string): BridgeResult {
  return { ok: false, error: { code: 'VALIDATION', message } };
}

function actorOf(meta: unknown): string | undefined {
  if (meta === null || typeof meta !== 'object' || !('actor' in meta)) return undefined;
  const actor = (meta as { actor: unknown }).actor;
  return typeof actor === 'string' && actor.trim() ? actor.trim().slice(0, 100) : undefined;
}

export function registerIpc(options: {
  registry: Registry;
  db: ClinicDb;
  origin: AppOrigin;
  secrets: SecretBox;
}): () => void {
  const { registry, db, origin, secrets } = options;

  ipcMain.handle(
    CALL_CHANNEL,
    (event, name: unknown, input: unknown, meta: unknown): BridgeResult => {
      if (!isTrustedSender(origin, event.senderFrame)) {
        console.warn(
          `[clinicdesk] refused an API call from ${event.senderFrame?.url ?? 'a closed frame'}`,
        );
        return refuse('This page is not allowed to use ClinicDesk.');
      }
      if (typeof name !== 'string') return refuse('The operation name must be text.');
      if (input === null || typeof input !== 'object' || Array.isArray(input))
        return refuse('The input must be an object.');
      const actor = actorOf(meta);
      return registry.call(name, input, {
        db,
        origin: 'ipc',
        secrets,
        ...(actor ? { actor } : {}),
      });
    },
  );

  const unsubscribe = registry.onChange((change) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed() && !win.webContents.isDestroyed())
        win.webContents.send(EVENT_CHANNEL, change);
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(CALL_CHANNEL);
  };
}
