/**
 * Read-only looks at a ClinicDesk database for integration tests: what is in it (to prove that a
 * refused call wrote nothing) and whether its invariants hold (no double-booked provider).
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';

/** Statuses whose appointments hold the provider's time (migration 0001's trigger). */
export const ACTIVE_STATUSES = ['booked', 'confirmed', 'arrived', 'in_room', 'completed'] as const;
const ACTIVE_SQL = ACTIVE_STATUSES.map((s) => `'${s}'`).join(',');

/** Every table of the database, including drizzle's migration bookkeeping and the audit log. */
export function tableNames(sqlite: Database.Database): string[] {
  return (
    sqlite
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
      .all() as { name: string }[]
  ).map((r) => r.name);
}

export function rowCounts(sqlite: Database.Database): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of tableNames(sqlite)) {
    out[t] = (sqlite.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n;
  }
  return out;
}

/**
 * A fingerprint of every row of every table (and of the schema): equal before and after a call
 * means the call changed nothing at all, not merely that it added no rows.
 */
export function contentDigest(sqlite: Database.Database): string {
  const hash = crypto.createHash('sha256');
  hash.update(
    JSON.stringify(sqlite.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY name`).all()),
  );
  for (const t of tableNames(sqlite)) {
    hash.update(`\n${t}\n`);
    for (const row of sqlite.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).iterate()) {
      hash.update(JSON.stringify(row));
    }
  }
  return hash.digest('hex');
}

export interface DbSnapshot {
  counts: Record<string, number>;
  maxAuditId: number;
  digest: string;
}

export function snapshot(sqlite: Database.Database): DbSnapshot {
  return {
    counts: rowCounts(sqlite),
    maxAuditId: (
      sqlite.prepare(`SELECT coalesce(max(id), 0) AS m FROM audit_log`).get() as { m: number }
    ).m,
    digest: contentDigest(sqlite),
  };
}

export interface OverlapPair {
  a: number;
  b: number;
  providerId: number;
}

/**
 * Pairs of appointments of one provider that both hold time, overlap, and neither of which is a
 * deliberate overbook: exactly what the overlap trigger of migration 0001 forbids.
 */
export function providerOverlaps(sqlite: Database.Database): OverlapPair[] {
  return sqlite
    .prepare(
      `SELECT a.id AS a, b.id AS b, a.provider_id AS providerId
         FROM appointments a JOIN appointments b
           ON b.provider_id = a.provider_id AND b.id > a.id
          AND a.start_ms < b.end_ms AND b.start_ms < a.end_ms
        WHERE a.status IN (${ACTIVE_SQL}) AND b.status IN (${ACTIVE_SQL})
          AND a.overbook = 0 AND b.overbook = 0
        ORDER BY a.id, b.id`,
    )
    .all() as OverlapPair[];
}

/** The same for one patient across providers, overbooks included (the service's patient-overlap rule). */
export function patientOverlaps(sqlite: Database.Database): OverlapPair[] {
  return sqlite
    .prepare(
      `SELECT a.id AS a, b.id AS b, a.patient_id AS providerId
         FROM appointments a JOIN appointments b
           ON b.patient_id = a.patient_id AND b.id > a.id
          AND a.start_ms < b.end_ms AND b.start_ms < a.end_ms
        WHERE a.status IN (${ACTIVE_SQL}) AND b.status IN (${ACTIVE_SQL})
        ORDER BY a.id, b.id`,
    )
    .all() as OverlapPair[];
}

/**
 * Pairs of one provider's active, non-overbooked appointments closer together than their visit
 * types' buffers allow (the earlier one's buffer after plus the later one's buffer before).
 */
export function bufferViolations(sqlite: Database.Database): OverlapPair[] {
  return sqlite
    .prepare(
      `SELECT a.id AS a, b.id AS b, a.provider_id AS providerId
         FROM appointments a
         JOIN appointments b ON b.provider_id = a.provider_id AND b.id <> a.id AND b.start_ms >= a.start_ms
         JOIN visit_types va ON va.id = a.visit_type_id
         JOIN visit_types vb ON vb.id = b.visit_type_id
        WHERE a.status IN (${ACTIVE_SQL}) AND b.status IN (${ACTIVE_SQL})
          AND a.overbook = 0 AND b.overbook = 0
          AND b.start_ms < a.end_ms + (va.buffer_after_minutes + vb.buffer_before_minutes) * 60000
        ORDER BY a.id, b.id`,
    )
    .all() as OverlapPair[];
}
