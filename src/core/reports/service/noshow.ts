/**
 * The clinic's no-show risk over its own database: gather the closed appointments and what was
 * known when each was booked, train and judge the model (reports/noshow/model.ts), keep every
 * training in no_show_models with its reason in words, and score upcoming bookings for the staff
 * screens. Retrained weekly by the host's job runner (host/clinicJobs.ts).
 *
 * Only staff screens read the score (the call queue, the appointment panel) and the reminder
 * policy's optional extra touchpoint; the booking path never does, so no booking is refused for it,
 * and no message template has a field for it.
 */
import type { ClinicDb } from '../../db/open';
import { getClinic } from '../../db/repos/clinic';
import { stmt } from '../../db/repos/statements';
import { ageOn, instantToLocal, localDateOf } from '../../time';
import {
  noShowFeatures,
  type BookingFacts,
  type LocalMoment,
  type PastVisit,
  type ReminderAnswer,
} from '../noshow/features';
import {
  riskBand,
  scoreNoShow,
  trainClinicModel,
  type NoShowModel,
  type RiskBand,
  type TrainingExample,
  type TrainingOutcome,
} from '../noshow/model';

/** How often the clinic's model is trained again (the job catches up after days off). */
export const NOSHOW_RETRAIN_EVERY_MS = 7 * 86_400_000;
const WEEK_MS = NOSHOW_RETRAIN_EVERY_MS;
const KEPT = new Set(['arrived', 'in_room', 'completed']);

interface AppointmentRow {
  id: number;
  patientId: number;
  startMs: number;
  endMs: number;
  createdMs: number;
  status: string;
  visitType: string;
  dateOfBirth: string | null;
  /** 1 for visit history imported from another system: its booking time is unknown. */
  imported: number;
}

const APPOINTMENT_COLUMNS = `a.id, a.patient_id AS patientId, a.start_ms AS startMs, a.end_ms AS endMs,
  a.created_ms AS createdMs, a.status, v.name AS visitType, p.date_of_birth AS dateOfBirth,
  a.booked_from = 'import' AS imported
  FROM appointments a JOIN visit_types v ON v.id = a.visit_type_id JOIN patients p ON p.id = a.patient_id`;

function outcomeOf(status: string): PastVisit['outcome'] {
  if (status === 'no_show') return 'noShow';
  if (KEPT.has(status)) return 'kept';
  if (status === 'cancelled' || status === 'rescheduled') return 'cancelled';
  return 'open';
}

/**
 * What the patient answered (or what became of the reminders) per appointment, each with when:
 * a reply that confirms or cancels, a reminder that failed, or one sent and left unanswered.
 */
function reminderEvents(
  db: Pick<ClinicDb, 'sqlite'>,
  appointmentIds: readonly number[] | null,
): Map<number, { answer: ReminderAnswer; atMs: number }[]> {
  const filter = (col: string) =>
    appointmentIds === null ? '' : `AND ${col} IN (SELECT value FROM json_each(?))`;
  const args = appointmentIds === null ? [] : [JSON.stringify(appointmentIds)];
  const replies = stmt(
    db.sqlite,
    `SELECT appointment_id AS appointmentId, classification, received_ms AS atMs FROM inbound_messages
      WHERE appointment_id IS NOT NULL AND classification IN ('confirm','cancel') ${filter('appointment_id')}`,
  ).all(...args) as { appointmentId: number; classification: string; atMs: number }[];
  const sent = stmt(
    db.sqlite,
    `SELECT appointment_id AS appointmentId, status, coalesce(sent_ms, updated_ms) AS atMs FROM reminders
      WHERE kind = 'reminder' AND status IN ('sent','delivered','failed') ${filter('appointment_id')}`,
  ).all(...args) as { appointmentId: number; status: string; atMs: number }[];
  const out = new Map<number, { answer: ReminderAnswer; atMs: number }[]>();
  const add = (id: number, answer: ReminderAnswer, atMs: number) => {
    const list = out.get(id) ?? [];
    list.push({ answer, atMs });
    out.set(id, list);
  };
  for (const s of sent)
    add(s.appointmentId, s.status === 'failed' ? 'undelivered' : 'noAnswer', s.atMs);
  for (const r of replies) {
    add(r.appointmentId, r.classification === 'confirm' ? 'confirmed' : 'declined', r.atMs);
  }
  // A reply outranks "sent, no answer" at the same instant; otherwise the latest event wins.
  for (const list of out.values()) {
    list.sort((a, b) => a.atMs - b.atMs || rank(a.answer) - rank(b.answer));
  }
  return out;
}

const rank = (a: ReminderAnswer) => (a === 'noAnswer' || a === 'undelivered' ? 0 : 1);

function facts(p: {
  zone: string;
  row: AppointmentRow;
  reminders: { answer: ReminderAnswer; atMs: number }[] | undefined;
  asOfMs: number;
}): BookingFacts {
  const { zone, row } = p;
  const local = (ms: number): LocalMoment => instantToLocal(zone, ms);
  const visitDate = localDateOf(zone, row.startMs);
  const latest = (p.reminders ?? []).filter((e) => e.atMs <= p.asOfMs).at(-1);
  return {
    booked: local(row.createdMs),
    visit: local(row.startMs),
    ageYears: row.dateOfBirth ? ageOn(row.dateOfBirth, visitDate) : null,
    visitType: row.visitType,
    reminder: latest ? { answer: latest.answer, at: local(latest.atMs) } : null,
  };
}

function pastVisit(zone: string, row: AppointmentRow): PastVisit {
  // The outcome is known when the visit ends (a no-show is marked after the start at the earliest).
  return {
    visit: instantToLocal(zone, row.endMs),
    // Imported history was stored with created_ms = its start: when it was booked is unknown.
    booked: row.imported ? null : instantToLocal(zone, row.createdMs),
    outcome: outcomeOf(row.status),
  };
}

function groupByPatient(rows: readonly AppointmentRow[]): Map<number, AppointmentRow[]> {
  const m = new Map<number, AppointmentRow[]>();
  for (const r of rows) {
    const list = m.get(r.patientId) ?? [];
    list.push(r);
    m.set(r.patientId, list);
  }
  return m;
}

/**
 * Closed appointments (kept or no-show, due before `now`, not imported history) with their
 * booking-time features, read
 * over any connection to the clinic's file: the desk's own, or a training thread's read-only one
 * (service/noshowTrainer.ts), which is why it takes the raw connection and the zone.
 */
export function trainingExamplesOn(
  sqlite: ClinicDb['sqlite'],
  zone: string,
  now: number,
): TrainingExample[] {
  const rows = stmt(
    sqlite,
    `SELECT ${APPOINTMENT_COLUMNS} ORDER BY a.id`,
  ).all() as AppointmentRow[];
  // Each visit as history once (a zone conversion per row, not per pair of a patient's visits:
  // on a clinic of a million visits the pairwise version spent minutes in the time library).
  const pasts = new Map<number, PastVisit>();
  for (const r of rows) pasts.set(r.id, pastVisit(zone, r));
  const byPatient = groupByPatient(rows);
  const reminders = reminderEvents({ sqlite }, null);
  const examples: TrainingExample[] = [];
  for (const row of rows) {
    const outcome = outcomeOf(row.status);
    if ((outcome !== 'kept' && outcome !== 'noShow') || row.startMs >= now) continue;
    // Imported history is the later visits' prior kept/no-show record, never an example: its
    // booking time is unknown, so its lead time and booking hour would teach the model a
    // same-day booking that never happened.
    if (row.imported) continue;
    const history: PastVisit[] = [];
    for (const r of byPatient.get(row.patientId)!)
      if (r.id !== row.id) history.push(pasts.get(r.id)!);
    examples.push({
      // Trained as the call queue scores: reminders answered before the visit began are known.
      features: noShowFeatures({
        booking: facts({ zone, row, reminders: reminders.get(row.id), asOfMs: row.startMs }),
        history,
        asOf: instantToLocal(zone, row.startMs),
      }),
      noShow: outcome === 'noShow',
      visitKey: row.startMs,
    });
  }
  return examples;
}

/** Closed appointments (kept or no-show, due before `now`) with their booking-time features. */
export function trainingExamples(db: ClinicDb, now: number): TrainingExample[] {
  return trainingExamplesOn(db.sqlite, getClinic(db, now).timeZone, now);
}

/** Keeps one training's verdict (and its model, when there is one) as the latest row. */
export function storeNoShowTraining(
  db: ClinicDb,
  now: number,
  outcome: TrainingOutcome,
): TrainingOutcome & { id: number } {
  const r = stmt(
    db.sqlite,
    `INSERT INTO no_show_models (trained_ms, closed_appointments, held_out_auc, enabled, reason, model)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(
    now,
    outcome.closedAppointments,
    outcome.heldOutAuc,
    outcome.enabled ? 1 : 0,
    outcome.reason,
    outcome.model ? JSON.stringify(outcome.model) : null,
  );
  return { ...outcome, id: Number(r.lastInsertRowid) };
}

/** Trains, judges and stores a new model row on this thread; returns what was stored. */
export function retrainNoShowModel(db: ClinicDb, now: number): TrainingOutcome & { id: number } {
  return storeNoShowTraining(db, now, trainClinicModel(trainingExamples(db, now)));
}

export interface NoShowModelStatus {
  id: number;
  trainedMs: number;
  closedAppointments: number;
  heldOutAuc: number | null;
  enabled: boolean;
  reason: string;
}

interface ModelRow extends NoShowModelStatus {
  model: string | null;
}

function latestRow(db: ClinicDb): ModelRow | null {
  const row = stmt(
    db.sqlite,
    `SELECT id, trained_ms AS trainedMs, closed_appointments AS closedAppointments,
            held_out_auc AS heldOutAuc, enabled, reason, model
       FROM no_show_models ORDER BY trained_ms DESC, id DESC LIMIT 1`,
  ).get() as (Omit<ModelRow, 'enabled'> & { enabled: number }) | undefined;
  return row ? { ...row, enabled: row.enabled === 1 } : null;
}

/** The latest training's verdict (null before the first one). */
export function noShowModelStatus(db: ClinicDb): NoShowModelStatus | null {
  const row = latestRow(db);
  if (!row) return null;
  const { model: _model, ...status } = row;
  return status;
}

/**
 * Retrains when the latest model is a week old or there is none: the job ticks every ten minutes, so a PC
 * that was off on the due day catches up at its next start.
 */
export function runNoShowRetrain(db: ClinicDb, now: number): boolean {
  if (!noShowRetrainDue(db, now)) return false;
  db.sqlite.transaction(() => retrainNoShowModel(db, now)).immediate();
  return true;
}

/** True when there is no model yet or the latest one is a week old. */
export function noShowRetrainDue(db: ClinicDb, now: number): boolean {
  const row = latestRow(db);
  return !row || now - row.trainedMs >= WEEK_MS;
}

// One parsed model per database (a few hundred kilobytes of JSON; parsed once per training).
const parsed = new WeakMap<ClinicDb, { id: number; model: NoShowModel }>();

function enabledModel(db: ClinicDb): NoShowModel | null {
  const row = latestRow(db);
  if (!row || !row.enabled || row.model === null) return null;
  const cached = parsed.get(db);
  if (cached && cached.id === row.id) return cached.model;
  const model = JSON.parse(row.model) as NoShowModel;
  parsed.set(db, { id: row.id, model });
  return model;
}

export interface NoShowRisk {
  probability: number;
  band: RiskBand;
}

/**
 * The risk of each given appointment as of `now`: history as of its booking, the reminder answer
 * if it has arrived. Empty when the clinic's model is off (too few closed visits, or not good
 * enough): the screens then show no band at all rather than a guess.
 */
export function noShowRisks(
  db: ClinicDb,
  appointmentIds: readonly number[],
  now: number,
): Map<number, NoShowRisk> {
  const out = new Map<number, NoShowRisk>();
  if (appointmentIds.length === 0) return out;
  const model = enabledModel(db);
  if (!model) return out;
  const zone = getClinic(db, now).timeZone;
  const ids = JSON.stringify(appointmentIds);
  const targets = stmt(
    db.sqlite,
    `SELECT ${APPOINTMENT_COLUMNS} WHERE a.id IN (SELECT value FROM json_each(?))`,
  ).all(ids) as AppointmentRow[];
  const history = groupByPatient(
    stmt(
      db.sqlite,
      `SELECT ${APPOINTMENT_COLUMNS} WHERE a.patient_id IN
         (SELECT patient_id FROM appointments WHERE id IN (SELECT value FROM json_each(?)))`,
    ).all(ids) as AppointmentRow[],
  );
  const reminders = reminderEvents(db, appointmentIds);
  for (const row of targets) {
    const features = noShowFeatures({
      booking: facts({ zone, row, reminders: reminders.get(row.id), asOfMs: now }),
      history: (history.get(row.patientId) ?? [])
        .filter((r) => r.id !== row.id)
        .map((r) => pastVisit(zone, r)),
      asOf: instantToLocal(zone, now),
    });
    const probability = scoreNoShow(model, features);
    out.set(row.id, { probability, band: riskBand(model, probability) });
  }
  return out;
}
