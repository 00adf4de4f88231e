/**
 * The built desktop main process (out/main/index.js), run under plain Node with a recorded fake
 * of Electron's API (test/e2e/fakeElectron): Electron's binary cannot be downloaded here, but the
 * bundle's wiring can still be checked — migrations found beside it, the data folder chosen, the
 * window hardened, IPC calls checked and answered, changes pushed, a refusing database explained.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME, openDatabase } from '../../src/core/db/open';
import { tempDir } from '../helpers/tinyClinic';
import { ROOT } from './browser';

const MAIN_BUNDLE = path.join(ROOT, 'out', 'main', 'index.js');
const DRIVER = path.join(ROOT, 'test', 'e2e', 'fakeElectron', 'drive.mjs');

interface Report {
  sandboxed: boolean;
  exitCode: number | null;
  dialogs: { title?: string; message?: string; detail?: string }[];
  windows: number;
  webPreferences?: Record<string, unknown>;
  preloadExists?: boolean;
  loaded?: { file?: string; url?: string };
  loadedExists?: boolean;
  calls?: Record<
    string,
    { ok: boolean; data?: unknown; error?: { code: string; message: string } }
  >;
  sent?: { channel: string; payload: unknown }[];
  sentToUnsignedWindow?: { channel: string; payload: unknown }[];
  navigationPrevented?: boolean;
  windowOpen?: { url: string; result: { action: string } }[];
  openedExternally?: string[];
  mediaGranted?: boolean;
  csp?: string[];
  remoteRequestCancelled?: boolean;
  pdf?: {
    fromApp: { saved: boolean; path?: string; error?: string };
    fromRemote: { saved: boolean; path?: string; error?: string };
    printed: Record<string, unknown>[];
    saveDialogs: { title?: string; defaultPath?: string; hadOwner?: boolean }[];
    fileHead?: string;
    fileMode?: number;
  };
}

function runMain(args: string[], env: Record<string, string>): Report {
  const result = spawnSync(process.execPath, [DRIVER, MAIN_BUNDLE, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env, ELECTRON_RENDERER_URL: '' },
    timeout: 30_000,
  });
  const line = result.stdout.split('\n').find((l) => l.startsWith('REPORT '));
  if (!line)
    throw new Error(`the main process gave no report:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(line.slice('REPORT '.length)) as Report;
}

describe('the desktop main process (built bundle, fake Electron)', () => {
  it('opens the database in --data, hardens the window and answers only its own page', () => {
    const dataDir = tempDir('clinicdesk-main-');
    const userData = tempDir('clinicdesk-userdata-');
    const documents = tempDir('clinicdesk-documents-');
    const saveAs = path.join(documents, 'chosen.pdf');
    const r = runMain(['--data', dataDir], {
      FAKE_USER_DATA: userData,
      CLINICDESK_DATA: '',
      FAKE_DOCUMENTS: documents,
      FAKE_SAVE_AS: saveAs,
    });

    expect(r.exitCode).toBeNull();
    expect(r.dialogs).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, DB_FILE_NAME))).toBe(true);
    expect(fs.readdirSync(userData)).toEqual([]);

    expect(r.sandboxed).toBe(true);
    expect(r.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(r.preloadExists).toBe(true);
    expect(r.webPreferences?.preload).toMatch(/out[\\/]preload[\\/]index\.cjs$/);
    expect(r.loaded?.file).toMatch(/out[\\/]renderer[\\/]index\.html$/);
    expect(r.loadedExists).toBe(true);

    const calls = r.calls!;
    expect(calls.status).toMatchObject({ ok: true, data: { setupState: 'new' } });
    expect(calls.beforeSignIn).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(calls.firstAdmin).toMatchObject({ ok: true, data: { user: { username: 'dana' } } });
    for (const refused of ['fromRemotePage', 'fromOtherFile', 'fromSubframe', 'fromClosedFrame']) {
      expect(calls[refused], refused).toEqual({
        ok: false,
        error: { code: 'VALIDATION', message: 'This page is not allowed to use ClinicDesk.' },
      });
    }
    expect(calls.arrayInput).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(calls.unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
    expect(calls.connectGoogleBadClient).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'clientId' },
    });
    expect(calls.connectGoogleNoProvider).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'providerId' },
    });
    expect(calls.startEmpty).toMatchObject({ ok: true, data: { name: 'Desk Test Clinic' } });
    expect(r.sent).toEqual([{ channel: 'clinicdesk:event', payload: { topic: 'clinic' } }]);
    // Only signed-in windows hear about changes.
    expect(r.sentToUnsignedWindow).toEqual([]);

    expect(r.navigationPrevented).toBe(true);
    expect(r.windowOpen?.every((w) => w.result.action === 'deny')).toBe(true);
    expect(r.openedExternally).toEqual(['https://www.cms.gov/medicare']);
    expect(r.mediaGranted).toBe(false);
    expect(r.csp?.[0]).toContain("script-src 'self';");
    expect(r.remoteRequestCancelled).toBe(true);

    // Save as PDF: offered in Documents under a cleaned name, rendered by printToPDF, written
    // where the user chose, owner-only; a foreign page is refused before any dialog opens.
    expect(r.pdf!.saveDialogs).toEqual([
      {
        title: 'Save as PDF',
        defaultPath: path.join(documents, 'Reports 2026-11-01 to 2026-11-28.pdf'),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
        hadOwner: true,
      },
    ]);
    expect(r.pdf!.printed).toEqual([
      { landscape: true, printBackground: true, pageSize: 'Letter' },
    ]);
    expect(r.pdf!.fromApp).toEqual({ saved: true, path: saveAs });
    expect(r.pdf!.fileHead).toBe('%PDF-1.7');
    expect(r.pdf!.fileMode).toBe(0o600);
    expect(r.pdf!.fromRemote).toEqual({
      saved: false,
      error: 'This page is not allowed to use ClinicDesk.',
    });

    // The change was written over IPC, by the person signed in on that window.
    const db = openDatabase({ file: path.join(dataDir, DB_FILE_NAME) });
    try {
      const audit = db.sqlite
        .prepare("SELECT actor, origin FROM audit_log WHERE action = 'setup.startedEmpty'")
        .all();
      expect(audit).toEqual([{ actor: 'Dana at the desk', origin: 'ipc' }]);
    } finally {
      db.close();
    }
  });

  it('explains a database written by another version, and quits without touching it', () => {
    const dataDir = tempDir('clinicdesk-main-');
    const file = path.join(dataDir, DB_FILE_NAME);
    const newer = openDatabase({ file });
    newer.sqlite
      .prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
      .run('a-schema-change-from-a-newer-version', Date.now());
    newer.close();
    const before = fs.readFileSync(file);

    const r = runMain([], { CLINICDESK_DATA: dataDir, FAKE_USER_DATA: tempDir() });

    expect(r.exitCode).toBe(1);
    expect(r.windows).toBe(0);
    expect(r.dialogs).toHaveLength(1);
    expect(r.dialogs[0]).toMatchObject({
      title: 'ClinicDesk cannot open its database',
      message: 'This clinic database was written by a different version of ClinicDesk.',
    });
    expect(r.dialogs[0]!.detail).toContain('written by a newer version of ClinicDesk');
    expect(r.dialogs[0]!.detail).toContain(file);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
