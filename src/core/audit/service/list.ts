/**
 * The manager's audit viewer: who did or saw what, when, from which desk, filtered by person,
 * patient, date range and action, newest first, a page at a time; and the same rows as CSV.
 * A patient's rows are those about the patient (reads of their record, benefits, estimates;
 * changes to the record) and those about their appointments (details.patientId).
 */
import { stringify } from 'csv-stringify/sync';
import type { ClinicDb } from '../../db/open';
import { stmt } from '../../db/repos/statements';

export interface AuditFilter {
  userId?: number | undefined;
  patientId?: number | undefined;
  /** Instants: from inclusive, to exclusive. */
  fromMs?: number | undefined;
  toMs?: number | undefined;
  /** An exact action ('patient.viewed') or a family ('appointment' matches appointment.*). */
  action?: string | undefined;
}

export interface AuditRow {
  id: number;
  atMs: number;
  actor: string;
  userId: number | null;
  username: string | null;
  workstation: string;
  origin: string;
  action: string;
  entityType: string;
  entityId: number | null;
  patientId: number | null;
  patientName: string | null;
  details: Record<string, unknown>;
}

const WHERE = `
  WHERE (@userId IS NULL OR a.user_id = @userId)
    AND (@patientId IS NULL
         OR (a.entity_type = 'patient' AND a.entity_id = @patientId)
         OR (a.details LIKE '%"patientId":%' AND json_extract(a.details, '$.patientId') = @patientId))
    AND (@fromMs IS NULL OR a.at_ms >= @fromMs)
    AND (@toMs IS NULL OR a.at_ms < @toMs)
    AND (@action IS NULL OR a.action = @action OR a.action LIKE @actionFamily ESCAPE '\\')`;

const PATIENT_OF = `CASE WHEN a.entity_type = 'patient' THEN a.entity_id
  WHEN a.details LIKE '%"patientId":%' THEN json_extract(a.details, '$.patientId') END`;

const SELECT = `SELECT a.id, a.at_ms AS atMs, a.actor, a.user_id AS userId, u.username,
    a.workstation, a.origin, a.action, a.entity_type AS entityType, a.entity_id AS entityId,
    p.id AS patientId, CASE WHEN p.id IS NULL THEN NULL ELSE p.first_name || ' ' || p.last_name END AS patientName,
    a.details
  FROM audit_log a
  LEFT JOIN users u ON u.id = a.user_id
  LEFT JOIN patients p ON p.id = ${PATIENT_OF}`;

function params(f: AuditFilter) {
  const action = f.action?.trim() || null;
  return {
    userId: f.userId ?? null,
    patientId: f.patientId ?? null,
    fromMs: f.fromMs ?? null,
    toMs: f.toMs ?? null,
    action,
    actionFamily: action ? `${action.replace(/[\\%_]/g, (c) => `\\${c}`)}.%` : null,
  };
}

function toRow(r: Record<string, unknown>): AuditRow {
  let details: Record<string, unknown> = {};
  try {
    details = JSON.parse(r.details as string) as Record<string, unknown>;
  } catch {
    details = { text: r.details };
  }
  return { ...(r as unknown as AuditRow), details };
}

export function listAudit(
  db: ClinicDb,
  filter: AuditFilter,
  page: { offset: number; limit: number },
): { rows: AuditRow[]; total: number } {
  const p = params(filter);
  const rows = stmt(
    db.sqlite,
    `${SELECT} ${WHERE} ORDER BY a.id DESC LIMIT @limit OFFSET @offset`,
  ).all({ ...p, limit: page.limit, offset: page.offset }) as Record<string, unknown>[];
  const total = (
    stmt(db.sqlite, `SELECT count(*) AS n FROM audit_log a ${WHERE}`).get(p) as { n: number }
  ).n;
  return { rows: rows.map(toRow), total };
}

export const AUDIT_CSV_LIMIT = 100_000;

/**
 * The filtered rows as CSV (RFC 4180, by csv-stringify), oldest first as an auditor reads them,
 * times in UTC ISO form and in the clinic's zone. Cells that a spreadsheet would run as a formula
 * (=, +, -, @ first) are prefixed with an apostrophe (OWASP CSV injection).
 */
export function auditCsv(
  db: ClinicDb,
  filter: AuditFilter,
  formatLocal: (ms: number) => string,
): { csv: string; rows: number; truncated: boolean } {
  const p = params(filter);
  const rows = stmt(db.sqlite, `${SELECT} ${WHERE} ORDER BY a.id DESC LIMIT @limit`).all({
    ...p,
    limit: AUDIT_CSV_LIMIT + 1,
  }) as Record<string, unknown>[];
  const truncated = rows.length > AUDIT_CSV_LIMIT;
  const list = rows.slice(0, AUDIT_CSV_LIMIT).reverse().map(toRow);
  const safe = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  };
  const csv = stringify(
    list.map((r) =>
      [
        r.id,
        new Date(r.atMs).toISOString(),
        formatLocal(r.atMs),
        r.actor,
        r.username,
        r.workstation,
        r.origin,
        r.action,
        r.entityType,
        r.entityId,
        r.patientId,
        r.patientName,
        JSON.stringify(r.details),
      ].map(safe),
    ),
    {
      header: true,
      columns: [
        'id',
        'time_utc',
        'time_local',
        'actor',
        'username',
        'workstation',
        'origin',
        'action',
        'entity_type',
        'entity_id',
        'patient_id',
        'patient_name',
        'details',
      ],
      record_delimiter: 'windows',
    },
  );
  return { csv, rows: list.length, truncated };
}
