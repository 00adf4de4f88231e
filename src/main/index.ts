/**
 * The desktop app: one window over the clinic database in the data folder, and (when an
 * administrator turns it on) the office network's HTTPS host for the other desks. Thin on purpose —
 * the clinic logic is in src/core (the office host in core/host/officeHost.ts), the hardening in
 * ./security, the IPC bridge in ./ipc.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { createApi } from '../core/api';
import { DB_FILE_NAME, MigrationMismatchError, openDatabase, type ClinicDb } from '../core/db/open';
import { DRAIN_TIMEOUT_MS } from '../core/host/jobs';
import { startClinicJobRunner, type LeasedJobRunner } from '../core/host/leasedJobs';
import { startOfficeHost, type OfficeHost } from '../core/host/officeHost';
import { SECRET_KEY_FILE } from '../core/secrets/secretBox';
import { chooseDataDir } from './dataDir';
import { desktopSecretBox } from './secrets';
import { registerIpc } from './ipc';
import {
  appOrigin,
  hardenSession,
  installAppHardening,
  secureWebPreferences,
  type AppOrigin,
} from './security';

// out/main/index.js -> out/preload/index.cjs, out/renderer/index.html
const here = path.dirname(fileURLToPath(import.meta.url));
const PRELOAD_FILE = path.join(here, '..', 'preload', 'index.cjs');
const INDEX_FILE = path.join(here, '..', 'renderer', 'index.html');

let mainWindow: BrowserWindow | null = null;
let db: ClinicDb | null = null;
let disposeIpc: (() => void) | null = null;
let jobs: LeasedJobRunner | null = null;
let office: OfficeHost | null = null;
let drained = false;

function createWindow(origin: AppOrigin): BrowserWindow {
  const win = new BrowserWindow({
    title: 'ClinicDesk',
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#f5f7fa',
    webPreferences: secureWebPreferences(PRELOAD_FILE),
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-fail-load', (_e, code, description, url) => {
    console.error(`[clinicdesk] the window failed to load ${url}: ${description} (${code})`);
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  const load =
    origin.load.kind === 'url' ? win.loadURL(origin.load.url) : win.loadFile(origin.load.file);
  load.catch((err: unknown) => console.error('[clinicdesk] the window failed to load', err));
  return win;
}

/** The database refused to open: say why in words, offer the folder, and quit. */
async function explainOpenFailure(err: unknown, dataDir: string): Promise<void> {
  const file = path.join(dataDir, DB_FILE_NAME);
  const mismatch = err instanceof MigrationMismatchError;
  const reason = err instanceof Error ? err.message : String(err);
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'ClinicDesk cannot open its database',
    message: mismatch
      ? 'This clinic database was written by a different version of ClinicDesk.'
      : 'ClinicDesk cannot open the clinic database.',
    detail:
      `${reason}\n\nDatabase: ${file}\n\n` +
      'Nothing was changed. You can start ClinicDesk with another data folder: --data "FOLDER".',
    buttons: ['Quit', 'Show the data folder'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  if (response === 1) await shell.openPath(dataDir);
}

async function start(): Promise<void> {
  await app.whenReady();
  const origin = appOrigin({
    indexFile: INDEX_FILE,
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
  });
  hardenSession(session.defaultSession, origin);

  let dataDir = app.getPath('userData');
  try {
    dataDir = chooseDataDir({
      argv: process.argv,
      env: process.env,
      userData: app.getPath('userData'),
    });
    db = openDatabase({ file: path.join(dataDir, DB_FILE_NAME) });
  } catch (err) {
    console.error('[clinicdesk] could not open the database', err);
    await explainOpenFailure(err, dataDir);
    app.exit(1);
    return;
  }
  console.log(`[clinicdesk] using ${db.file}`);

  const registry = createApi();
  const secrets = desktopSecretBox(path.join(dataDir, SECRET_KEY_FILE));
  // The office network (Settings → Network): off until an administrator turns it on; then the
  // other desks open this PC's https address, served by the same host as browser mode.
  office = await startOfficeHost({
    dataDir,
    db,
    registry,
    secrets,
    clock: Date.now,
    staticDir: path.dirname(INDEX_FILE),
    thisPcOnly: null,
    log: (line) => console.log(`[clinicdesk] ${line}`),
  });
  disposeIpc = registerIpc({ registry, db, origin, secrets, network: office.network });
  jobs = startClinicJobRunner({ db, registry, secrets, clock: Date.now });
  mainWindow = createWindow(origin);

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow(origin);
  });
}

installAppHardening();

// One desktop app per user: a second launch focuses the first window instead of opening the
// database again from another process.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Quitting waits (up to 10 s) for sends in flight before the database is closed under them: a
  // text Twilio accepted must be recorded, or the next start could not tell it was sent.
  app.on('before-quit', (event) => {
    if (drained || !jobs) return;
    event.preventDefault();
    const runner = jobs;
    // The other desks' requests in flight are answered before the database closes under them.
    const host = office;
    office = null;
    void Promise.all([
      runner.drain(DRAIN_TIMEOUT_MS).then((r) => {
        if (!r.finished)
          console.error(`[clinicdesk] quit while still running: ${r.stillRunning.join(', ')}`);
      }),
      host?.close().catch((err: unknown) => {
        console.error('[clinicdesk] the office network host did not close cleanly', err);
      }),
    ]).finally(() => {
      drained = true;
      app.quit();
    });
  });
  app.on('will-quit', () => {
    void office?.close();
    office = null;
    disposeIpc?.();
    db?.close();
    db = null;
  });
  start().catch((err: unknown) => {
    console.error('[clinicdesk] failed to start', err);
    dialog.showErrorBox(
      'ClinicDesk failed to start',
      err instanceof Error ? (err.stack ?? err.message) : String(err),
    );
    app.exit(1);
  });
}
