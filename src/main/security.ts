/**
 * Every window-hardening rule of the desktop app, in one place (the model is Actual Budget's
 * desktop-electron/security.ts). The renderer is our own bundle loaded from file:// (or, in
 * development, the electron-vite dev server); it never loads remote content, never navigates,
 * never opens windows, is never granted a permission, and talks to the main process only through
 * the preload's `call`/`on`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  shell,
  type BrowserWindowConstructorOptions,
  type Session,
  type WebContents,
  type WebFrameMain,
} from 'electron';
import { CONTENT_SECURITY_POLICY } from '../core/host/csp';

/** One policy for every transport: see src/core/host/csp.ts. */
export { CONTENT_SECURITY_POLICY };

/**
 * The development server only: @vitejs/plugin-react injects an inline React Refresh preamble and
 * Vite's client opens a websocket to the dev server. Never used by a packaged app.
 */
function devServerPolicy(devOrigin: string): string {
  const ws = devOrigin.replace(/^http/, 'ws');
  return CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'",
    "script-src 'self' 'unsafe-inline'",
  ).replace("connect-src 'self'", `connect-src 'self' ${ws}`);
}

/** Where the app's own page lives: the built index.html, or the dev server (unpackaged only). */
export interface AppLocation {
  /** Absolute path of out/renderer/index.html. */
  indexFile: string;
  /** ELECTRON_RENDERER_URL from `electron-vite dev`; ignored when the app is packaged. */
  devServerUrl?: string | undefined;
}

export interface AppOrigin {
  /** What the window loads. */
  load: { kind: 'file'; file: string } | { kind: 'url'; url: string };
  /** True when `url` is the app's own page (any hash or query), and nothing else. */
  isAppUrl(url: string): boolean;
  devOrigin: string | null;
}

export function appOrigin(location: AppLocation): AppOrigin {
  const devOrigin =
    location.devServerUrl && !app.isPackaged ? originOf(location.devServerUrl) : null;
  const indexFile = path.resolve(location.indexFile);
  const sameFile = (a: string, b: string) =>
    process.platform === 'win32' || process.platform === 'darwin'
      ? a.toLowerCase() === b.toLowerCase()
      : a === b;
  return {
    load:
      devOrigin && location.devServerUrl
        ? { kind: 'url', url: location.devServerUrl }
        : { kind: 'file', file: indexFile },
    devOrigin,
    isAppUrl(raw) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return false;
      }
      if (devOrigin) return url.origin === devOrigin;
      if (url.protocol !== 'file:' || url.host !== '') return false;
      try {
        return sameFile(path.resolve(fileURLToPath(url)), indexFile);
      } catch {
        return false;
      }
    },
  };
}

function originOf(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** The only web preferences a ClinicDesk window is created with. */
export function secureWebPreferences(
  preloadFile: string,
): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadFile,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: !app.isPackaged,
  };
}

/**
 * Links a receptionist may follow (a payer's portal, a map) open in the system browser, never in
 * the app: https only, no user:password@ part, a real host name.
 */
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.hostname.includes('.') &&
    !/[\s<>"]/.test(raw)
  );
}

/** True when an IPC message comes from the main frame of the app's own page. */
export function isTrustedSender(
  origin: AppOrigin,
  frame: WebFrameMain | null | undefined,
): boolean {
  if (!frame || frame.parent !== null) return false;
  return origin.isAppUrl(frame.url);
}

/** Session-wide rules: no permissions, CSP on every http(s) response, no remote requests. */
export function hardenSession(session: Session, origin: AppOrigin): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);

  // file:// responses carry no headers (the meta tag in index.html applies there); this covers the
  // dev server and anything else served over http.
  session.webRequest.onHeadersReceived((details, callback) => {
    const fromDev = origin.devOrigin !== null && details.url.startsWith(origin.devOrigin);
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          fromDev && origin.devOrigin ? devServerPolicy(origin.devOrigin) : CONTENT_SECURITY_POLICY,
        ],
      },
    });
  });

  // No remote content: the only network peer allowed is the dev server in development.
  session.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] },
    (details, callback) => {
      const devWs = origin.devOrigin?.replace(/^http/, 'ws');
      const allowed =
        origin.devOrigin !== null &&
        (details.url.startsWith(`${origin.devOrigin}/`) ||
          (devWs !== undefined && details.url.startsWith(devWs)));
      if (!allowed) console.warn(`[clinicdesk] blocked a request to ${details.url}`);
      callback({ cancel: !allowed });
    },
  );
}

/** Per-page rules, installed on every web contents as it is created. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    console.warn(`[clinicdesk] blocked navigation to ${url}`);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    console.warn(`[clinicdesk] blocked redirect to ${url}`);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      shell.openExternal(url).catch((err: unknown) => {
        console.warn(`[clinicdesk] could not open ${url} in the browser`, err);
      });
    } else {
      console.warn(`[clinicdesk] blocked window.open(${url})`);
    }
    return { action: 'deny' };
  });
}

/** Call once, before `app.whenReady()`. */
export function installAppHardening(): void {
  // Every renderer sandboxed, whatever a future window forgets to pass.
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
