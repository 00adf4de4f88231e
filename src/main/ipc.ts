/**
 * The IPC transport over the API registry (the HTTP host is the other one): one channel for
 * calls, one for change events. Same envelope as HTTP: `{ ok: true, data }` or
 * `{ ok: false, error: { code, message, field? } }`, so the renderer's client unwraps both alike.
 * Async operations (api/asyncOps.ts: Google sign-in) travel on the same channel and answer with a
 * promise; the preload stays `call` and `on`.
 */
import { BrowserWindow, ipcMain, shell } from 'electron';
import type { ClinicDb } from '../core/db/open';
import type { Registry } from '../core/api';
import {
  asyncOps,
  hasAsyncOp,
  isGoogleSignInPage,
  runAsyncOp,
  type AsyncOpSetup,
} from '../core/api/asyncOps';
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

/**
 * The system browser, for Google's sign-in page only: the address comes from our own main process,
 * but is checked again here because this is where a page could end up opening anything.
 */
function openSignInPage(url: string, setup: AsyncOpSetup): Promise<void> {
  if (!isGoogleSignInPage(url, setup.googleTestEndpoints?.authUrl)) {
    console.warn(`[clinicdesk] refused to open ${url} for sign-in`);
    return Promise.reject(new Error('only Google’s sign-in page may be opened'));
  }
  return shell.openExternal(url);
}

export function registerIpc(options: {
  registry: Registry;
  db: ClinicDb;
  origin: AppOrigin;
  secrets: SecretBox;
  /** Defaults to every async operation with Google's real addresses. */
  asyncOps?: AsyncOpSetup;
}): () => void {
  const { registry, db, origin, secrets } = options;
  const setup: AsyncOpSetup = options.asyncOps ?? { ops: asyncOps };

  ipcMain.handle(
    CALL_CHANNEL,
    (event, name: unknown, input: unknown, meta: unknown): BridgeResult | Promise<BridgeResult> => {
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
      if (hasAsyncOp(setup.ops, name)) {
        return runAsyncOp({
          ops: setup.ops,
          name,
          input,
          deps: {
            db,
            registry,
            secrets,
            clock: Date.now,
            openBrowser: (url) => openSignInPage(url, setup),
            actor,
            googleTestEndpoints: setup.googleTestEndpoints,
          },
        });
      }
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
