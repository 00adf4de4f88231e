/**
 * The job lease (table job_leases, migration 0006): which process runs the background jobs of a
 * data folder. Each step is one short IMMEDIATE transaction, so two processes asking at the same
 * moment see each other's answer and only one of them holds the lease.
 */
import type { ClinicDb } from '../open';
import { stmt } from './statements';

export interface JobLeaseRow {
  name: string;
  holder: string;
  acquiredMs: number;
  expiresMs: number;
}

export function getJobLease(db: ClinicDb, name: string): JobLeaseRow | null {
  return (
    (stmt(
      db.sqlite,
      `SELECT name, holder, acquired_ms AS acquiredMs, expires_ms AS expiresMs FROM job_leases WHERE name = ?`,
    ).get(name) as JobLeaseRow | undefined) ?? null
  );
}

/**
 * Takes the lease when it is free or expired, renews it when `holder` already has it. Answers
 * whether `holder` holds it now, and until when.
 */
export function acquireJobLease(
  db: ClinicDb,
  input: { name: string; holder: string; now: number; ttlMs: number },
): { held: true; expiresMs: number } | { held: false; holder: string; expiresMs: number } {
  const tx = db.sqlite.transaction(() => {
    const row = getJobLease(db, input.name);
    if (row && row.holder !== input.holder && row.expiresMs > input.now) {
      return { held: false as const, holder: row.holder, expiresMs: row.expiresMs };
    }
    const expiresMs = input.now + input.ttlMs;
    stmt(
      db.sqlite,
      `INSERT INTO job_leases (name, holder, acquired_ms, expires_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET
         holder = excluded.holder,
         acquired_ms = CASE WHEN job_leases.holder = excluded.holder THEN job_leases.acquired_ms ELSE excluded.acquired_ms END,
         expires_ms = excluded.expires_ms`,
    ).run(input.name, input.holder, input.now, expiresMs);
    return { held: true as const, expiresMs };
  });
  return tx.immediate();
}

/** Gives the lease up (a clean stop), so another process can take over at once. */
export function releaseJobLease(db: ClinicDb, input: { name: string; holder: string }): void {
  stmt(db.sqlite, `DELETE FROM job_leases WHERE name = ? AND holder = ?`).run(
    input.name,
    input.holder,
  );
}
