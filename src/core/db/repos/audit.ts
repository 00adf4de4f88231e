import type { AuditEntry, CoreContext } from '../../context';
import { auditMac } from '../auditChain';
import { stmt } from './statements';

/**
 * Every change a patient or provider would notice, and every read of a patient's record, leaves
 * one row: who (the signed-in user), from which PC and transport, what, when — chained to the row
 * before it (db/auditChain.ts). Must run inside a write transaction; reads defer theirs.
 */
export function writeAudit(ctx: CoreContext, entry: AuditEntry): void {
  if (ctx.deferAudit) {
    ctx.deferAudit(entry);
    return;
  }
  auditBatch(ctx)(entry);
}

/**
 * Audit rows written by one write transaction that nothing else writes into meanwhile: the
 * chain's head is read once, at the first row, then each row is chained to the one before it in
 * memory. `writeAudit` is a batch of one; a long stretch (a patient import holds its own
 * connection's write lock) saves the two look-ups per row. Use it for every audit row of that
 * stretch (a `writeAudit` in between would leave this one's head stale). The row's id is part of
 * its mac, so it is chosen here and the row is inserted whole: the append-only trigger refuses
 * any later UPDATE.
 */
export function auditBatch(ctx: CoreContext): (entry: AuditEntry) => void {
  const key = ctx.db.auditKey;
  if (!key)
    throw new Error('This database was opened without its audit key: it cannot be changed.');
  const sqlite = ctx.db.sqlite;
  let head: { id: number; mac: string | null } | null = null;
  const insert = stmt(
    sqlite,
    'INSERT INTO audit_log (id, at_ms, actor, user_id, workstation, origin, action, entity_type, entity_id, details, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const userId = ctx.user?.id ?? null;
  const workstation = ctx.workstation ?? '';
  return (entry) => {
    if (!head) {
      const prev = stmt(sqlite, 'SELECT mac FROM audit_log ORDER BY id DESC LIMIT 1').get() as
        { mac: string | null } | undefined;
      const next = stmt(
        sqlite,
        "SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0), COALESCE((SELECT max(id) FROM audit_log), 0)) + 1 AS id",
      ).get() as { id: number };
      head = { id: next.id - 1, mac: prev?.mac ?? null };
    }
    const id = head.id + 1;
    const details = JSON.stringify(entry.details ?? {});
    const entityId = entry.entityId ?? null;
    const mac = auditMac(key, head.mac, [
      id,
      ctx.now,
      ctx.actor,
      userId,
      workstation,
      ctx.origin,
      entry.action,
      entry.entityType,
      entityId,
      details,
    ]);
    insert.run(
      id,
      ctx.now,
      ctx.actor,
      userId,
      workstation,
      ctx.origin,
      entry.action,
      entry.entityType,
      entityId,
      details,
      mac,
    );
    head = { id, mac };
  };
}
