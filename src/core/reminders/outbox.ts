/**
 * The durable outbox, written inside the booking's own transaction (scheduling/booking.ts calls
 * these): a booking plans its messages, a reschedule replaces the pending ones, a cancel stops
 * them and plans the cancellation notice. Because the rows commit or roll back with the booking,
 * no reminder is lost (booked but never planned) or orphaned (planned for a booking that failed).
 * Unlike policy.ts this file reads the database; it is not exported from the pure index.
 */
import { AppError, notFound } from '../errors';
import type { CoreContext } from '../context';
import type { ClinicDb } from '../db/open';
import { getClinic } from '../db/repos/clinic';
import { getLocation, getProvider } from '../db/repos/directory';
import {
  closeCallTask,
  getPolicyRow,
  insertReminder,
  isOptedOut,
  openTaskFor,
  stopPending,
  type OutboxChannel,
  type ReminderRow,
} from '../db/repos/reminders';
import { stmt } from '../db/repos/statements';
import { formatForPeople, formatWallTime, localDayBounds } from '../time';
import {
  DEFAULT_POLICY,
  parseReminderPolicy,
  planReminders,
  type PlanPatient,
  type ReminderChannel,
  type ReminderPolicy,
  type Touchpoint,
} from './policy';
import type { ReminderMessageInput } from './templates';

/** Unconfirmed this long before the visit, a patient is called (or put on the call queue). */
export const DEFAULT_ESCALATE_MINUTES = 24 * 60;

export interface ClinicReminderPolicy {
  policy: ReminderPolicy;
  /** null = no escalation for this visit type. */
  escalateMinutesBefore: number | null;
  source: 'visitType' | 'clinic' | 'default';
}

// The stored text is parsed once per distinct text: 10,000 bookings share one or two policies.
const parsedPolicies = new Map<string, Omit<ClinicReminderPolicy, 'source'>>();

function parseStored(text: string): Omit<ClinicReminderPolicy, 'source'> {
  let hit = parsedPolicies.get(text);
  if (!hit) {
    const json = JSON.parse(text) as { escalateMinutesBefore?: number | null };
    hit = {
      policy: parseReminderPolicy(json),
      escalateMinutesBefore:
        json.escalateMinutesBefore === undefined
          ? DEFAULT_ESCALATE_MINUTES
          : json.escalateMinutesBefore,
    };
    if (parsedPolicies.size > 100) parsedPolicies.clear();
    parsedPolicies.set(text, hit);
  }
  return hit;
}

/** The visit type's own policy, else the clinic's, else the built-in default. */
export function policyFor(db: ClinicDb, visitTypeId: number | null): ClinicReminderPolicy {
  if (visitTypeId !== null) {
    const own = getPolicyRow(db, visitTypeId);
    if (own) return { ...parseStored(own.policy), source: 'visitType' };
  }
  const clinic = getPolicyRow(db, null);
  if (clinic) return { ...parseStored(clinic.policy), source: 'clinic' };
  return {
    policy: DEFAULT_POLICY,
    escalateMinutesBefore: DEFAULT_ESCALATE_MINUTES,
    source: 'default',
  };
}

/** The policy as the editor writes it (times of day as HH:MM), for storing and for getPolicy. */
export function policyToInput(p: ReminderPolicy) {
  return {
    touchpoints: p.touchpoints.map((t) => ({ ...t, channels: [...t.channels] })),
    quietHours: {
      start: formatWallTime(p.quietHours.start),
      end: formatWallTime(p.quietHours.end),
    },
    quietHoursChannels: [...p.quietHoursChannels],
    minMinutesAfterBooking: p.minMinutesAfterBooking,
  };
}

// ---------------------------------------------------------------------------------------------
// What the planner needs to know about an appointment and its patient

export interface AppointmentFacts {
  id: number;
  status: string;
  startMs: number;
  endMs: number;
  createdMs: number;
  cancelledMs: number | null;
  visitTypeId: number;
  providerId: number;
  locationId: number;
  patientId: number;
  icsSequence: number;
  rescheduledFromId: number | null;
  firstName: string;
  lastName: string;
  phoneMobile: string | null;
  phoneHome: string | null;
  email: string | null;
  preferredLanguage: string;
  smsConsent: number;
  emailConsent: number;
  voiceConsent: number;
  preferredChannel: string;
  timeZone: string | null;
}

export function appointmentFacts(db: ClinicDb, appointmentId: number): AppointmentFacts | null {
  return (
    (stmt(
      db.sqlite,
      `SELECT a.id, a.status, a.start_ms AS startMs, a.end_ms AS endMs, a.created_ms AS createdMs,
              a.cancelled_ms AS cancelledMs, a.visit_type_id AS visitTypeId, a.provider_id AS providerId,
              a.location_id AS locationId, a.patient_id AS patientId, a.ics_sequence AS icsSequence,
              a.rescheduled_from_id AS rescheduledFromId, p.first_name AS firstName, p.last_name AS lastName,
              p.phone_mobile AS phoneMobile, p.phone_home AS phoneHome, p.email, p.preferred_language AS preferredLanguage,
              p.sms_consent AS smsConsent, p.email_consent AS emailConsent, p.voice_consent AS voiceConsent,
              p.preferred_channel AS preferredChannel, p.time_zone AS timeZone
         FROM appointments a JOIN patients p ON p.id = a.patient_id WHERE a.id = ?`,
    ).get(appointmentId) as AppointmentFacts | undefined) ?? null
  );
}

/**
 * The patient as the planner sees them. A number that replied STOP has no SMS consent whatever
 * the chart says, so the planner moves to the next channel instead of queueing a text Twilio
 * would refuse (21610).
 */
export function planPatient(db: ClinicDb, f: AppointmentFacts, clinicZone: string): PlanPatient {
  const smsBlocked = f.phoneMobile !== null && isOptedOut(db, f.phoneMobile, 'sms');
  return {
    preferredLanguage: f.preferredLanguage,
    preferredChannel: f.preferredChannel as PlanPatient['preferredChannel'],
    consent: {
      sms: f.smsConsent === 1 && !smsBlocked,
      voice: f.voiceConsent === 1,
      email: f.emailConsent === 1,
    },
    phoneMobile: f.phoneMobile,
    phoneHome: f.phoneHome,
    email: f.email,
    timeZone: f.timeZone ?? clinicZone,
  };
}

function requireFacts(ctx: CoreContext, appointmentId: number): AppointmentFacts {
  const f = appointmentFacts(ctx.db, appointmentId);
  if (!f) throw notFound('The appointment', 'appointmentId');
  return f;
}

/** Writes the plan: every planned message, and each relevant skip with its reason. */
function writePlan(
  ctx: CoreContext,
  f: AppointmentFacts,
  opts: { cancelledMs: number | null },
): number {
  const clinic = getClinic(ctx.db, ctx.now);
  const { policy } = policyFor(ctx.db, f.visitTypeId);
  const plan = planReminders({
    appointment: {
      id: f.id,
      startMs: f.startMs,
      createdMs: f.createdMs,
      cancelledMs: opts.cancelledMs,
    },
    patient: planPatient(ctx.db, f, clinic.timeZone),
    policy,
    now: ctx.now,
  });
  for (const m of plan.planned) {
    insertReminder(ctx.db, {
      appointmentId: f.id,
      touchpointKey: m.touchpointKey,
      kind: m.kind,
      channel: m.channel,
      toAddress: m.to,
      language: f.preferredLanguage,
      status: 'scheduled',
      dueMs: m.dueMs,
      notAfterMs: m.notAfterMs,
      reason: m.reason,
      now: ctx.now,
    });
  }
  const cancelling = opts.cancelledMs !== null;
  for (const s of plan.skipped) {
    const t = policy.touchpoints.find((x) => x.key === s.touchpointKey)!;
    // "Only sent when cancelled" on every booking would bury the skips that matter.
    if ((t.kind === 'cancellation') !== cancelling) continue;
    insertReminder(ctx.db, {
      appointmentId: f.id,
      touchpointKey: s.touchpointKey,
      kind: t.kind,
      channel: t.channels[0]!,
      toAddress: null,
      language: f.preferredLanguage,
      status: 'skipped',
      dueMs: ctx.now,
      notAfterMs: ctx.now,
      reason: s.reason,
      now: ctx.now,
    });
  }
  return plan.planned.length;
}

/** After a booking, in its transaction. */
export function planAfterBooking(ctx: CoreContext, appointmentId: number): number {
  return writePlan(ctx, requireFacts(ctx, appointmentId), { cancelledMs: null });
}

/**
 * After a reschedule, in its transaction: the old appointment's pending messages are replaced by
 * the new one's plan. The new row continues the old one's calendar event (same UID, next
 * SEQUENCE), so the patient's calendar moves the event instead of holding two.
 */
export function replanAfterReschedule(ctx: CoreContext, oldId: number, newId: number): number {
  const old = requireFacts(ctx, oldId);
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  const next = requireFacts(ctx, newId);
  stopPending(ctx.db, {
    appointmentId: oldId,
    reason: `replaced: the appointment moved to ${formatForPeople(zone, next.startMs)}`,
    now: ctx.now,
  });
  stmt(ctx.db.sqlite, 'UPDATE appointments SET ics_sequence = ? WHERE id = ?').run(
    Math.max(next.icsSequence, old.icsSequence + 1),
    newId,
  );
  const task = openTaskFor(ctx.db, oldId);
  if (task) {
    closeCallTask(ctx.db, {
      id: task.id,
      outcome: 'rescheduled',
      note: `closed: the appointment was moved to ${formatForPeople(zone, next.startMs)}`,
      by: ctx.actor,
      now: ctx.now,
    });
  }
  return writePlan(ctx, next, { cancelledMs: null });
}

/**
 * After a cancel, in its transaction: pending messages stop, the calendar SEQUENCE goes up (a
 * METHOD:CANCEL must carry a higher one than the invitation, or Outlook ignores it), an open call
 * task closes, and the cancellation notice is planned when the policy has one.
 */
export function stopAfterCancel(ctx: CoreContext, appointmentId: number): number {
  const f = requireFacts(ctx, appointmentId);
  stopPending(ctx.db, {
    appointmentId,
    reason: 'stopped: the appointment was cancelled',
    now: ctx.now,
  });
  stmt(ctx.db.sqlite, 'UPDATE appointments SET ics_sequence = ics_sequence + 1 WHERE id = ?').run(
    appointmentId,
  );
  const task = openTaskFor(ctx.db, appointmentId);
  if (task) {
    closeCallTask(ctx.db, {
      id: task.id,
      outcome: 'cancelled',
      note: 'closed: the appointment was cancelled',
      by: ctx.actor,
      now: ctx.now,
    });
  }
  return writePlan(
    ctx,
    { ...f, icsSequence: f.icsSequence + 1 },
    {
      cancelledMs: f.cancelledMs ?? ctx.now,
    },
  );
}

// ---------------------------------------------------------------------------------------------
// What a message says

/** The touchpoint an outbox row was planned from (escalation calls and bulk messages have none). */
export function touchpointOf(
  db: ClinicDb,
  row: ReminderRow,
  visitTypeId: number,
): Touchpoint | null {
  if (row.touchpointKey === ESCALATION_KEY) {
    return {
      key: ESCALATION_KEY,
      kind: 'reminder',
      offsetMinutes: 0,
      channels: ['voice'],
      usefulUntilMinutesBefore: 60,
      mayMoveEarlierMinutes: 0,
      requiresReply: true,
      attachCalendar: false,
    };
  }
  return (
    policyFor(db, visitTypeId).policy.touchpoints.find((t) => t.key === row.touchpointKey) ?? null
  );
}

export const ESCALATION_KEY = 'escalation';
export const BULK_KIND = 'bulk';

/** The named fields the templates read, and nothing else (minimum necessary). */
export function messageInputFor(
  db: ClinicDb,
  p: {
    facts: AppointmentFacts;
    kind: ReminderMessageInput['kind'];
    requiresReply: boolean;
    language: string;
    now: number;
    fallbackPhone: string | null;
  },
): ReminderMessageInput {
  const clinic = getClinic(db, p.now);
  const provider = getProvider(db, p.facts.providerId);
  const location = getLocation(db, p.facts.locationId);
  const address = location
    ? [location.address1, location.address2, `${location.city}, ${location.state} ${location.zip}`]
        .filter(Boolean)
        .join(', ')
    : '';
  return {
    language: p.language,
    kind: p.kind,
    requiresReply: p.requiresReply,
    patientFirstName: p.facts.firstName,
    clinicName: clinic.name,
    clinicPhone: clinic.phone ?? location?.phone ?? p.fallbackPhone ?? '',
    providerDisplayName: provider?.displayName ?? '',
    locationName: location?.name ?? '',
    locationAddress: address,
    startMs: p.facts.startMs,
    clinicTimeZone: clinic.timeZone,
  };
}

/** The calendar UID stays the one of the first booking across reschedules. */
export function calendarUid(db: ClinicDb, appointmentId: number, domain: string): string {
  let id = appointmentId;
  for (let i = 0; i < 100; i++) {
    const prev = stmt(
      db.sqlite,
      'SELECT rescheduled_from_id AS prev FROM appointments WHERE id = ?',
    ).get(id) as { prev: number | null } | undefined;
    if (!prev || prev.prev === null) break;
    id = prev.prev;
  }
  return `appointment-${id}@${domain}`;
}

// ---------------------------------------------------------------------------------------------
// Bulk message

export interface BulkResult {
  queued: number;
  skipped: { appointmentId: number; patientName: string; reason: string }[];
}

/**
 * One message to everyone booked on a day ("the clinic is closed today for snow"), written to the
 * outbox like any other message so it survives a restart and shows in the queue. Quiet hours do
 * not apply: it is news the patient needs before leaving home.
 */
export function queueBulkMessage(
  ctx: CoreContext,
  p: { date: string; message: string; channel: 'sms' | 'email' | 'best' },
): BulkResult {
  const clinic = getClinic(ctx.db, ctx.now);
  const { start, end } = localDayBounds(clinic.timeZone, p.date);
  const ids = stmt(
    ctx.db.sqlite,
    `SELECT id FROM appointments WHERE start_ms >= ? AND start_ms < ? AND status IN ('booked','confirmed') ORDER BY start_ms, id`,
  ).all(start, end) as { id: number }[];
  if (ids.length === 0) {
    throw new AppError('RULE', `Nobody is booked on ${p.date}; no message was queued.`, 'date');
  }
  const out: BulkResult = { queued: 0, skipped: [] };
  for (const { id } of ids) {
    const f = appointmentFacts(ctx.db, id)!;
    if (f.startMs <= ctx.now) continue;
    const patient = planPatient(ctx.db, f, clinic.timeZone);
    const order: ReminderChannel[] =
      p.channel === 'best'
        ? [
            ...(patient.preferredChannel !== 'none' && patient.preferredChannel !== 'voice'
              ? [patient.preferredChannel]
              : []),
            'sms',
            'email',
          ]
        : [p.channel];
    const usable = order.find((c) =>
      c === 'sms'
        ? patient.consent.sms && patient.phoneMobile
        : patient.consent.email && patient.email,
    );
    const name = `${f.firstName} ${f.lastName}`;
    if (!usable) {
      out.skipped.push({
        appointmentId: id,
        patientName: name,
        reason:
          p.channel === 'sms'
            ? 'no SMS consent or mobile number (or opted out): phone the patient'
            : p.channel === 'email'
              ? 'no e-mail consent or address: phone the patient'
              : 'no SMS or e-mail the patient agreed to: phone the patient',
      });
      continue;
    }
    insertReminder(ctx.db, {
      appointmentId: id,
      touchpointKey: `bulk-${p.date}`,
      kind: BULK_KIND,
      channel: usable as OutboxChannel,
      toAddress: usable === 'sms' ? patient.phoneMobile : patient.email,
      language: f.preferredLanguage,
      status: 'scheduled',
      dueMs: ctx.now,
      notAfterMs: f.startMs,
      reason: `message to everyone booked on ${p.date}, sent by ${ctx.actor}`,
      body: p.message,
      now: ctx.now,
    });
    out.queued++;
  }
  return out;
}
