/**
 * Backups through the API on a real data folder: a backup restores to the same rows; a damaged,
 * cut-short or wrong-passphrase backup is refused with a clear error and the live database is
 * left as it was; a process killed while writing one leaves only a .partial that is never
 * offered, and the next backup clears it away.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallResult } from '../../src/core/api/registry';
import { verifyAuditChain } from '../../src/core/audit/service/verify';
import { backupDue } from '../../src/core/backup/service/backups';
import { buildTinyClinic, openTestApi, tempDir, type TestApi } from '../helpers/tinyClinic';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKER = path.join(ROOT, 'test', 'helpers', 'backupWorker.ts');
const PASSPHRASE = 'correct horse battery staple';

let t: TestApi;
let c: ReturnType<typeof buildTinyClinic>;
let folder: string;
beforeEach(() => {
  t = openTestApi();
  c = buildTinyClinic(t);
  folder = tempDir('clinicdesk-backups-');
});
afterEach(() => {
  t.close();
  fs.rmSync(folder, { recursive: true, force: true });
  fs.rmSync(t.dir, { recursive: true, force: true });
});

function dispatch(name: string, input: unknown): Promise<CallResult> {
  return t.registry.dispatch(
    name,
    input,
    { actor: 'Olga (admin)', origin: 'test', clock: () => t.now },
    { db: t.db, secrets: t.secrets },
  );
}
async function ok<T = Record<string, unknown>>(name: string, input: unknown): Promise<T> {
  const r = await dispatch(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.data as T;
}

/** Everything the clinic holds that a restore must bring back, table by table. */
function snapshot(): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['patients', 'appointments', 'providers', 'weekly_schedules', 'audit_log'])
    out[table] = t.db.sqlite.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
  return out;
}
function fileHash(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

async function configured(): Promise<void> {
  await ok('backup/configure', { folder, passphrase: PASSPHRASE });
}

describe('backup and restore', () => {
  it('configures without storing the passphrase, backs up, verifies, and restores the same rows', async () => {
    expect((await dispatch('backup/now', {})).ok).toBe(false); // not set up yet
    await configured();
    const settings = t.db.sqlite.prepare('SELECT * FROM backup_settings').get() as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(settings)).not.toContain(PASSPHRASE);
    expect(settings.key_sealed).toEqual(expect.any(String));

    const before = snapshot();
    const b = await ok<{
      id: number;
      file: string;
      status: string;
      counts: Record<string, number>;
    }>('backup/now', {});
    expect(b).toMatchObject({ status: 'verified' });
    expect(b.counts.patients).toBe(2);
    expect(fs.readdirSync(folder)).toEqual([b.file]);
    // Encrypted: no patient's name in the file.
    expect(fs.readFileSync(path.join(folder, b.file)).includes('Lopez')).toBe(false);

    const status = await ok<{ lastGood: { id: number } | null; warning: string | null }>(
      'backup/status',
      {},
    );
    expect(status.lastGood?.id).toBe(b.id);
    expect(status.warning).toBeNull();

    // Work goes on after the backup …
    t.call('patients/create', { firstName: 'Late', lastName: 'Comer', dateOfBirth: '1990-01-01' });
    t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-03T10:00:00-05:00',
    });
    t.now += 3600_000;
    // … and the restore brings back exactly what was backed up.
    const r = await ok<{ keptAside: string; counts: Record<string, number> }>('backup/restore', {
      file: b.file,
    });
    expect(fs.existsSync(r.keptAside)).toBe(true);
    const after = snapshot();
    const restoredAudit = after.audit_log as { action: string }[];
    expect(restoredAudit.slice(0, before.audit_log!.length)).toEqual(before.audit_log);
    expect(restoredAudit.slice(before.audit_log!.length).map((a) => a.action)).toEqual([
      'backup.restored',
    ]);
    for (const table of ['patients', 'appointments', 'providers', 'weekly_schedules'])
      expect(after[table]).toEqual(before[table]);
    // The same ClinicDb works on the restored file, and the chain still holds.
    expect(t.call('patients/search', { query: 'Comer' })).toHaveLength(0);
    expect(verifyAuditChain({ sqlite: t.db.sqlite, key: t.db.auditKey! }).ok).toBe(true);
    expect((await ok<{ restorable: { id: number }[] }>('backup/status', {})).restorable).toEqual([
      expect.objectContaining({ id: b.id, status: 'verified' }),
    ]);
  });

  it('refuses a damaged backup and leaves the live database untouched', async () => {
    await configured();
    const b = await ok<{ file: string }>('backup/now', {});
    const file = path.join(folder, b.file);
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    fs.writeFileSync(file, bytes);
    t.call('patients/create', { firstName: 'Still', lastName: 'Here', dateOfBirth: '1990-01-01' });
    t.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const live = path.join(t.dir, 'clinicdesk.db');
    const hash = fileHash(live);
    const before = snapshot();

    const r = await dispatch('backup/restore', { file: b.file });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'INVALID_STATE', field: 'file' });
    expect(r.error.message).toMatch(
      /^This backup is damaged: part \d+ does not match its checksum \(the file was changed or corrupted\)\. Nothing was changed\.$/,
    );
    expect(fileHash(live)).toBe(hash);
    expect(snapshot()).toEqual(before);
    expect(fs.readdirSync(t.dir).filter((f) => f.includes('restore'))).toEqual([]);
  });

  it('refuses a backup cut short', async () => {
    await configured();
    const b = await ok<{ file: string }>('backup/now', {});
    const file = path.join(folder, b.file);
    fs.truncateSync(file, fs.statSync(file).size - 100);
    const r = await dispatch('backup/restore', { file: b.file });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^This backup is incomplete/);
  });

  it('refuses a wrong passphrase, and restores with the right one after the passphrase changed', async () => {
    await configured();
    const b = await ok<{ file: string }>('backup/now', {});
    const before = snapshot();
    const wrong = await dispatch('backup/restore', {
      file: b.file,
      passphrase: 'not the passphrase at all',
    });
    expect(wrong).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        field: 'passphrase',
        message:
          'The passphrase does not open this backup (it was made with a different backup passphrase). Nothing was changed.',
      },
    });
    expect(snapshot()).toEqual(before);
    // A new passphrase: the stored key no longer opens the old backup, the old passphrase does.
    await ok('backup/configure', { folder, passphrase: 'a brand new passphrase' });
    const stale = await dispatch('backup/restore', { file: b.file });
    expect(stale).toMatchObject({ ok: false, error: { field: 'passphrase' } });
    if (!stale.ok) expect(stale.error.message).toMatch(/enter that passphrase/);
    expect((await dispatch('backup/restore', { file: b.file, passphrase: PASSPHRASE })).ok).toBe(
      true,
    );
  });

  it('a process killed while writing leaves only a .partial, never listed; the next backup clears it', async () => {
    await configured();
    t.call('patients/create', { firstName: 'Big', lastName: 'Enough', dateOfBirth: '1990-01-01' });
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, t.dir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('frame 5\n')) {
          child.kill('SIGKILL');
          resolve();
        }
        if (out.includes('done')) reject(new Error('the backup finished before it was killed'));
      });
      child.once('exit', () => reject(new Error(`the worker ended by itself: ${err}`)));
    });
    expect(await exited).toBe('SIGKILL');
    const files = fs.readdirSync(folder);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.cdbackup\.partial$/);
    const status = await ok<{
      lastGood: unknown;
      restorable: unknown[];
      warning: string;
    }>('backup/status', {});
    expect(status.lastGood).toBeNull();
    expect(status.restorable).toEqual([]);
    expect(status.warning).toBe('No backup has been verified yet.');
    // Nor can it be restored by name.
    const r = await dispatch('backup/restore', { file: files[0] });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // The next backup marks the interrupted one failed and removes its file.
    const b = await ok<{ file: string }>('backup/now', {});
    expect(fs.readdirSync(folder)).toEqual([b.file]);
    const rows = t.db.sqlite.prepare('SELECT status, error FROM backups ORDER BY id').all();
    expect(rows).toEqual([
      { status: 'failed', error: 'Interrupted: ClinicDesk stopped while writing this backup.' },
      { status: 'verified', error: null },
    ]);
  });

  it('warns when the last verified backup is more than a day old, and schedules the next one', async () => {
    await configured();
    expect(backupDue(t.db, t.now)).toBe(true);
    await ok('backup/now', {});
    expect(backupDue(t.db, t.now + 3600_000)).toBe(false);
    expect(backupDue(t.db, t.now + 4 * 3600_000)).toBe(true);
    t.now += 26 * 3600_000;
    const s = await ok<{ warning: string }>('backup/status', {});
    expect(s.warning).toBe('The last verified backup is 26 hours old.');
  });

  it('refuses a relative folder, the data folder itself, and a short passphrase', async () => {
    expect(
      await dispatch('backup/configure', { folder: 'backups', passphrase: PASSPHRASE }),
    ).toMatchObject({ ok: false, error: { field: 'folder' } });
    expect(
      await dispatch('backup/configure', { folder: t.dir, passphrase: PASSPHRASE }),
    ).toMatchObject({
      ok: false,
      error: { field: 'folder', message: expect.stringMatching(/other than the data folder/) },
    });
    expect(await dispatch('backup/configure', { folder, passphrase: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'passphrase' },
    });
  });
});
