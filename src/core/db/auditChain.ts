/**
 * The audit log's tamper evidence. Every row carries an HMAC-SHA256 over its own fields and the
 * previous row's mac, under a key kept outside the database (audit.key beside it, readable by
 * its owner only). Whoever edits, inserts, reorders or deletes a row without the key breaks the
 * chain from that row on, and the verifier (core/audit/service/verify.ts) names the first one.
 * Deleting the newest rows leaves a shorter chain that still holds: the head (id and mac) goes
 * into every backup and every verification run, so a chain that shrank is caught there.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

export const AUDIT_KEY_FILE = 'audit.key';
const KEY_BYTES = 32;

/** The fields a mac covers, in this order; `details` is the stored JSON text, byte for byte. */
export type AuditMacFields = [
  id: number,
  atMs: number,
  actor: string,
  userId: number | null,
  workstation: string,
  origin: string,
  action: string,
  entityType: string,
  entityId: number | null,
  details: string,
];

export function auditMac(key: Buffer, prevMac: string | null, fields: AuditMacFields): string {
  return crypto
    .createHmac('sha256', key)
    .update(prevMac ?? '')
    .update('\n')
    .update(JSON.stringify(fields))
    .digest('base64url');
}

/**
 * The key for the database at `dbFile`, read from audit.key beside it. When there is none and
 * `create` is set, a new key is written (0600, never over another process's) and `created` says
 * so: only then may rows from before the chain be sealed (a key that exists already means any
 * unsealed row was unsealed by someone else). An in-memory database gets a fresh key.
 */
export function loadAuditKey(
  dbFile: string,
  create: boolean,
): { key: Buffer; created: boolean } | null {
  if (dbFile === ':memory:' || dbFile === '')
    return { key: crypto.randomBytes(KEY_BYTES), created: true };
  const keyFile = path.join(path.dirname(path.resolve(dbFile)), AUDIT_KEY_FILE);
  try {
    const key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
    if (key.length !== KEY_BYTES) throw new Error(`The audit key ${keyFile} is damaged.`);
    return { key, created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (!create) return null;
  }
  const key = crypto.randomBytes(KEY_BYTES);
  try {
    fs.writeFileSync(keyFile, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    return { key, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadAuditKey(dbFile, false);
    throw err;
  }
}

const ROW_COLUMNS =
  'id, at_ms, actor, user_id, workstation, origin, action, entity_type, entity_id, details';

/** The newest chained row: what the next row chains to, and what a backup records. */
export function auditHead(sqlite: Database.Database): { id: number; mac: string } | null {
  const row = sqlite
    .prepare('SELECT id, mac FROM audit_log WHERE mac IS NOT NULL ORDER BY id DESC LIMIT 1')
    .get() as { id: number; mac: string } | undefined;
  return row ?? null;
}

/**
 * Rows written before the chain existed (by a version without it) are chained once, in id order,
 * when the key is first created; only when no row is chained yet, so nobody can "heal" a chain
 * by blanking macs and reopening.
 */
export function chainRowsFromBeforeTheChain(sqlite: Database.Database, key: Buffer): number {
  const run = sqlite.transaction(() => {
    const chained = sqlite.prepare('SELECT 1 FROM audit_log WHERE mac IS NOT NULL LIMIT 1').get();
    if (chained) return 0;
    let prevMac: string | null = null;
    const rows = sqlite
      .prepare(`SELECT ${ROW_COLUMNS} FROM audit_log ORDER BY id`)
      .raw()
      .all() as AuditMacFields[];
    const update = sqlite.prepare('UPDATE audit_log SET mac = ? WHERE id = ?');
    for (const r of rows) {
      prevMac = auditMac(key, prevMac, r);
      update.run(prevMac, r[0]);
    }
    return rows.length;
  });
  return run.immediate();
}

export { ROW_COLUMNS as AUDIT_ROW_COLUMNS };
