import { eq } from 'drizzle-orm';
import {
  appointmentFromRow,
  OCCUPYING_STATUSES,
  type Appointment,
} from '../../entities/appointment';
import type { BusySpan } from '../../scheduling/types';
import { MINUTE_MS } from '../../time';
import type { ClinicDb } from '../open';
import { appointments } from '../schema';
import { stmt } from './statements';

const OCCUPYING_SQL = OCCUPYING_STATUSES.map((s) => `'${s}'`).join(',');
const DAY_MS = 86_400_000;

export interface BusyRow {
  providerId: number;
  appointmentId: number | null;
  start: number;
  end: number;
  visitTypeId: number | null;
}

/**
 * Raw busy time of providers around a window: appointments that hold time, and external busy
 * blocks. Reads one covering index per kind. Widened by a day on both sides so that buffers of
 * appointments just outside the window are seen (appointments are at most a day long).
 */
export function readBusyRows(
  db: ClinicDb,
  providerIds: readonly number[],
  window: { start: number; end: number },
): BusyRow[] {
  const ids = JSON.stringify(providerIds);
  const from = window.start - DAY_MS;
  const to = window.end + DAY_MS;
  const appts = stmt(
    db.sqlite,
    `SELECT provider_id AS providerId, id AS appointmentId, start_ms AS start, end_ms AS end, visit_type_id AS visitTypeId
       FROM appointments
      WHERE provider_id IN (SELECT value FROM json_each(?)) AND start_ms >= ? AND start_ms < ? AND status IN (${OCCUPYING_SQL})`,
  ).all(ids, from, to) as BusyRow[];
  const external = stmt(
    db.sqlite,
    `SELECT provider_id AS providerId, NULL AS appointmentId, start_ms AS start, end_ms AS end, NULL AS visitTypeId
       FROM external_busy
      WHERE provider_id IN (SELECT value FROM json_each(?)) AND start_ms < ? AND end_ms > ?`,
  ).all(ids, to, from) as BusyRow[];
  return appts.concat(external);
}

/** Busy rows as the engine's spans, grouped by provider, each carrying its visit type's buffers. */
export function busyByProvider(
  rows: readonly BusyRow[],
  buffers: ReadonlyMap<number, { before: number; after: number }>,
  exceptAppointmentId?: number,
): Map<number, BusySpan[]> {
  const out = new Map<number, BusySpan[]>();
  for (const r of rows) {
    if (exceptAppointmentId !== undefined && r.appointmentId === exceptAppointmentId) continue;
    const b = r.visitTypeId === null ? undefined : buffers.get(r.visitTypeId);
    let list = out.get(r.providerId);
    if (!list) out.set(r.providerId, (list = []));
    list.push({
      start: r.start,
      end: r.end,
      bufferBeforeMs: (b?.before ?? 0) * MINUTE_MS,
      bufferAfterMs: (b?.after ?? 0) * MINUTE_MS,
    });
  }
  return out;
}

export function getAppointmentRow(db: ClinicDb, id: number) {
  return db.orm.select().from(appointments).where(eq(appointments.id, id)).get() ?? null;
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
