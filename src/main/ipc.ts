/**
 * The IPC transport (the HTTP host is the other one): one channel for calls, one for change
 * events. It checks the sender and hands the envelope to the one dispatcher
 * (api/registry.ts `dispatchEnvelope`), which answers `{ ok: true, data }` or
 * `{ ok: false, error: { code, message, field? } }` exactly as over HTTP. Async operations (Google
 * sign-in) travel on the same channel and answer with a promise; the preload stays `call` and `on`.
 * Each window's sign-in session lives here, in the main process, keyed by the window's web
 * contents: the page itself never holds the token, and closing the window forgets it.
 */
import { BrowserWindow, ipcMain, shell } from 'electron';
import type { ClinicDb } from '../core/db/open';
import { dispatchEnvelope, type Registry } from '../core/api/registry';
import type { GoogleTestEndpoints, NetworkService, SessionCarrier } from '../core/api/handler';
import { isGoogleSignInPage } from '../core/calsync/google/signInPage';
import { sessionStillOpen } from '../core/accounts/service/sessions';
import type { SecretBox } from '../core/secrets/secretBox';
import { CALL_CHANNEL, EVENT_CHANNEL, type BridgeResult } from '../preload/bridge';
import { registerPdf } from './pdf';
import { isTrustedSender, type AppOrigin } from './security';

function refuse(message: string): BridgeResult {
  return { ok: false, error: { code: 'VALIDATION', message } };
}

function actorOf(meta: unknown): unknown {
  if (meta === null || typeof meta !== 'object' || !('actor' in meta)) return undefined;
  return (meta as { actor: unknown }).actor;
}

/**
 * The system browser, for Google's sign-in page only: the address comes from our own main process,
 * but is checked again here because this is where a page could end up opening anything.
 */
function openSignInPage(url: string, test: GoogleTestEndpoints | undefined): Promise<void> {
  if (!isGoogleSignInPage(url, test?.authUrl)) {
    console.warn(`[clinicdesk] refused to open ${url} for sign-in`);
    return Promise.reject(new Error('only Google’s sign-in page may be opened'));
  }
  return shell.openExternal(url);
}

/** One window's session token, kept in the main process (see the carrier in the dispatcher). */
export function windowSessions() {
  const tokens = new WeakMap<object, string>();
  return {
    carrier(window: object): SessionCarrier {
      return {
        get token() {
          return tokens.get(window) ?? null;
        },
        establish: (token) => void tokens.set(window, token),
        clear: () => void tokens.delete(window),
      };
    },
  };
}

export function registerIpc(options: {
  registry: Registry;
  db: ClinicDb;
  origin: AppOrigin;
  secrets: SecretBox;
  /** The Google stand-in's addresses, tests only; set by whoever starts the app. */
  googleTestEndpoints?: GoogleTestEndpoints;
  /** Settings → Network: the office-network host this app runs (core/host/officeHost.ts). */
  network?: NetworkService;
}): () => void {
  const { registry, db, origin, secrets } = options;
  const test = options.googleTestEndpoints;
  const env = {
    db,
    secrets,
    services: {
      openBrowser: (url: string) => openSignInPage(url, test),
      googleTestEndpoints: test,
      network: options.network,
    },
  };

  const sessions = windowSessions();
  ipcMain.handle(
    CALL_CHANNEL,
    (event, name: unknown, input: unknown, meta: unknown): BridgeResult | Promise<BridgeResult> => {
      if (!isTrustedSender(origin, event.senderFrame)) {
        console.warn(
          `[clinicdesk] refused an API call from ${event.senderFrame?.url ?? 'a closed frame'}`,
        );
        return refuse('This page is not allowed to use ClinicDesk.');
      }
      return dispatchEnvelope({
        registry,
        env,
        name,
        input,
        actor: actorOf(meta),
        origin: 'ipc',
        clock: Date.now,
        // The window that called (its web contents outlive a reload, as a cookie would).
        session: sessions.carrier((event as { sender?: object }).sender ?? event.senderFrame!),
      });
    },
  );

  const unsubscribe = registry.onChange((change) => {
    const now = Date.now();
    for (const win of BrowserWindow.getAllWindows()) {
      if (win.isDestroyed() || win.webContents.isDestroyed()) continue;
      // Live changes are for signed-in windows only (a locked one too), as over HTTP.
      if (!sessionStillOpen(db, sessions.carrier(win.webContents).token, now)) continue;
      win.webContents.send(EVENT_CHANNEL, change);
    }
  });

  const disposePdf = registerPdf(origin);

  return () => {
    unsubscribe();
    disposePdf();
    ipcMain.removeHandler(CALL_CHANNEL);
  };
}
