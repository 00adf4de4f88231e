/**
 * A clinic can always leave with its data: patients, appointments, providers, visit types and
 * fees as CSV (RFC 4180, by csv-stringify). Read a page at a time in id order (keyset paging), so
 * a large clinic's million appointments never sit in one string on either side: the host holds
 * one page, the window collects pages into a Blob.
 */
import { stringify } from 'csv-stringify/sync';
import type { ClinicDb } from '../../db/open';
import { stmt } from '../../db/repos/statements';
import { COMMON_SPECIALTIES } from '../../entities/specialty';
import { formatInstantLocal } from '../../time';

export const EXPORT_TABLES = [
  'patients',
  'appointments',
  'providers',
  'visitTypes',
  'fees',
] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

type Row = Record<string, unknown>;

interface TableExport {
  /** Column headers, in order; each row is mapped to these. */
  header: string[];
  /** Rows after `afterId` (the paging key), in key order, at most `limit`. */
  sql: string;
  count: string;
  toRow(r: Row, zone: string): unknown[];
}

const yes = (v: unknown) => (v === 1 ? 'yes' : 'no');
const at = (zone: string, ms: unknown) =>
  typeof ms === 'number' ? formatInstantLocal(zone, ms) : '';
const utc = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString() : '');

const TABLES: Record<ExportTable, TableExport> = {
  patients: {
    header: [
      'patient_id',
      'first_name',
      'last_name',
      'date_of_birth',
      'sex',
      'phone_mobile',
      'phone_home',
      'email',
      'address',
      'city',
      'state',
      'zip',
      'preferred_language',
      'sms_consent',
      'email_consent',
      'voice_consent',
      'preferred_channel',
      'time_zone',
      'active',
      'inactive_reason',
      'merged_into_patient_id',
      'created',
      'updated',
    ],
    sql: 'SELECT * FROM patients WHERE id > ? ORDER BY id LIMIT ?',
    count: 'SELECT count(*) AS n FROM patients',
    toRow: (r, zone) => [
      r.id,
      r.first_name,
      r.last_name,
      r.date_of_birth,
      r.sex,
      r.phone_mobile,
      r.phone_home,
      r.email,
      r.address1,
      r.city,
      r.state,
      r.zip,
      r.preferred_language,
      yes(r.sms_consent),
      yes(r.email_consent),
      yes(r.voice_consent),
      r.preferred_channel,
      r.time_zone,
      yes(r.active),
      r.inactive_reason,
      r.merged_into_id,
      at(zone, r.created_ms),
      at(zone, r.updated_ms),
    ],
  },
  appointments: {
    header: [
      'appointment_id',
      'confirmation_code',
      'patient_id',
      'patient_name',
      'provider_id',
      'provider_name',
      'location',
      'visit_type',
      'start_local',
      'end_local',
      'start_utc',
      'end_utc',
      'status',
      'late_cancel',
      'cancel_reason',
      'overbook_reason',
      'rescheduled_to_appointment_id',
      'booked_by',
      'created',
    ],
    sql: `SELECT a.*, p.first_name || ' ' || p.last_name AS patient_name,
                 v.first_name || ' ' || v.last_name || coalesce(', ' || v.credentials, '') AS provider_name,
                 l.name AS location_name, t.name AS visit_type_name
            FROM appointments a
            JOIN patients p ON p.id = a.patient_id
            JOIN providers v ON v.id = a.provider_id
            JOIN locations l ON l.id = a.location_id
            JOIN visit_types t ON t.id = a.visit_type_id
           WHERE a.id > ? ORDER BY a.id LIMIT ?`,
    count: 'SELECT count(*) AS n FROM appointments',
    toRow: (r, zone) => [
      r.id,
      r.confirmation_code,
      r.patient_id,
      r.patient_name,
      r.provider_id,
      r.provider_name,
      r.location_name,
      r.visit_type_name,
      at(zone, r.start_ms),
      at(zone, r.end_ms),
      utc(r.start_ms),
      utc(r.end_ms),
      r.status,
      yes(r.late_cancel),
      r.cancel_reason,
      r.overbook_reason,
      r.rescheduled_to_id,
      r.booked_by,
      at(zone, r.created_ms),
    ],
  },
  providers: {
    header: [
      'provider_id',
      'npi',
      'first_name',
      'last_name',
      'credentials',
      'taxonomy_code',
      'specialty',
      'languages',
      'sex',
      'accepts_new_patients',
      'min_age_years',
      'max_age_years',
      'locations',
      'active',
    ],
    sql: `SELECT v.*, coalesce(n.display_name, '') AS specialty,
                 (SELECT group_concat(l.name, '; ') FROM provider_locations pl JOIN locations l ON l.id = pl.location_id
                   WHERE pl.provider_id = v.id) AS location_names
            FROM providers v LEFT JOIN taxonomy_names n ON n.code = v.taxonomy_code
           WHERE v.id > ? ORDER BY v.id LIMIT ?`,
    count: 'SELECT count(*) AS n FROM providers',
    toRow: (r) => [
      r.id,
      r.npi,
      r.first_name,
      r.last_name,
      r.credentials,
      r.taxonomy_code,
      COMMON_SPECIALTIES[String(r.taxonomy_code)] ?? (r.specialty || r.taxonomy_code),
      (JSON.parse(String(r.languages ?? '[]')) as string[]).join('; '),
      r.sex,
      yes(r.accepts_new_patients),
      r.min_age_years,
      r.max_age_years,
      r.location_names,
      yes(r.active),
    ],
  },
  visitTypes: {
    header: [
      'visit_type_id',
      'name',
      'duration_minutes',
      'cpt_code',
      'patients',
      'buffer_before_minutes',
      'buffer_after_minutes',
      'self_pay_dollars',
      'active',
    ],
    sql: 'SELECT * FROM visit_types WHERE id > ? ORDER BY id LIMIT ?',
    count: 'SELECT count(*) AS n FROM visit_types',
    toRow: (r) => [
      r.id,
      r.name,
      r.duration_minutes,
      r.cpt_code,
      r.patient_status,
      r.buffer_before_minutes,
      r.buffer_after_minutes,
      dollars(r.self_pay_cents),
      yes(r.active),
    ],
  },
  fees: {
    header: ['fee_id', 'visit_type', 'cpt_code', 'payer', 'allowed_dollars', 'updated'],
    sql: `SELECT f.*, t.name AS visit_type_name, t.cpt_code, p.name AS payer_name
            FROM visit_type_fees f JOIN visit_types t ON t.id = f.visit_type_id
            LEFT JOIN payers p ON p.id = f.payer_id
           WHERE f.id > ? ORDER BY f.id LIMIT ?`,
    count: 'SELECT count(*) AS n FROM visit_type_fees',
    toRow: (r, zone) => [
      r.id,
      r.visit_type_name,
      r.cpt_code,
      r.payer_name ?? 'any payer (default)',
      dollars(r.allowed_cents),
      at(zone, r.updated_ms),
    ],
  },
};

function dollars(cents: unknown): string {
  return typeof cents === 'number' ? (cents / 100).toFixed(2) : '';
}

export const EXPORT_FILE_NAMES: Record<ExportTable, string> = {
  patients: 'patients',
  appointments: 'appointments',
  providers: 'providers',
  visitTypes: 'visit-types',
  fees: 'fees',
};

/**
 * One page of a table as CSV text. The first page (afterId 0) starts with the header row and
 * says how many rows the whole file will have; `nextAfterId` is null on the last page.
 */
export function exportPage(
  db: ClinicDb,
  p: { table: ExportTable; afterId: number; limit: number; zone: string },
): { csv: string; rows: number; nextAfterId: number | null; totalRows: number | null } {
  const t = TABLES[p.table];
  const rows = stmt(db.sqlite, t.sql).all(p.afterId, p.limit) as Row[];
  const body = stringify(
    rows.map((r) => t.toRow(r, p.zone)),
    { header: false, cast: { boolean: (b) => (b ? 'yes' : 'no') } },
  );
  const first = p.afterId === 0;
  const csv = (first ? stringify([t.header]) : '') + body;
  const last = rows.length < p.limit;
  return {
    csv,
    rows: rows.length,
    nextAfterId: last ? null : (rows[rows.length - 1]!.id as number),
    totalRows: first ? (stmt(db.sqlite, t.count).get() as { n: number }).n : null,
  };
}
