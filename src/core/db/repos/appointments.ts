import {
  appointmentFromRow,
  OCCUPYING_STATUSES,
  type Appointment,
} from '../../entities/appointment';
import type { BusySpan } from '../../scheduling/types';
import { MINUTE_MS } from '../../time';
import type { ClinicDb } from '../open';
import type { appointments } from '../schema';
import { stmt } from './statements';

const OCCUPYING_SQL = OCCUPYING_STATUSES.map((s) => `'${s}'`).join(',');
const DAY_MS = 86_400_000;
/** A visit type's buffers are at most 120 minutes each (entities/visitType.ts). */
const BUFFER_REACH_MS = 2 * 120 * 60_000;

/**
 * Busy time of providers around a window, grouped by provider, each span carrying the buffers of
 * its visit type: appointments that hold time, and external busy blocks. Reads one covering index
 * per kind (appointments, slots held for an absence's proposals, external busy). The window is widened by the longest pair of buffers (two hours each, by CHECK on
 * visit_types) so that every footprint reaching into it is seen; appointments are found by start
 * as far back as the longest appointment stored (appointment_span, kept by trigger; at most a day
 * by CHECK) and kept only if they end inside the widened window, which the covering index answers
 * without the table. Rows come back as arrays (raw
 * mode) and go straight into spans: this is the engine's hottest read, and building objects per
 * row costs more than the index lookup.
 */
export function readBusy(
  db: ClinicDb,
  providerIds: readonly number[],
  window: { start: number; end: number },
  buffers: ReadonlyMap<number, { before: number; after: number }>,
  exceptAppointmentId?: number,
): Map<number, BusySpan[]> {
  const ids = JSON.stringify(providerIds);
  const from = window.start - BUFFER_REACH_MS;
  const to = window.end + BUFFER_REACH_MS;
  const longest =
    (
      stmt(db.sqlite, 'SELECT longest_ms AS ms FROM appointment_span WHERE id = 1').get() as
        { ms: number } | undefined
    )?.ms ?? DAY_MS;
  const appts = stmt(
    db.sqlite,
    `SELECT provider_id, id, start_ms, end_ms, visit_type_id
       FROM appointments
      WHERE provider_id IN (SELECT value FROM json_each(?)) AND start_ms >= ? AND start_ms < ? AND end_ms > ?
        AND status IN (${OCCUPYING_SQL})`,
  )
    .raw(true)
    .all(ids, from - Math.min(longest, DAY_MS), to, from) as [
    number,
    number,
    number,
    number,
    number,
  ][];
  const external = stmt(
    db.sqlite,
    `SELECT provider_id, start_ms, end_ms
       FROM external_busy
      WHERE provider_id IN (SELECT value FROM json_each(?)) AND start_ms < ? AND end_ms > ?`,
  )
    .raw(true)
    .all(ids, to, from) as [number, number, number][];
  // Slots held for a provider absence's proposals (schema.ts slot_holds) hold time like a visit
  // of their visit type, so every booking path and opening search passes them by.
  const holds = stmt(
    db.sqlite,
    `SELECT provider_id, start_ms, end_ms, visit_type_id
       FROM slot_holds
      WHERE provider_id IN (SELECT value FROM json_each(?)) AND start_ms >= ? AND start_ms < ? AND end_ms > ?`,
  )
    .raw(true)
    .all(ids, from - DAY_MS, to, from) as [number, number, number, number][];
  const out = new Map<number, BusySpan[]>();
  const listOf = (providerId: number) => {
    let list = out.get(providerId);
    if (!list) out.set(providerId, (list = []));
    return list;
  };
  for (const [providerId, id, start, end, visitTypeId] of appts) {
    if (id === exceptAppointmentId) continue;
    const b = buffers.get(visitTypeId);
    listOf(providerId).push({
      start,
      end,
      bufferBeforeMs: (b?.before ?? 0) * MINUTE_MS,
      bufferAfterMs: (b?.after ?? 0) * MINUTE_MS,
    });
  }
  for (const [providerId, start, end, visitTypeId] of holds) {
    const b = buffers.get(visitTypeId);
    listOf(providerId).push({
      start,
      end,
      bufferBeforeMs: (b?.before ?? 0) * MINUTE_MS,
      bufferAfterMs: (b?.after ?? 0) * MINUTE_MS,
    });
  }
  for (const [providerId, start, end] of external) {
    listOf(providerId).push({ start, end, bufferBeforeMs: 0, bufferAfterMs: 0 });
  }
  return out;
}

const appointmentColumns = (
  t: string,
) => `${t}id AS id, ${t}confirmation_code AS confirmationCode, ${t}patient_id AS patientId,
  ${t}provider_id AS providerId, ${t}location_id AS locationId, ${t}visit_type_id AS visitTypeId, ${t}start_ms AS startMs,
  ${t}end_ms AS endMs, ${t}status AS status, ${t}overbook = 1 AS overbook, ${t}overbook_reason AS overbookReason, ${t}rule_override_reason AS ruleOverrideReason,
  ${t}cancel_reason AS cancelReason, ${t}cancelled_by AS cancelledBy, ${t}late_cancel = 1 AS lateCancel,
  ${t}cancelled_ms AS cancelledMs, ${t}rescheduled_from_id AS rescheduledFromId, ${t}rescheduled_to_id AS rescheduledToId,
  ${t}booked_by AS bookedBy, ${t}booked_from AS bookedFrom, ${t}created_ms AS createdMs, ${t}updated_ms AS updatedMs`;
const APPOINTMENT_COLUMNS = appointmentColumns('');

type AppointmentRow = typeof appointments.$inferSelect;
function fromSql(r: Record<string, unknown> | undefined): AppointmentRow | null {
  if (!r) return null;
  return { ...r, overbook: r.overbook === 1, lateCancel: r.lateCancel === 1 } as AppointmentRow;
}

export function getAppointmentRow(db: ClinicDb, id: number): AppointmentRow | null {
  return fromSql(
    stmt(db.sqlite, `SELECT ${APPOINTMENT_COLUMNS} FROM appointments WHERE id = ?`).get(id) as
      Record<string, unknown> | undefined,
  );
}

/** Inserts a new 'booked' appointment; the overlap trigger has the last word. */
export function insertAppointmentRow(
  db: ClinicDb,
  v: {
    confirmationCode: string;
    patientId: number;
    providerId: number;
    locationId: number;
    visitTypeId: number;
    startMs: number;
    endMs: number;
    overbook: number;
    overbookReason: string | null;
    ruleOverrideReason: string | null;
    rescheduledFromId: number | null;
    bookedBy: string;
    bookedFrom: string;
    now: number;
    /** 'booked' unless a reschedule keeps the visit confirmed. */
    status?: 'booked' | 'confirmed';
  },
): AppointmentRow {
  const row = stmt(
    db.sqlite,
    `INSERT INTO appointments (confirmation_code, patient_id, provider_id, location_id, visit_type_id, start_ms, end_ms, status,
       overbook, overbook_reason, rule_override_reason, rescheduled_from_id, booked_by, booked_from, created_ms, updated_ms)
     VALUES (@confirmationCode, @patientId, @providerId, @locationId, @visitTypeId, @startMs, @endMs, @status,
       @overbook, @overbookReason, @ruleOverrideReason, @rescheduledFromId, @bookedBy, @bookedFrom, @now, @now)
     RETURNING ${APPOINTMENT_COLUMNS}`,
  ).get({ ...v, status: v.status ?? 'booked' }) as Record<string, unknown>;
  return fromSql(row)!;
}

export function getAppointment(db: ClinicDb, id: number): Appointment | null {
  const row = getAppointmentRow(db, id);
  return row ? appointmentFromRow(row) : null;
}

/** Appointments that hold a patient's time and overlap [start, end), for the patient-overlap check. */
export function patientOverlaps(
  db: ClinicDb,
  patientId: number,
  start: number,
  end: number,
  exceptId: number | null,
) {
  return stmt(
    db.sqlite,
    `SELECT id, provider_id AS providerId, start_ms AS start, end_ms AS end FROM appointments
      WHERE patient_id = ? AND start_ms > ? AND start_ms < ? AND end_ms > ? AND status IN (${OCCUPYING_SQL}) AND id <> ?`,
  ).all(patientId, start - DAY_MS, end, start, exceptId ?? -1) as {
    id: number;
    providerId: number;
    start: number;
    end: number;
  }[];
}

/** An appointment with the names the calendar shows on it. */
export type AppointmentItem = Appointment & {
  patientName: string;
  visitTypeName: string;
  visitTypeColor: string;
};

/** Appointments starting in [from, to), optionally for some providers, a location, a patient or statuses, by start. */
export function listAppointmentItems(
  db: ClinicDb,
  f: {
    from: number;
    to: number;
    providerIds?: number[] | undefined;
    locationId?: number | undefined;
    patientId?: number | undefined;
    statuses?: readonly string[] | undefined;
  },
): AppointmentItem[] {
  const where = ['a.start_ms >= @from', 'a.start_ms < @to'];
  const params: Record<string, unknown> = { from: f.from, to: f.to };
  if (f.providerIds) {
    where.push('a.provider_id = j.value');
    params.providers = JSON.stringify(f.providerIds);
  }
  if (f.locationId) {
    where.push('a.location_id = @location');
    params.location = f.locationId;
  }
  if (f.patientId) {
    where.push('a.patient_id = @patient');
    params.patient = f.patientId;
  }
  if (f.statuses) {
    where.push('a.status IN (SELECT value FROM json_each(@statuses))');
    params.statuses = JSON.stringify(f.statuses);
  }
  // With providers given, walk them first (CROSS JOIN fixes the order) so each reads its own
  // stretch of the (provider, start) index; otherwise SQLite scans every provider's week by start time.
  const rows = stmt(
    db.sqlite,
    `SELECT ${appointmentColumns('a.')}, p.first_name || ' ' || p.last_name AS patientName, v.name AS visitTypeName, v.color AS visitTypeColor
       FROM ${f.providerIds ? 'json_each(@providers) j CROSS JOIN ' : ''}appointments a JOIN patients p ON p.id = a.patient_id JOIN visit_types v ON v.id = a.visit_type_id
      WHERE ${where.join(' AND ')} ORDER BY a.start_ms, a.provider_id LIMIT 20000`,
  ).all(params) as Record<string, unknown>[];
  return rows.map((r) => ({
    ...appointmentFromRow(fromSql(r)!),
    patientName: r.patientName as string,
    visitTypeName: r.visitTypeName as string,
    visitTypeColor: r.visitTypeColor as string,
  }));
}
