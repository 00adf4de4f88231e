/**
 * Online backups of the clinic's database and restoring one.
 *
 * A backup: SQLite's backup API (better-sqlite3 `db.backup()`, page by page, so bookings go on
 * meanwhile) copies the live database to a temporary file in the data folder; it is encrypted
 * (backup/format.ts) into `<folder>/<name>.cdbackup.partial`, flushed, renamed to its final name
 * (a process killed before that leaves only a .partial, never listed and removed by the next
 * run), then verified: the copy passes `PRAGMA integrity_check`, its row counts and audit chain
 * head match the manifest and its audit chain holds (checkCopy.ts, on worker threads while the
 * copy is encrypted), and the file written decrypts, frame by frame as a restore reads it, to
 * exactly those bytes (SHA-256). Only then is it "verified". Retention (7 daily, 4 weekly, 12
 * monthly) deletes the rest.
 *
 * A restore verifies the chosen backup the same way first; only a backup that passes replaces the
 * live database, which is closed, kept aside as clinicdesk.db.before-restore-<time>, and the
 * same ClinicDb reopened on the restored file.
 */
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AUDIT_KEY_FILE, auditHead } from '../../db/auditChain';
import { openDatabase, type ClinicDb } from '../../db/open';
import { getClinic } from '../../db/repos/clinic';
import { stmt } from '../../db/repos/statements';
import { AppError } from '../../errors';
import type { SecretBox } from '../../secrets/secretBox';
import { checkDatabaseCopy } from './checkCopy';
import { nightlyDue } from '../../audit/schedule';
import {
  BACKUP_EXTENSION,
  BackupFileError,
  deriveKey,
  keyCheck,
  newKdf,
  readBackupFile,
  writeBackupFile,
  type BackupManifest,
  type KdfParams,
} from '../format';
import { backupsToKeep } from '../retention';

export const PARTIAL_SUFFIX = '.partial';
/** Scheduled backups while ClinicDesk is open; plus one each night. */
export const BACKUP_EVERY_MS = 4 * 3600_000;
/** The desk warns when the newest verified backup is older than this. */
export const BACKUP_STALE_MS = 24 * 3600_000;
export const MIN_PASSPHRASE = 12;

export interface BackupSettingsView {
  folder: string | null;
  configured: boolean;
  enabled: boolean;
}

interface SettingsRow {
  folder: string | null;
  keySealed: string | null;
  kdf: string | null;
  enabled: number;
}

function settingsRow(db: ClinicDb): SettingsRow | null {
  return (
    (stmt(
      db.sqlite,
      'SELECT folder, key_sealed AS keySealed, kdf, enabled FROM backup_settings WHERE id = 1',
    ).get() as SettingsRow | undefined) ?? null
  );
}

export function backupSettings(db: ClinicDb): BackupSettingsView {
  const r = settingsRow(db);
  return {
    folder: r?.folder ?? null,
    configured: !!(r?.folder && r.keySealed && r.kdf),
    enabled: r ? r.enabled === 1 : true,
  };
}

/**
 * Saves where backups go and, when a passphrase is given, the key derived from it (sealed; the
 * passphrase itself is never stored). Slow on purpose when a passphrase is given (scrypt).
 */
export function configureBackups(input: {
  db: ClinicDb;
  secrets: SecretBox | undefined;
  now: number;
  folder: string;
  passphrase?: string | undefined;
  enabled?: boolean | undefined;
}): { kdf: KdfParams | null } {
  const { db } = input;
  if (!path.isAbsolute(input.folder))
    throw new AppError(
      'VALIDATION',
      'Give the backup folder as a full path (for example E:\\ClinicDesk backups or /media/usb/backups).',
      'folder',
    );
  const folder = path.resolve(input.folder);
  const dataDir = path.dirname(path.resolve(db.file));
  if (folder === dataDir)
    throw new AppError(
      'VALIDATION',
      'Choose a folder other than the data folder: a backup beside the database is lost with it.',
      'folder',
    );
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    fs.accessSync(folder, fs.constants.W_OK);
  } catch (err) {
    throw new AppError(
      'VALIDATION',
      `ClinicDesk cannot write to ${folder} (${(err as NodeJS.ErrnoException).code ?? 'error'}). Check that the drive is connected and writable.`,
      'folder',
    );
  }
  const existing = settingsRow(db);
  let keySealed = existing?.keySealed ?? null;
  let kdf: KdfParams | null = existing?.kdf ? (JSON.parse(existing.kdf) as KdfParams) : null;
  if (input.passphrase !== undefined) {
    if (input.passphrase.length < MIN_PASSPHRASE)
      throw new AppError(
        'VALIDATION',
        `The backup passphrase must be at least ${MIN_PASSPHRASE} characters.`,
        'passphrase',
      );
    if (!input.secrets)
      throw new AppError('INVALID_STATE', 'This ClinicDesk cannot keep a backup key sealed.');
    kdf = newKdf();
    const key = deriveKey(input.passphrase, kdf);
    keySealed = input.secrets.seal(key.toString('base64'));
  }
  if (!keySealed || !kdf)
    throw new AppError(
      'VALIDATION',
      'Choose a backup passphrase: backups are encrypted with it, and a restore on a new PC asks for it.',
      'passphrase',
    );
  stmt(
    db.sqlite,
    `INSERT INTO backup_settings (id, folder, key_sealed, kdf, enabled, updated_ms) VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET folder = excluded.folder, key_sealed = excluded.key_sealed,
         kdf = excluded.kdf, enabled = excluded.enabled, updated_ms = excluded.updated_ms`,
  ).run(folder, keySealed, JSON.stringify(kdf), input.enabled === false ? 0 : 1, input.now);
  return { kdf: input.passphrase !== undefined ? kdf : null };
}

function storedKey(
  db: ClinicDb,
  secrets: SecretBox | undefined,
): { key: Buffer; kdf: KdfParams; folder: string } {
  const r = settingsRow(db);
  if (!r?.folder || !r.keySealed || !r.kdf)
    throw new AppError(
      'INVALID_STATE',
      'Backups are not set up yet: choose a folder and a passphrase under Backups.',
    );
  if (!secrets) throw new AppError('INVALID_STATE', 'This ClinicDesk cannot open the backup key.');
  return {
    key: Buffer.from(secrets.open(r.keySealed), 'base64'),
    kdf: JSON.parse(r.kdf) as KdfParams,
    folder: r.folder,
  };
}

export interface BackupRecord {
  id: number;
  file: string;
  reason: string;
  startedMs: number;
  finishedMs: number | null;
  bytes: number | null;
  counts: Record<string, number> | null;
  auditHeadId: number | null;
  verifiedMs: number | null;
  status: 'writing' | 'verified' | 'failed' | 'deleted';
  error: string | null;
}

const BACKUP_COLUMNS = `id, file, reason, started_ms AS startedMs, finished_ms AS finishedMs, bytes, counts,
  audit_head_id AS auditHeadId, verified_ms AS verifiedMs, status, error`;

function toRecord(r: Record<string, unknown>): BackupRecord {
  return {
    ...(r as unknown as BackupRecord),
    counts: r.counts ? (JSON.parse(r.counts as string) as Record<string, number>) : null,
  };
}

export function listBackups(db: ClinicDb, status?: BackupRecord['status']): BackupRecord[] {
  const rows = status
    ? stmt(
        db.sqlite,
        `SELECT ${BACKUP_COLUMNS} FROM backups WHERE status = ? ORDER BY started_ms DESC, id DESC`,
      ).all(status)
    : stmt(
        db.sqlite,
        `SELECT ${BACKUP_COLUMNS} FROM backups WHERE status != 'deleted' ORDER BY started_ms DESC, id DESC LIMIT 50`,
      ).all();
  return (rows as Record<string, unknown>[]).map(toRecord);
}

export interface BackupStatus {
  settings: BackupSettingsView;
  lastGood: BackupRecord | null;
  lastAttempt: BackupRecord | null;
  /** Set when the desk should warn: no verified backup, or the newest is older than a day. */
  warning: string | null;
  /** Verified backups a restore can pick, newest first. */
  restorable: BackupRecord[];
  running: boolean;
}

export function backupStatus(db: ClinicDb, now: number): BackupStatus {
  const settings = backupSettings(db);
  const restorable = listBackups(db, 'verified');
  const lastGood = restorable[0] ?? null;
  const lastAttempt = listBackups(db)[0] ?? null;
  let warning: string | null = null;
  if (!settings.configured)
    warning = 'Backups are not set up: choose a backup folder and passphrase.';
  else if (!lastGood) warning = 'No backup has been verified yet.';
  else if (now - lastGood.startedMs > BACKUP_STALE_MS) {
    const hours = Math.floor((now - lastGood.startedMs) / 3600_000);
    warning = `The last verified backup is ${hours >= 48 ? `${Math.floor(hours / 24)} days` : `${hours} hours`} old.`;
  }
  if (warning && lastAttempt?.status === 'failed' && lastAttempt.error)
    warning += ` The last attempt failed: ${lastAttempt.error}`;
  return {
    settings,
    lastGood,
    lastAttempt,
    warning,
    restorable,
    running: running.has(path.resolve(db.file)),
  };
}

/** One backup or restore at a time per database in this process. */
const running = new Set<string>();

async function exclusive<T>(db: ClinicDb, what: string, fn: () => Promise<T>): Promise<T> {
  const k = path.resolve(db.file);
  if (running.has(k))
    throw new AppError(
      'BUSY',
      `A backup or restore is already running; ${what} waits until it ends.`,
    );
  running.add(k);
  try {
    return await fn();
  } finally {
    running.delete(k);
  }
}

function tableCounts(sqlite: Database.Database): Record<string, number> {
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  const counts: Record<string, number> = {};
  for (const t of tables)
    counts[t] = sqlite
      .prepare(`SELECT count(*) FROM "${t.replaceAll('"', '""')}"`)
      .pluck()
      .get() as number;
  return counts;
}

function tempPath(db: ClinicDb, what: string): string {
  return path.join(
    path.dirname(path.resolve(db.file)),
    `.${path.basename(db.file)}.${what}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`,
  );
}

function removeQuietly(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`])
    fs.rmSync(f, { force: true });
}

/**
 * A backup file that looks complete may still be wrong: it is decrypted and checked the way a
 * restore reads it. Answers the manifest; throws a clear error for anything that does not hold.
 */
export async function verifyBackup(input: {
  db: ClinicDb;
  file: string;
  keyFor: (header: { kdf: KdfParams; keyCheck: string }) => Buffer;
  keepPlainAt?: string;
}): Promise<{ manifest: BackupManifest; plainFile: string | null }> {
  const plain = input.keepPlainAt ?? tempPath(input.db, 'verify');
  let keep = false;
  try {
    const { manifest } = await readBackupFile({
      file: input.file,
      plainOut: plain,
      keyFor: input.keyFor,
    });
    await checkDatabaseCopy(plain, manifest);
    keep = input.keepPlainAt !== undefined;
    return { manifest, plainFile: keep ? plain : null };
  } finally {
    if (!keep) removeQuietly(plain);
  }
}

function fileName(id: number, startedMs: number): string {
  const stamp = new Date(startedMs)
    .toISOString()
    .replace(/[:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `clinicdesk-${stamp}-${id}${BACKUP_EXTENSION}`;
}

/**
 * Rows left 'writing' by a process that died, and .partial files in the folder, from any run not
 * going on now: marked failed and removed (never offered for restore).
 */
export function settleInterrupted(db: ClinicDb, folder: string | null, now: number): number {
  const changed = stmt(
    db.sqlite,
    "UPDATE backups SET status = 'failed', finished_ms = ?, error = 'Interrupted: ClinicDesk stopped while writing this backup.' WHERE status = 'writing'",
  ).run(now).changes;
  if (folder && fs.existsSync(folder)) {
    for (const f of fs.readdirSync(folder))
      if (f.endsWith(BACKUP_EXTENSION + PARTIAL_SUFFIX))
        fs.rmSync(path.join(folder, f), { force: true });
  }
  return changed;
}

export interface RunBackupOptions {
  db: ClinicDb;
  secrets: SecretBox | undefined;
  clock: () => number;
  reason: 'scheduled' | 'manual' | 'before-restore';
  /** Tests: smaller frames, and a hook after each frame (to be killed in the middle). */
  frameBytes?: number;
  onFrame?: (index: number) => void | Promise<void>;
}

/** Writes, verifies and records one backup; applies retention. Never leaves a partial file listed. */
export function runBackup(options: RunBackupOptions): Promise<BackupRecord> {
  return exclusive(options.db, 'this backup', () => backupUnlocked(options));
}

async function backupUnlocked(options: RunBackupOptions): Promise<BackupRecord> {
  const { db, clock } = options;
  const { key, kdf, folder } = storedKey(db, options.secrets);
  const startedMs = clock();
  if (!fs.existsSync(folder))
    throw new AppError(
      'INVALID_STATE',
      `The backup folder ${folder} is not there (is the drive connected?).`,
    );
  settleInterrupted(db, folder, startedMs);
  const id = Number(
    stmt(
      db.sqlite,
      "INSERT INTO backups (file, reason, started_ms, status) VALUES ('', ?, ?, 'writing')",
    ).run(options.reason, startedMs).lastInsertRowid,
  );
  const name = fileName(id, startedMs);
  stmt(db.sqlite, 'UPDATE backups SET file = ? WHERE id = ?').run(name, id);
  const finalFile = path.join(folder, name);
  const partial = finalFile + PARTIAL_SUFFIX;
  const copyFile = tempPath(db, 'backup');
  try {
    // Page by page, yielding between steps: bookings go on while it copies.
    await db.sqlite.backup(copyFile, { progress: () => 2000 });
    const copy = new Database(copyFile, { readonly: true, fileMustExist: true });
    let manifest: BackupManifest;
    try {
      manifest = {
        createdMs: startedMs,
        counts: tableCounts(copy),
        auditHead: auditHead(copy),
        auditKey: db.auditKey ? db.auditKey.toString('base64') : null,
        dbBytes: fs.statSync(copyFile).size,
      };
    } finally {
      copy.close();
    }
    // The copy is checked (integrity, counts, audit chain: worker threads) while it is
    // encrypted (this thread); the file written is then decrypted and must give back exactly
    // the bytes that were checked, so it is verified as a restore would read it without
    // writing the database out and checking it a second time.
    const [written, checked] = await Promise.allSettled([
      writeBackupFile({
        plainFile: copyFile,
        outFile: partial,
        masterKey: key,
        kdf,
        manifest,
        ...(options.frameBytes ? { frameBytes: options.frameBytes } : {}),
        ...(options.onFrame ? { onFrame: options.onFrame } : {}),
      }),
      checkDatabaseCopy(copyFile, manifest),
    ]);
    if (checked.status === 'rejected') throw checked.reason;
    if (written.status === 'rejected') throw written.reason;
    const { bytes, plainSha256 } = written.value;
    removeQuietly(copyFile);
    fs.renameSync(partial, finalFile);
    fsyncDir(folder);
    stmt(
      db.sqlite,
      'UPDATE backups SET bytes = ?, counts = ?, audit_head_id = ?, audit_head_mac = ? WHERE id = ?',
    ).run(
      bytes,
      JSON.stringify(manifest.counts),
      manifest.auditHead?.id ?? null,
      manifest.auditHead?.mac ?? null,
      id,
    );
    const back = await readBackupFile({ file: finalFile, plainOut: null, keyFor: () => key });
    if (back.plainSha256 !== plainSha256)
      throw new BackupFileError(
        'damaged',
        'The backup written does not decrypt to the database that was copied (the drive changed it).',
      );
    const done = clock();
    stmt(
      db.sqlite,
      "UPDATE backups SET status = 'verified', finished_ms = ?, verified_ms = ? WHERE id = ?",
    ).run(done, done, id);
    applyRetention(db, folder, done);
  } catch (err) {
    removeQuietly(copyFile);
    fs.rmSync(partial, { force: true });
    const message = err instanceof Error ? err.message : String(err);
    stmt(
      db.sqlite,
      "UPDATE backups SET status = 'failed', finished_ms = ?, error = ? WHERE id = ?",
    ).run(clock(), message, id);
    if (err instanceof AppError) throw err;
    throw new AppError('INVALID_STATE', `The backup failed: ${message}`);
  }
  return toRecord(
    stmt(db.sqlite, `SELECT ${BACKUP_COLUMNS} FROM backups WHERE id = ?`).get(id) as Record<
      string,
      unknown
    >,
  );
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  }
}

/** Deletes verified backups that retention does not keep (their files and their rows' status). */
export function applyRetention(db: ClinicDb, folder: string, now: number): number {
  const zone = getClinic(db, now).timeZone;
  const verified = listBackups(db, 'verified');
  const keep = backupsToKeep(verified, zone);
  let deleted = 0;
  for (const b of verified) {
    if (keep.has(b.id)) continue;
    fs.rmSync(path.join(folder, b.file), { force: true });
    stmt(db.sqlite, "UPDATE backups SET status = 'deleted' WHERE id = ?").run(b.id);
    deleted++;
  }
  return deleted;
}

/** Whether the scheduled job should back up now: every 4 hours while open, and each night. */
export function backupDue(db: ClinicDb, now: number): boolean {
  const s = backupSettings(db);
  if (!s.configured || !s.enabled) return false;
  const last = stmt(
    db.sqlite,
    "SELECT max(started_ms) AS at FROM backups WHERE reason = 'scheduled' OR status = 'verified'",
  ).get() as { at: number | null };
  if (last.at === null) return true;
  if (now - last.at >= BACKUP_EVERY_MS) return true;
  return nightlyDue({ now, zone: getClinic(db, now).timeZone, lastMs: last.at, hour: 1 });
}

export interface RestoreResult {
  restoredFrom: string;
  createdMs: number;
  counts: Record<string, number>;
  /** Where the database that was replaced now is. */
  keptAside: string;
}

/**
 * Replaces the live database with a backup, after verifying it. `passphrase` is needed when the
 * backup was made under another passphrase (another PC, or before the passphrase was changed).
 * Nothing of the live database is touched unless the backup passes verification.
 */
export function restoreBackup(input: {
  db: ClinicDb;
  secrets: SecretBox | undefined;
  now: number;
  /** A file name in the backup folder, or a full path to a backup anywhere. */
  file: string;
  passphrase?: string | undefined;
}): Promise<RestoreResult> {
  return exclusive(input.db, 'the restore', () => restoreUnlocked(input));
}

async function restoreUnlocked(input: {
  db: ClinicDb;
  secrets: SecretBox | undefined;
  now: number;
  file: string;
  passphrase?: string | undefined;
}): Promise<RestoreResult> {
  const { db } = input;
  const folder = backupSettings(db).folder;
  const file = path.isAbsolute(input.file)
    ? input.file
    : folder
      ? path.join(folder, path.basename(input.file))
      : null;
  if (!file || !fs.existsSync(file))
    throw new AppError('NOT_FOUND', `There is no backup file ${input.file}.`, 'file');
  if (file.endsWith(PARTIAL_SUFFIX))
    throw new AppError(
      'VALIDATION',
      'That file is an unfinished backup and cannot be restored.',
      'file',
    );
  let stored: Buffer | null = null;
  if (input.passphrase === undefined) {
    try {
      stored = storedKey(db, input.secrets).key;
    } catch {
      stored = null;
    }
  }
  const keyFor = (header: { kdf: KdfParams; keyCheck: string }): Buffer => {
    if (input.passphrase !== undefined) return deriveKey(input.passphrase, header.kdf);
    if (stored && keyCheck(stored) === header.keyCheck) return stored;
    throw new BackupFileError(
      'wrongPassphrase',
      'This backup was made with a different backup passphrase: enter that passphrase to restore it.',
    );
  };
  const live = path.resolve(db.file);
  const staged = tempPath(db, 'restore');
  let manifest: BackupManifest;
  try {
    ({ manifest } = await verifyBackup({ db, file, keyFor, keepPlainAt: staged }));
  } catch (err) {
    removeQuietly(staged);
    if (err instanceof BackupFileError)
      throw new AppError(
        err.kind === 'wrongPassphrase' ? 'VALIDATION' : 'INVALID_STATE',
        `${err.message} Nothing was changed.`,
        err.kind === 'wrongPassphrase' ? 'passphrase' : 'file',
        { problem: err.kind },
      );
    throw err;
  }

  // From here on, synchronously: no other call runs in this process until the new file is open.
  const stamp = new Date(input.now).toISOString().replace(/[:.]/g, '-');
  const aside = `${live}.before-restore-${stamp}`;
  const keyFile = path.join(path.dirname(live), AUDIT_KEY_FILE);
  const keyAside = `${keyFile}.before-restore-${stamp}`;
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  db.sqlite.close();
  let movedLive = false;
  let movedKey = false;
  try {
    fs.renameSync(live, aside);
    movedLive = true;
    for (const side of ['-wal', '-shm']) fs.rmSync(live + side, { force: true });
    fs.renameSync(staged, live);
    if (manifest.auditKey) {
      const current = fs.existsSync(keyFile) ? fs.readFileSync(keyFile, 'utf8').trim() : null;
      if (current !== manifest.auditKey) {
        if (current !== null) fs.renameSync(keyFile, keyAside);
        movedKey = current !== null;
        fs.writeFileSync(keyFile, manifest.auditKey + '\n', { mode: 0o600, flag: 'w' });
      }
    }
    const fresh = openDatabase({ file: live });
    Object.assign(db, {
      sqlite: fresh.sqlite,
      orm: fresh.orm,
      auditKey: fresh.auditKey,
      close: fresh.close,
    });
    // The copy recorded this backup as being written; it is the one that was just verified.
    stmt(
      db.sqlite,
      "UPDATE backups SET status = 'verified', finished_ms = ?, verified_ms = ? WHERE file = ? AND status = 'writing'",
    ).run(input.now, input.now, path.basename(file));
    settleInterrupted(db, null, input.now);
  } catch (err) {
    // Put the live database (and its key) back as they were, and open it again.
    if (movedLive) {
      fs.rmSync(live, { force: true });
      fs.renameSync(aside, live);
    }
    if (movedKey) fs.renameSync(keyAside, keyFile);
    removeQuietly(staged);
    const again = openDatabase({ file: live });
    Object.assign(db, {
      sqlite: again.sqlite,
      orm: again.orm,
      auditKey: again.auditKey,
      close: again.close,
    });
    throw new AppError(
      'INVALID_STATE',
      `The restore could not replace the database (${err instanceof Error ? err.message : String(err)}); the database is as it was.`,
    );
  }
  return {
    restoredFrom: path.basename(file),
    createdMs: manifest.createdMs,
    counts: manifest.counts,
    keptAside: aside,
  };
}
