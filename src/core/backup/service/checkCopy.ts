/**
 * The checks a backup's database must pass, on a worker thread (db/sqliteWorker.ts) so the desks
 * keep booking while a large clinic's copy is read: `PRAGMA integrity_check`, the row count of
 * every table, the audit chain's head, and (when the key is known) the whole audit chain, read by
 * the audit verifier's own worker threads at the same time.
 */
import Database from 'better-sqlite3';
import { fastChainPass } from '../../audit/service/verifyInWorkers';
import { verifyAuditChain } from '../../audit/service/verify';
import { runSqliteWorker } from '../../db/sqliteWorker';
import { BackupFileError, type BackupManifest } from '../format';

const CHECK_SOURCE = `
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
try {
  const integrity = db.pragma('integrity_check').map((r) => r.integrity_check);
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all();
  const counts = {};
  for (const t of tables)
    counts[t] = db.prepare('SELECT count(*) FROM "' + t.replaceAll('"', '""') + '"').pluck().get();
  const head =
    db.prepare('SELECT id, mac FROM audit_log WHERE mac IS NOT NULL ORDER BY id DESC LIMIT 1').get() ??
    null;
  parentPort.postMessage({ integrity, counts, head });
} catch (err) {
  parentPort.postMessage({ error: String(err && err.message ? err.message : err) });
} finally {
  db.close();
}
`;

interface CheckAnswer {
  /** SQLite could not read the copy at all (its pages are not a database any more). */
  error?: string;
  integrity: string[];
  counts: Record<string, number>;
  head: { id: number; mac: string } | null;
}

/**
 * Checks the database file `file` against what the backup's manifest says was copied; throws
 * BackupFileError('damaged') naming what does not hold.
 */
export async function checkDatabaseCopy(file: string, manifest: BackupManifest): Promise<void> {
  const key = manifest.auditKey ? Buffer.from(manifest.auditKey, 'base64') : null;
  const unreadable = (err: unknown): never => {
    throw new BackupFileError(
      'damaged',
      `The database in this backup is damaged (${err instanceof Error ? err.message : String(err)}).`,
    );
  };
  const [answer, chain] = await Promise.all([
    runSqliteWorker<CheckAnswer>(CHECK_SOURCE, { file }),
    key ? checkChain(file, key).catch(unreadable) : Promise.resolve(null),
  ]);
  if (answer.error !== undefined) unreadable(answer.error);
  if (answer.integrity.length !== 1 || answer.integrity[0] !== 'ok')
    throw new BackupFileError(
      'damaged',
      `The database in this backup is damaged (integrity check: ${answer.integrity.slice(0, 3).join('; ')}).`,
    );
  for (const [table, n] of Object.entries(manifest.counts)) {
    if (answer.counts[table] !== n)
      throw new BackupFileError(
        'damaged',
        `The database in this backup does not hold what was copied: ${table} has ${answer.counts[table] ?? 0} rows, ${n} were copied.`,
      );
  }
  if (
    (answer.head?.id ?? null) !== (manifest.auditHead?.id ?? null) ||
    answer.head?.mac !== manifest.auditHead?.mac
  )
    throw new BackupFileError(
      'damaged',
      'The audit log in this backup does not end where it did when the backup was made.',
    );
  if (chain)
    throw new BackupFileError(
      'damaged',
      `The audit log in this backup is broken at row ${chain.firstBrokenId}: ${chain.reason}`,
    );
}

/** Null when the copy's chain holds; else where and why it breaks. */
async function checkChain(
  file: string,
  key: Buffer,
): Promise<{ firstBrokenId: number | null; reason: string | null } | null> {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const bounds = copy.prepare('SELECT min(id) AS lo, max(id) AS hi FROM audit_log').get() as {
      lo: number | null;
      hi: number | null;
    };
    if (bounds.lo === null || bounds.hi === null) return null;
    const chainBegan =
      copy.prepare('SELECT 1 FROM audit_log WHERE mac IS NOT NULL LIMIT 1').get() !== undefined;
    const fast = await fastChainPass({
      file,
      key,
      fromId: bounds.lo,
      toId: bounds.hi,
      chainBegan,
    });
    if (fast.suspectId === null) return null;
    const v = verifyAuditChain({ sqlite: copy, key });
    return v.ok ? null : v;
  } finally {
    copy.close();
  }
}
