/**
 * The audit chain's verifier (db/auditChain.ts says how rows are chained). It walks audit_log in
 * id order, recomputes every row's mac from the previous row's stored mac and the row's fields,
 * and names the first row where the chain breaks, with what most likely happened there:
 *  - a row changed after it was written (its fields no longer match its mac, but the next row
 *    still chains to its stored mac);
 *  - a row inserted between two others (the next row chains to the row before it, skipping it);
 *  - rows deleted (a gap in the ids: the row after the gap was chained to a row that is gone);
 *  - a row without a mac after the chain began (written by someone without the key);
 *  - the newest rows deleted (the head a previous run or backup saw is no longer there).
 * One pass, one prepared statement, raw arrays: a clinic's years of rows verify in seconds.
 */
import type Database from 'better-sqlite3';
import { AUDIT_ROW_COLUMNS, auditHead, auditMac, type AuditMacFields } from '../../db/auditChain';
import type { ClinicDb } from '../../db/open';
import { stmt } from '../../db/repos/statements';
import { fastChainPass, WORKER_MIN_ROWS } from './verifyInWorkers';

export interface ChainHead {
  id: number;
  mac: string;
}

export interface ChainVerdict {
  ok: boolean;
  /** Rows read. */
  rows: number;
  /** The first row where the chain breaks (for deleted rows: the row after the gap). */
  firstBrokenId: number | null;
  /** What is wrong there, in words an owner can act on. */
  reason: string | null;
  /** The newest chained row, as found. */
  head: ChainHead | null;
}

type Row = [...AuditMacFields, string | null];

/**
 * Checks the chain of `sqlite`'s audit_log under `key`. `expectHead` is a head an earlier run (or
 * a backup) recorded: it must still be in the chain with the same mac, or the newest rows were
 * deleted (or the whole log replaced).
 */
export function verifyAuditChain(input: {
  sqlite: Database.Database;
  key: Buffer;
  expectHead?: ChainHead | null;
}): ChainVerdict {
  const { sqlite, key } = input;
  const chainBegan =
    sqlite.prepare('SELECT 1 FROM audit_log WHERE mac IS NOT NULL LIMIT 1').get() !== undefined;
  const iter = sqlite
    .prepare(`SELECT ${AUDIT_ROW_COLUMNS}, mac FROM audit_log ORDER BY id`)
    .raw()
    .iterate() as IterableIterator<Row>;

  let rows = 0;
  let prevMac: string | null = null;
  let prevId = 0;
  // A row that did not match: the row after it tells what happened (changed, inserted, deleted).
  let pending: { row: Row; gapFrom: number | null } | null = null;
  let broken: { id: number; reason: string } | null = null;

  const fields = (r: Row): AuditMacFields => r.slice(0, 10) as unknown as AuditMacFields;
  const deleted = (from: number, to: number, after: number) =>
    from === to
      ? `Audit row ${from} was deleted: row ${after} is chained to a row that is no longer there.`
      : `Audit rows ${from}–${to} were deleted: row ${after} is chained to rows that are no longer there.`;

  try {
    for (const r of iter) {
      rows++;
      const id = r[0];
      const mac = r[10];
      if (pending) {
        const p = pending.row;
        if (pending.gapFrom !== null) {
          broken = { id: p[0], reason: deleted(pending.gapFrom, p[0] - 1, p[0]) };
          break;
        }
        const chainsToStored = mac !== null && auditMac(key, p[10], fields(r)) === mac;
        const chainsPastIt = mac !== null && auditMac(key, prevMac, fields(r)) === mac;
        broken = {
          id: p[0],
          reason: chainsToStored
            ? `Audit row ${p[0]} was changed after it was written: its contents no longer match its mac.`
            : chainsPastIt
              ? `Audit row ${p[0]} was inserted: the row after it is chained to the row before it.`
              : `Audit row ${p[0]} does not match its mac, and the chain does not resume after it (rows changed, inserted or reordered from here on).`,
        };
        break;
      }
      if (mac === null) {
        if (!chainBegan) continue;
        broken = {
          id,
          reason: `Audit row ${id} has no mac: it was added or altered by someone without the audit key.`,
        };
        break;
      }
      if (auditMac(key, prevMac, fields(r)) !== mac) {
        pending = { row: r, gapFrom: id > prevId + 1 ? prevId + 1 : null };
        continue;
      }
      prevMac = mac;
      prevId = id;
    }
  } finally {
    // An early `break` leaves the statement open; return() closes it so the connection is free.
    iter.return?.();
  }
  if (!broken && pending) {
    const id = pending.row[0];
    broken = {
      id,
      reason:
        pending.gapFrom !== null
          ? `Audit row ${id}, the newest, does not chain to row ${pending.gapFrom - 1}: rows ${pending.gapFrom}–${id - 1} were deleted, or row ${id} was added by someone without the audit key.`
          : `Audit row ${id}, the newest, does not match its mac: it was changed, or added by someone without the audit key.`,
    };
  }
  const head = auditHead(sqlite);
  if (!broken && input.expectHead) broken = headStillThere(sqlite, input.expectHead);
  return {
    ok: broken === null,
    rows,
    firstBrokenId: broken?.id ?? null,
    reason: broken?.reason ?? null,
    head,
  };
}

/** A head an earlier run saw must still be in the chain, with the same mac. */
function headStillThere(
  sqlite: Database.Database,
  seen: ChainHead,
): { id: number; reason: string } | null {
  const still = stmt(sqlite, 'SELECT mac FROM audit_log WHERE id = ?').get(seen.id) as
    { mac: string | null } | undefined;
  if (!still)
    return {
      id: seen.id,
      reason: `Audit row ${seen.id}, the newest when the chain was last checked, is gone: the newest rows were deleted.`,
    };
  if (still.mac !== seen.mac)
    return {
      id: seen.id,
      reason: `Audit row ${seen.id} is not the row the last check saw (its mac differs): the log was replaced from there on.`,
    };
  return null;
}

/**
 * The verifier for a clinic's database: a large log on a file is checked by worker threads
 * (verifyInWorkers.ts), off the event loop and on every core; when they find a suspect row, or
 * the log is small or in memory, the one-pass verifier above reads it and gives the verdict.
 */
export async function verifyClinicAuditChain(input: {
  db: ClinicDb;
  key: Buffer;
  expectHead?: ChainHead | null;
  threads?: number;
  /** Logs with fewer rows than this are read on this thread (default WORKER_MIN_ROWS). */
  workersFrom?: number;
}): Promise<ChainVerdict> {
  const { db, key } = input;
  const onePass = () =>
    db.sqlite
      .transaction(() =>
        verifyAuditChain({ sqlite: db.sqlite, key, expectHead: input.expectHead ?? null }),
      )
      .deferred();
  const bounds = db.sqlite.prepare('SELECT min(id) AS lo, max(id) AS hi FROM audit_log').get() as {
    lo: number | null;
    hi: number | null;
  };
  const inMemory = db.file === '' || db.file === ':memory:';
  if (
    inMemory ||
    bounds.lo === null ||
    bounds.hi === null ||
    bounds.hi - bounds.lo + 1 < (input.workersFrom ?? WORKER_MIN_ROWS)
  )
    return onePass();
  const chainBegan =
    db.sqlite.prepare('SELECT 1 FROM audit_log WHERE mac IS NOT NULL LIMIT 1').get() !== undefined;
  const fast = await fastChainPass({
    file: db.file,
    key,
    fromId: bounds.lo,
    toId: bounds.hi,
    chainBegan,
    ...(input.threads !== undefined ? { threads: input.threads } : {}),
  });
  if (fast.suspectId !== null) return onePass();
  const head =
    (db.sqlite
      .prepare(
        'SELECT id, mac FROM audit_log WHERE mac IS NOT NULL AND id <= ? ORDER BY id DESC LIMIT 1',
      )
      .get(bounds.hi) as ChainHead | undefined) ?? null;
  const broken = input.expectHead ? headStillThere(db.sqlite, input.expectHead) : null;
  return {
    ok: broken === null,
    rows: fast.rows,
    firstBrokenId: broken?.id ?? null,
    reason: broken?.reason ?? null,
    head,
  };
}

export interface VerificationRecord extends ChainVerdict {
  id: number;
  atMs: number;
  trigger: string;
}

/** The head the newest run whose chain held recorded (what the next run must still find). */
function lastGoodHead(db: ClinicDb): ChainHead | null {
  const r = stmt(
    db.sqlite,
    'SELECT head_id AS id, head_mac AS mac FROM audit_verifications WHERE ok = 1 AND head_id IS NOT NULL ORDER BY id DESC LIMIT 1',
  ).get() as ChainHead | undefined;
  return r ?? null;
}

/**
 * Verifies the clinic's chain and records the run in audit_verifications (nightly job, "Verify
 * now", the command line). The run is recorded in its own short write.
 */
export async function runAuditVerification(input: {
  db: ClinicDb;
  now: number;
  trigger: 'nightly' | 'manual' | 'cli';
  /** Tests: force the worker threads on a small log. */
  workers?: { from: number; threads: number };
}): Promise<VerificationRecord> {
  const { db } = input;
  const key = db.auditKey;
  if (!key)
    throw new Error(
      'The audit key (audit.key beside the database) is missing: the audit log cannot be verified without it.',
    );
  const verdict = await verifyClinicAuditChain({
    db,
    key,
    expectHead: lastGoodHead(db),
    ...(input.workers ? { workersFrom: input.workers.from, threads: input.workers.threads } : {}),
  });
  const id = db.sqlite
    .transaction(
      () =>
        stmt(
          db.sqlite,
          'INSERT INTO audit_verifications (at_ms, rows, ok, first_broken_id, reason, head_id, head_mac, trigger) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(
          input.now,
          verdict.rows,
          verdict.ok ? 1 : 0,
          verdict.firstBrokenId,
          verdict.reason,
          verdict.head?.id ?? null,
          verdict.head?.mac ?? null,
          input.trigger,
        ).lastInsertRowid,
    )
    .immediate();
  return { ...verdict, id: Number(id), atMs: input.now, trigger: input.trigger };
}

export function lastVerification(db: ClinicDb): VerificationRecord | null {
  const r = stmt(
    db.sqlite,
    `SELECT id, at_ms AS atMs, rows, ok, first_broken_id AS firstBrokenId, reason, head_id AS headId,
            head_mac AS headMac, trigger FROM audit_verifications ORDER BY id DESC LIMIT 1`,
  ).get() as
    | {
        id: number;
        atMs: number;
        rows: number;
        ok: number;
        firstBrokenId: number | null;
        reason: string | null;
        headId: number | null;
        headMac: string | null;
        trigger: string;
      }
    | undefined;
  if (!r) return null;
  return {
    id: r.id,
    atMs: r.atMs,
    rows: r.rows,
    ok: r.ok === 1,
    firstBrokenId: r.firstBrokenId,
    reason: r.reason,
    head: r.headId !== null && r.headMac !== null ? { id: r.headId, mac: r.headMac } : null,
    trigger: r.trigger,
  };
}
