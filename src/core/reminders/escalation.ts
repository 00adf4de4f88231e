/**
 * Escalation and the call queue. A patient still unconfirmed at the policy's escalation point
 * (default 24 h before) gets a reminder call when they agreed to calls and Twilio is set up, or a
 * call task for staff otherwise. The call queue is tomorrow's unconfirmed and unreachable patients,
 * riskiest first, with one-click outcomes.
 */
import { AppError, notFound } from '../errors';
import type { ChangeEvent } from '../events';
import type { CoreContext } from '../context';
import type { ClinicDb } from '../db/open';
import { writeAudit } from '../db/repos/audit';
import { getClinic } from '../db/repos/clinic';
import {
  closeCallTask,
  getCallTask,
  getMessagingSettings,
  insertReminder,
  openCallTask,
  openTaskFor,
  remindersForAppointment,
  tasksForAppointments,
  type CallTaskRow,
} from '../db/repos/reminders';
import { stmt } from '../db/repos/statements';
import { cancelAppointment, setAppointmentStatus } from '../scheduling/service';
import { withReminders } from './followUps';
import {
  addDays,
  formatForPeople,
  instantToLocal,
  localDateOf,
  localDayBounds,
  toIso,
} from '../time';
import { appointmentFacts, ESCALATION_KEY, planPatient, policyFor } from './outbox';
import { formatDuration } from './policy';
import { noShowRisks } from '../reports/service/noshow';
import type { RiskBand } from '../reports/noshow/model';

const MIN = 60_000;
const DAY = 86_400_000;
/** After a message that asks for C / X, the patient gets this long to answer before a call. */
export const REPLY_GRACE_MS = 60 * MIN;
/** Escalation looks this far ahead; no policy escalates earlier than a week before. */
const LOOKAHEAD_MS = 7 * DAY;

export interface EscalationResult {
  calls: number;
  tasks: number;
}

function inQuietHours(zone: string, at: number, q: { start: number; end: number }): boolean {
  if (q.start === q.end) return false;
  const m = instantToLocal(zone, at).minutes;
  return q.start > q.end ? m >= q.start || m < q.end : m >= q.start && m < q.end;
}

/** One pass over upcoming unconfirmed appointments; the caller runs it in a transaction. */
export function escalateUnconfirmed(ctx: CoreContext): EscalationResult {
  const { db, now } = ctx;
  const out: EscalationResult = { calls: 0, tasks: 0 };
  const clinic = getClinic(db, now);
  const settings = getMessagingSettings(db);
  const voiceReady = Boolean(
    settings.twilioAccountSid && settings.twilioAuthTokenSealed && settings.twilioFrom,
  );
  const candidates = stmt(
    db.sqlite,
    `SELECT a.id FROM appointments a
      WHERE a.status = 'booked' AND a.start_ms > ? AND a.start_ms <= ?
        AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.appointment_id = a.id AND r.touchpoint_key = ?)
        AND NOT EXISTS (SELECT 1 FROM call_tasks c WHERE c.appointment_id = a.id)
      ORDER BY a.start_ms`,
  ).all(now, now + LOOKAHEAD_MS, ESCALATION_KEY) as { id: number }[];
  for (const { id } of candidates) {
    const f = appointmentFacts(db, id)!;
    const { policy, escalateMinutesBefore } = policyFor(db, f.visitTypeId);
    if (escalateMinutesBefore === null || now < f.startMs - escalateMinutesBefore * MIN) continue;
    const askKeys = new Set(policy.touchpoints.filter((t) => t.requiresReply).map((t) => t.key));
    const asks = remindersForAppointment(db, id).filter((r) => askKeys.has(r.touchpointKey));
    // The reminder that asks for C / X is still on its way, or just arrived: let it work first.
    if (asks.some((r) => r.status === 'scheduled' || r.status === 'sending')) continue;
    if (asks.some((r) => r.sentMs !== null && now - r.sentMs < REPLY_GRACE_MS)) continue;
    const patient = planPatient(db, f, clinic.timeZone);
    const phone = patient.phoneMobile ?? patient.phoneHome;
    const lead = formatDuration((f.startMs - now) / MIN);
    const canCall = voiceReady && patient.consent.voice && phone !== null;
    if (canCall && inQuietHours(patient.timeZone, now, policy.quietHours)) continue;
    if (canCall && f.startMs - now > 60 * MIN) {
      insertReminder(db, {
        appointmentId: id,
        touchpointKey: ESCALATION_KEY,
        kind: 'reminder',
        channel: 'voice',
        toAddress: phone,
        language: f.preferredLanguage,
        status: 'scheduled',
        dueMs: now,
        notAfterMs: f.startMs - 60 * MIN,
        reason: `escalation: not confirmed ${lead} before the visit; a reminder call asks for 1 or 2`,
        now,
      });
      out.calls++;
    } else {
      const why = !voiceReady
        ? 'calls are not set up'
        : !patient.consent.voice
          ? 'no consent to calls'
          : phone === null
            ? 'no phone number'
            : 'too close to the visit for an automatic call';
      openCallTask(db, {
        appointmentId: id,
        reason: `not confirmed ${lead} before the visit (${why}): phone the patient`,
        now,
      });
      out.tasks++;
    }
  }
  return out;
}

export function runEscalation(p: {
  db: ClinicDb;
  clock: () => number;
  publish?: (e: ChangeEvent) => void;
}): EscalationResult {
  const r = p.db.sqlite
    .transaction(() =>
      escalateUnconfirmed({ db: p.db, now: p.clock(), actor: 'reminders', origin: 'escalation' }),
    )
    .immediate();
  if (r.calls + r.tasks > 0) {
    p.publish?.({ topic: 'reminders' });
    p.publish?.({ topic: 'callQueue' });
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// The call queue

export interface CallQueueItem {
  appointmentId: number;
  patientId: number;
  patientName: string;
  phone: string | null;
  start: string;
  startLocal: string;
  status: string;
  /** Why the patient is on the list, in words. */
  reasons: string[];
  priorNoShows: number;
  leadTimeDays: number;
  risk: number;
  /**
   * The clinic's no-show model's band for this visit (staff only); null while the model is off
   * (too few closed visits, or it did not rank well enough on the latest ones).
   */
  riskBand: RiskBand | null;
  /** The model's probability of a no-show, 0–1; null while the model is off. */
  noShowProbability: number | null;
  task: CallTaskRow | null;
}

/**
 * The day's patients to phone: unconfirmed, or a message failed to reach them, or a task is open.
 * Riskiest first. When the clinic's no-show model is on, by its probability (a failed contact
 * still moves a patient up: they cannot have read the reminder); otherwise by the rule of thumb:
 * each prior no-show weighs most, a long lead time (booked weeks ago, more likely forgotten) and a
 * failed contact add to it.
 */
export function callQueue(db: ClinicDb, p: { date: string; now: number }): CallQueueItem[] {
  const zone = getClinic(db, p.now).timeZone;
  const { start, end } = localDayBounds(zone, p.date);
  const rows = stmt(
    db.sqlite,
    `SELECT a.id, a.patient_id AS patientId, a.start_ms AS startMs, a.created_ms AS createdMs, a.status,
            p.first_name || ' ' || p.last_name AS patientName, coalesce(p.phone_mobile, p.phone_home) AS phone,
            (SELECT count(*) FROM appointments n WHERE n.patient_id = a.patient_id AND n.status = 'no_show'
               AND n.start_ms < a.start_ms) AS priorNoShows
       FROM appointments a JOIN patients p ON p.id = a.patient_id
      WHERE a.start_ms >= ? AND a.start_ms < ? AND a.status IN ('booked','confirmed')
      ORDER BY a.start_ms, a.id`,
  ).all(start, end) as {
    id: number;
    patientId: number;
    startMs: number;
    createdMs: number;
    status: string;
    patientName: string;
    phone: string | null;
    priorNoShows: number;
  }[];
  const tasks = tasksForAppointments(
    db,
    rows.map((r) => r.id),
  );
  const model = noShowRisks(
    db,
    rows.map((r) => r.id),
    p.now,
  );
  const items: CallQueueItem[] = [];
  for (const r of rows) {
    const reasons: string[] = [];
    const task = tasks.find((t) => t.appointmentId === r.id && t.status === 'open') ?? null;
    if (r.status === 'booked') reasons.push('not confirmed');
    const failures = remindersForAppointment(db, r.id).filter((x) => x.status === 'failed');
    for (const f of failures) reasons.push(`${f.channel}: ${f.error ?? 'failed'}`);
    if (task) reasons.push(task.reason);
    if (reasons.length === 0) continue;
    const leadTimeDays = Math.max(0, Math.floor((r.startMs - r.createdMs) / DAY));
    const scored = model.get(r.id) ?? null;
    const risk = scored
      ? scored.probability * 100 + (failures.length > 0 ? 10 : 0)
      : r.priorNoShows * 10 +
        Math.min(leadTimeDays, 60) / 6 +
        (failures.length > 0 ? 3 : 0) +
        (r.status === 'booked' ? 1 : 0);
    items.push({
      appointmentId: r.id,
      patientId: r.patientId,
      patientName: r.patientName,
      phone: r.phone,
      start: toIso(r.startMs),
      startLocal: formatForPeople(zone, r.startMs),
      status: r.status,
      reasons,
      priorNoShows: r.priorNoShows,
      leadTimeDays,
      risk: Math.round(risk * 10) / 10,
      riskBand: scored?.band ?? null,
      noShowProbability: scored ? Math.round(scored.probability * 1000) / 1000 : null,
      task,
    });
  }
  return items.sort((a, b) => b.risk - a.risk || a.start.localeCompare(b.start));
}

export function tomorrow(db: ClinicDb, now: number): string {
  return addDays(localDateOf(getClinic(db, now).timeZone, now), 1);
}

export type CallOutcome = 'confirmed' | 'voicemail' | 'no_answer' | 'cancelled' | 'rescheduled';

/**
 * One click on the call queue: the task is closed with the outcome and, for confirmed and
 * cancelled, the appointment changes too (cancelled by the patient, so the late rule applies).
 */
export function recordCallOutcome(
  ctx: CoreContext,
  p: {
    taskId?: number | undefined;
    appointmentId?: number | undefined;
    outcome: CallOutcome;
    note: string | null;
  },
): CallTaskRow {
  let task: CallTaskRow | null;
  if (p.taskId !== undefined) {
    task = getCallTask(ctx.db, p.taskId);
    if (!task) throw notFound('The call task', 'taskId');
    if (task.status !== 'open') {
      throw new AppError(
        'INVALID_STATE',
        `This call was already recorded as ${task.outcome?.replace('_', ' ')}.`,
        'taskId',
      );
    }
  } else {
    const f = appointmentFacts(ctx.db, p.appointmentId!);
    if (!f) throw notFound('The appointment', 'appointmentId');
    task =
      openTaskFor(ctx.db, f.id) ??
      openCallTask(ctx.db, {
        appointmentId: f.id,
        reason: 'phoned from the call queue',
        now: ctx.now,
      }).task;
  }
  const f = appointmentFacts(ctx.db, task.appointmentId)!;
  if (p.outcome === 'confirmed' || p.outcome === 'cancelled') {
    if (!['booked', 'confirmed'].includes(f.status)) {
      throw new AppError(
        'INVALID_STATE',
        `The appointment is already ${f.status.replace('_', ' ')}.`,
        'outcome',
      );
    }
  }
  if (p.outcome === 'confirmed' && f.status === 'booked') {
    setAppointmentStatus(withReminders(ctx), { appointmentId: f.id, status: 'confirmed' });
  }
  if (p.outcome === 'cancelled') {
    cancelAppointment(withReminders(ctx), {
      appointmentId: f.id,
      reason: p.note ? `by phone: ${p.note}` : 'the patient cancelled by phone (call queue)',
      requestedBy: 'patient',
    });
  }
  // A cancel above may already have closed the task (outbox.stopAfterCancel); record ours anyway.
  closeCallTask(ctx.db, {
    id: task.id,
    outcome: p.outcome,
    note: p.note,
    by: ctx.actor,
    now: ctx.now,
  });
  writeAudit(ctx, {
    action: 'call.recorded',
    entityType: 'appointment',
    entityId: f.id,
    details: { taskId: task.id, outcome: p.outcome, ...(p.note ? { note: p.note } : {}) },
  });
  return getCallTask(ctx.db, task.id)!;
}
