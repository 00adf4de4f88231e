/**
 * Eligibility storage: X12 control numbers, the fee schedule, the clearinghouse connection, and
 * every verification with its raw 270/271 and the benefits read from it.
 */
import type { ClinicDb } from '../open';
import { stmt } from './statements';

/**
 * The next interchange and group control numbers (ISA13, GS06), counted in the database inside
 * the caller's transaction so two desks or a restart never reuse one; 999999999 wraps to 1.
 */
export function allocateControlNumbers(db: ClinicDb): { interchange: number; group: number } {
  stmt(
    db.sqlite,
    'INSERT INTO x12_counters (id, interchange, functional_group) VALUES (1, 0, 0) ON CONFLICT(id) DO NOTHING',
  ).run();
  return stmt(
    db.sqlite,
    `UPDATE x12_counters SET interchange = interchange % 999999999 + 1,
       functional_group = functional_group % 999999999 + 1 WHERE id = 1
     RETURNING interchange, functional_group AS "group"`,
  ).get() as { interchange: number; group: number };
}

export interface ClearinghouseSettingsRow {
  url: string;
  senderId: string;
  receiverId: string;
  username: string;
  passwordSealed: string;
  timeoutMs: number;
  maxAttempts: number;
  staleAfterHours: number;
  ratePerMinute: number;
  updatedMs: number;
}

export function getClearinghouseSettings(db: ClinicDb): ClearinghouseSettingsRow | null {
  return (
    (stmt(
      db.sqlite,
      `SELECT url, sender_id AS senderId, receiver_id AS receiverId, username, password_sealed AS passwordSealed,
              timeout_ms AS timeoutMs, max_attempts AS maxAttempts, stale_after_hours AS staleAfterHours,
              rate_per_minute AS ratePerMinute, updated_ms AS updatedMs
         FROM clearinghouse_settings WHERE id = 1`,
    ).get() as ClearinghouseSettingsRow | undefined) ?? null
  );
}

export function saveClearinghouseSettings(db: ClinicDb, row: ClearinghouseSettingsRow): void {
  stmt(
    db.sqlite,
    `INSERT INTO clearinghouse_settings (id, url, sender_id, receiver_id, username, password_sealed, timeout_ms,
       max_attempts, stale_after_hours, rate_per_minute, updated_ms)
     VALUES (1, @url, @senderId, @receiverId, @username, @passwordSealed, @timeoutMs, @maxAttempts,
       @staleAfterHours, @ratePerMinute, @updatedMs)
     ON CONFLICT(id) DO UPDATE SET url = excluded.url, sender_id = excluded.sender_id,
       receiver_id = excluded.receiver_id, username = excluded.username, password_sealed = excluded.password_sealed,
       timeout_ms = excluded.timeout_ms, max_attempts = excluded.max_attempts,
       stale_after_hours = excluded.stale_after_hours, rate_per_minute = excluded.rate_per_minute,
       updated_ms = excluded.updated_ms`,
  ).run(row);
}

export interface FeeRow {
  visitTypeId: number;
  payerId: number | null;
  allowedCents: number;
}

export function listFees(db: ClinicDb): FeeRow[] {
  return stmt(
    db.sqlite,
    'SELECT visit_type_id AS visitTypeId, payer_id AS payerId, allowed_cents AS allowedCents FROM visit_type_fees ORDER BY visit_type_id, payer_id',
  ).all() as FeeRow[];
}

/** Set (or with null cents, remove) the allowed amount of a visit type for a payer or the default. */
export function setFee(
  db: ClinicDb,
  now: number,
  f: { visitTypeId: number; payerId: number | null; allowedCents: number | null },
): void {
  // SQLite's unique index treats NULL payers as distinct, so the default row is found by hand.
  stmt(db.sqlite, 'DELETE FROM visit_type_fees WHERE visit_type_id = ? AND payer_id IS ?').run(
    f.visitTypeId,
    f.payerId,
  );
  if (f.allowedCents !== null)
    stmt(
      db.sqlite,
      'INSERT INTO visit_type_fees (visit_type_id, payer_id, allowed_cents, updated_ms) VALUES (?, ?, ?, ?)',
    ).run(f.visitTypeId, f.payerId, f.allowedCents, now);
}

export function setSelfPay(db: ClinicDb, visitTypeId: number, cents: number | null): void {
  stmt(db.sqlite, 'UPDATE visit_types SET self_pay_cents = ? WHERE id = ?').run(cents, visitTypeId);
}

export function selfPayCents(db: ClinicDb, visitTypeId: number): number | null {
  return (
    (
      stmt(db.sqlite, 'SELECT self_pay_cents AS c FROM visit_types WHERE id = ?').get(
        visitTypeId,
      ) as { c: number | null } | undefined
    )?.c ?? null
  );
}

export interface CheckRow {
  id: number;
  patientId: number;
  coverageId: number;
  appointmentId: number | null;
  batchId: number | null;
  serviceTypes: string;
  dateOfService: string;
  status: 'queued' | 'sending' | 'done' | 'failed' | 'manual';
  source: 'clearinghouse' | 'manual';
  interchangeControl: number | null;
  requestX12: string | null;
  responseX12: string | null;
  result: string | null;
  coverageStatus: 'active' | 'inactive' | 'unknown' | null;
  error: string | null;
  attempts: number;
  nextAttemptMs: number | null;
  requestedMs: number;
  requestedBy: string;
  completedMs: number | null;
}

const CHECK_COLUMNS = `id, patient_id AS patientId, coverage_id AS coverageId, appointment_id AS appointmentId,
  batch_id AS batchId, service_types AS serviceTypes, date_of_service AS dateOfService, status, source,
  interchange_control AS interchangeControl, request_x12 AS requestX12, response_x12 AS responseX12, result,
  coverage_status AS coverageStatus, error, attempts, next_attempt_ms AS nextAttemptMs,
  requested_ms AS requestedMs, requested_by AS requestedBy, completed_ms AS completedMs`;

export function insertCheck(
  db: ClinicDb,
  c: Pick<
    CheckRow,
    | 'patientId'
    | 'coverageId'
    | 'appointmentId'
    | 'batchId'
    | 'serviceTypes'
    | 'dateOfService'
    | 'status'
    | 'source'
    | 'requestedMs'
    | 'requestedBy'
  > &
    Partial<Pick<CheckRow, 'result' | 'coverageStatus' | 'completedMs' | 'error'>>,
): number {
  return Number(
    stmt(
      db.sqlite,
      `INSERT INTO eligibility_checks (patient_id, coverage_id, appointment_id, batch_id, service_types, date_of_service,
         status, source, result, coverage_status, error, requested_ms, requested_by, completed_ms)
       VALUES (@patientId, @coverageId, @appointmentId, @batchId, @serviceTypes, @dateOfService, @status, @source,
         @result, @coverageStatus, @error, @requestedMs, @requestedBy, @completedMs)`,
    ).run({
      result: null,
      coverageStatus: null,
      completedMs: null,
      error: null,
      ...c,
    }).lastInsertRowid,
  );
}

export function getCheck(db: ClinicDb, id: number): CheckRow | null {
  return (
    (stmt(db.sqlite, `SELECT ${CHECK_COLUMNS} FROM eligibility_checks WHERE id = ?`).get(id) as
      CheckRow | undefined) ?? null
  );
}

export function listChecks(
  db: ClinicDb,
  filter: { patientId?: number; appointmentId?: number; batchId?: number; limit: number },
): CheckRow[] {
  return stmt(
    db.sqlite,
    `SELECT ${CHECK_COLUMNS} FROM eligibility_checks
      WHERE (@patientId IS NULL OR patient_id = @patientId)
        AND (@appointmentId IS NULL OR appointment_id = @appointmentId)
        AND (@batchId IS NULL OR batch_id = @batchId)
      ORDER BY requested_ms DESC, id DESC LIMIT @limit`,
  ).all({
    patientId: filter.patientId ?? null,
    appointmentId: filter.appointmentId ?? null,
    batchId: filter.batchId ?? null,
    limit: filter.limit,
  }) as CheckRow[];
}

/** The newest finished answer (clearinghouse or manual) for a coverage, if any. */
export function latestAnswer(db: ClinicDb, coverageId: number): CheckRow | null {
  return (
    (stmt(
      db.sqlite,
      `SELECT ${CHECK_COLUMNS} FROM eligibility_checks
        WHERE coverage_id = ? AND status IN ('done','manual') ORDER BY completed_ms DESC, id DESC LIMIT 1`,
    ).get(coverageId) as CheckRow | undefined) ?? null
  );
}

/** Whether a check for this coverage is already waiting or being sent (no need to queue another). */
export function pendingCheck(
  db: ClinicDb,
  coverageId: number,
  dateOfService: string,
): CheckRow | null {
  return (
    (stmt(
      db.sqlite,
      `SELECT ${CHECK_COLUMNS} FROM eligibility_checks
        WHERE coverage_id = ? AND date_of_service = ? AND status IN ('queued','sending') LIMIT 1`,
    ).get(coverageId, dateOfService) as CheckRow | undefined) ?? null
  );
}

/** Claim up to `limit` due checks for sending: queued → sending, attempts + 1, in one statement. */
export function claimDueChecks(db: ClinicDb, now: number, limit: number): CheckRow[] {
  const ids = (
    stmt(
      db.sqlite,
      `UPDATE eligibility_checks SET status = 'sending', attempts = attempts + 1
        WHERE id IN (SELECT id FROM eligibility_checks
                      WHERE status = 'queued' AND (next_attempt_ms IS NULL OR next_attempt_ms <= ?)
                      ORDER BY requested_ms, id LIMIT ?)
        RETURNING id`,
    ).all(now, limit) as { id: number }[]
  ).map((r) => r.id);
  return ids
    .map((id) => getCheck(db, id)!)
    .sort((a, b) => a.requestedMs - b.requestedMs || a.id - b.id);
}

/** After a crash, checks left 'sending' go back to the queue (an inquiry is a read: resending is safe). */
export function requeueStale(db: ClinicDb, olderThanMs: number): number {
  return stmt(
    db.sqlite,
    `UPDATE eligibility_checks SET status = 'queued', next_attempt_ms = NULL
      WHERE status = 'sending' AND requested_ms < ?`,
  ).run(olderThanMs).changes;
}

export function recordSent(
  db: ClinicDb,
  id: number,
  f: { interchangeControl: number; requestX12: string },
): void {
  stmt(
    db.sqlite,
    'UPDATE eligibility_checks SET interchange_control = ?, request_x12 = ? WHERE id = ?',
  ).run(f.interchangeControl, f.requestX12, id);
}

export function finishCheck(
  db: ClinicDb,
  id: number,
  f: {
    status: 'done' | 'failed' | 'queued';
    responseX12?: string | null;
    result?: string | null;
    coverageStatus?: CheckRow['coverageStatus'];
    error?: string | null;
    completedMs?: number | null;
    nextAttemptMs?: number | null;
  },
): void {
  stmt(
    db.sqlite,
    `UPDATE eligibility_checks SET status = @status, response_x12 = coalesce(@responseX12, response_x12),
       result = coalesce(@result, result), coverage_status = coalesce(@coverageStatus, coverage_status),
       error = @error, completed_ms = @completedMs, next_attempt_ms = @nextAttemptMs
     WHERE id = @id`,
  ).run({
    id,
    status: f.status,
    responseX12: f.responseX12 ?? null,
    result: f.result ?? null,
    coverageStatus: f.coverageStatus ?? null,
    error: f.error ?? null,
    completedMs: f.completedMs ?? null,
    nextAttemptMs: f.nextAttemptMs ?? null,
  });
}

export function insertBatch(
  db: ClinicDb,
  b: { fromDate: string; toDate: string; requestedMs: number; requestedBy: string; total: number },
): number {
  return Number(
    stmt(
      db.sqlite,
      `INSERT INTO eligibility_batches (from_date, to_date, requested_ms, requested_by, total)
       VALUES (@fromDate, @toDate, @requestedMs, @requestedBy, @total)`,
    ).run(b).lastInsertRowid,
  );
}

export function getBatch(db: ClinicDb, id: number) {
  return (
    (stmt(
      db.sqlite,
      `SELECT id, from_date AS fromDate, to_date AS toDate, requested_ms AS requestedMs, requested_by AS requestedBy,
              total, cancelled_ms AS cancelledMs FROM eligibility_batches WHERE id = ?`,
    ).get(id) as
      | {
          id: number;
          fromDate: string;
          toDate: string;
          requestedMs: number;
          requestedBy: string;
          total: number;
          cancelledMs: number | null;
        }
      | undefined) ?? null
  );
}

/** Stop a batch: its checks not yet sent are failed with the reason; answers already in stay. */
export function cancelBatch(db: ClinicDb, id: number, now: number, by: string): number {
  stmt(db.sqlite, 'UPDATE eligibility_batches SET cancelled_ms = ? WHERE id = ?').run(now, id);
  return stmt(
    db.sqlite,
    `UPDATE eligibility_checks SET status = 'failed', error = ?, completed_ms = ?
      WHERE batch_id = ? AND status = 'queued'`,
  ).run(`Batch stopped by ${by} before this check was sent.`, now, id).changes;
}
