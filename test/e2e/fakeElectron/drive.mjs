/**
 * node drive.mjs MAIN_BUNDLE [app args…]: runs the built main process against the fake Electron,
 * plays a renderer's and an attacker's part, and prints what happened as one JSON line.
 */
import { register } from 'node:module';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

register('./hooks.mjs', import.meta.url);
const bundle = process.argv[2];
await import(pathToFileURL(bundle).href);
const { BrowserWindow } = await import('electron');
const state = globalThis.__fakeElectron;

const deadline = Date.now() + 10_000;
while (state.windows.length === 0 && state.exitCode === undefined && Date.now() < deadline)
  await new Promise((r) => setTimeout(r, 20));

const report = {
  sandboxed: state.sandboxed,
  exitCode: state.exitCode ?? null,
  dialogs: state.dialogs,
  windows: state.windows.length,
};

if (state.windows.length > 0) {
  const win = state.windows[0];
  const wc = win.webContents;
  const prefs = { ...win.options.webPreferences };
  report.webPreferences = prefs;
  report.preloadExists = fs.existsSync(prefs.preload);
  report.loaded = win.loaded;
  report.loadedExists = win.loaded?.file ? fs.existsSync(win.loaded.file) : false;

  const call = state.handlers.get('clinicdesk:call');
  const appFrame = { url: `${pathToFileURL(win.loaded.file).href}#today`, parent: null };
  report.calls = {
    status: await call({ senderFrame: appFrame, sender: wc }, 'setup/status', {}, {}),
    // Everything but sign-in and the set-up status needs the window to be signed in.
    beforeSignIn: await call(
      { senderFrame: appFrame, sender: wc },
      'setup/startEmpty',
      { name: 'Too Early Clinic', timeZone: 'America/Denver' },
      {},
    ),
    firstAdmin: await call(
      { senderFrame: appFrame, sender: wc },
      'auth/createFirstAdmin',
      { username: 'dana', displayName: 'Dana at the desk', password: 'quiet lantern harbor 42' },
      {},
    ),
    fromRemotePage: await call(
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      'setup/status',
      {},
      {},
    ),
    fromOtherFile: await call(
      { senderFrame: { url: 'file:///tmp/index.html', parent: null } },
      'setup/status',
      {},
      {},
    ),
    fromSubframe: await call(
      { senderFrame: { ...appFrame, parent: appFrame } },
      'setup/status',
      {},
      {},
    ),
    fromClosedFrame: await call({ senderFrame: null }, 'setup/status', {}, {}),
    arrayInput: await call({ senderFrame: appFrame, sender: wc }, 'setup/status', [], {}),
    unknown: await call({ senderFrame: appFrame, sender: wc }, 'nothing/here', {}, {}),
    // Async operations share the channel: answered by api/asyncOps.ts, not "no such operation".
    connectGoogleBadClient: await call(
      { senderFrame: appFrame, sender: wc },
      'calendars/connectGoogle',
      { providerId: 1, clientId: 'not-a-google-client' },
      {},
    ),
    connectGoogleNoProvider: await call(
      { senderFrame: appFrame, sender: wc },
      'calendars/connectGoogle',
      { providerId: 1, clientId: '1234-abc.apps.googleusercontent.com' },
      {},
    ),
    // A second window that never signs in: live changes must not reach it.
    otherWindow: (() => {
      report.unsignedWindow = new BrowserWindow({ webPreferences: {} });
      return null;
    })(),
    startEmpty: await call(
      { senderFrame: appFrame, sender: wc },
      'setup/startEmpty',
      { name: 'Desk Test Clinic', timeZone: 'America/Denver' },
      { actor: 'Dana at the desk' },
    ),
  };
  // Save as PDF: the page sends a name only; main renders the page and writes where the user chose.
  const pdf = state.handlers.get('clinicdesk:savePdf');
  report.pdf = {
    fromApp: await pdf(
      { senderFrame: appFrame, sender: wc },
      '../Reports: 2026-11-01 to 2026-11-28',
    ),
    fromRemote: await pdf(
      { senderFrame: { url: 'https://evil.example/', parent: null }, sender: wc },
      'x',
    ),
    printed: state.printed,
    saveDialogs: state.saveDialogs,
  };
  if (report.pdf.fromApp.saved) {
    const st = fs.statSync(report.pdf.fromApp.path);
    report.pdf.fileHead = fs.readFileSync(report.pdf.fromApp.path).subarray(0, 8).toString();
    report.pdf.fileMode = st.mode & 0o777;
  }
  report.sent = wc.sent;
  report.sentToUnsignedWindow = report.unsignedWindow.webContents.sent;
  delete report.unsignedWindow;

  let prevented = false;
  for (const l of wc.listeners['will-navigate'] ?? [])
    l({ preventDefault: () => (prevented = true) }, 'https://evil.example/');
  report.navigationPrevented = prevented;
  report.windowOpen = [
    'https://www.cms.gov/medicare',
    'http://plain.example/',
    'file:///etc/passwd',
    'https://user:pw@bank.example/',
  ].map((url) => ({ url, result: wc.windowOpenHandler({ url }) }));
  report.openedExternally = state.opened;
  state.session.permissionRequest(wc, 'media', (granted) => (report.mediaGranted = granted));
  state.session.onHeadersReceived({ url: 'http://127.0.0.1/x', responseHeaders: {} }, (r) => {
    report.csp = r.responseHeaders['Content-Security-Policy'];
  });
  state.session.onBeforeRequest.h({ url: 'https://cdn.example/lib.js' }, (r) => {
    report.remoteRequestCancelled = r.cancel;
  });

  // Quit: the app closes its database.
  state.appListeners.get('will-quit')?.forEach((l) => l());
}

process.stdout.write(`REPORT ${JSON.stringify(report)}\n`);
process.exit(0);
