/**
 * The durable outbox, written inside the booking's own transaction (scheduling/booking.ts calls
 * these): a booking plans its messages, a reschedule replaces the pending ones, a cancel stops
 * them and plans the cancellation notice. Because the rows commit or roll back with the booking,
 * no reminder is lost (booked but never planned) or orphaned (planned for a booking that failed).
 * Unlike policy.ts this file reads the database; it is not exported from the pure index.
 */
import { noShowRisks } from '../reports/service/noshow';
import { HIGH_RISK_ONLY } from './policy';
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
import { formatForPeople, formatWallTime, localDateOf, localDayBounds } from '../time';
import {
  DEFAULT_POLICY,
  parseReminderPolicy,
  planReminders,
  type PlannedMessage,
  type PlanPatient,
  type ReminderPolicy,
  type ReminderChannel,
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

/** One planned message into the outbox, due when the plan says. */
function scheduleReminder(ctx: CoreContext, f: AppointmentFacts, m: PlannedMessage): void {
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
      // Asked only when the policy has a high-risk touchpoint: scoring reads the model.
      highNoShowRisk:
        opts.cancelledMs === null && policy.touchpoints.some((t) => t.onlyForHighRisk)
          ? noShowRisks(ctx.db, [f.id], ctx.now).get(f.id)?.band === 'high'
          : false,
    },
    patient: planPatient(ctx.db, f, clinic.timeZone),
    policy,
    now: ctx.now,
  });
  for (const m of plan.planned) {
    scheduleReminder(ctx, f, m);
  }
  const cancelling = opts.cancelledMs !== null;
  for (const s of plan.skipped) {
    const t = policy.touchpoints.find((x) => x.key === s.touchpointKey)!;
    // "Only sent when cancelled" on every booking would bury the skips that matter; so would
    // "only for high no-show risk" on every ordinary visit.
    if ((t.kind === 'cancellation') !== cancelling) continue;
    if (t.onlyForHighRisk && s.reason === HIGH_RISK_ONLY) continue;
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
 * Reminders for appointments that were booked before this data folder knew about them (the demo
 * clinic's future visits, an import): the messages still to come are planned as a booking would
 * have planned them, as of now. What belonged to the booking moment (the confirmation) or whose
 * moment has passed is not written: it was never this clinic's to send, so a skip row about it
 * would only bury the skips that matter. Returns how many messages were planned.
 */
export function planUpcomingReminders(ctx: CoreContext, appointmentId: number): number {
  const f = requireFacts(ctx, appointmentId);
  if (f.startMs <= ctx.now || (f.status !== 'booked' && f.status !== 'confirmed')) return 0;
  const clinic = getClinic(ctx.db, ctx.now);
  const { policy } = policyFor(ctx.db, f.visitTypeId);
  const plan = planReminders({
    appointment: { id: f.id, startMs: f.startMs, createdMs: f.createdMs, cancelledMs: null },
    patient: planPatient(ctx.db, f, clinic.timeZone),
    policy,
    now: ctx.now,
  });
  let planned = 0;
  for (const m of plan.planned) {
    if (m.kind !== 'reminder') continue;
    scheduleReminder(ctx, f, m);
    planned++;
  }
  for (const sk of plan.skipped) {
    const t = policy.touchpoints.find((x) => x.key === sk.touchpointKey)!;
    if (t.kind !== 'reminder' || /would have gone out|already begun/.test(sk.reason)) continue;
    if (sk.reason === HIGH_RISK_ONLY) continue;
    insertReminder(ctx.db, {
      appointmentId: f.id,
      touchpointKey: sk.touchpointKey,
      kind: t.kind,
      channel: t.channels[0]!,
      toAddress: null,
      language: f.preferredLanguage,
      status: 'skipped',
      dueMs: ctx.now,
      notAfterMs: ctx.now,
      reason: sk.reason,
      now: ctx.now,
    });
  }
  return planned;
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
  // A provider-absence notice (access/service/absence.ts) asks for C / X like a confirmation.
  if (row.touchpointKey.startsWith(ABSENCE_KEY_PREFIX)) {
    return {
      key: row.touchpointKey,
      kind: 'confirmation',
      offsetMinutes: null,
      channels: [row.channel as ReminderChannel],
      usefulUntilMinutesBefore: 60,
      mayMoveEarlierMinutes: 0,
      requiresReply: true,
      attachCalendar: true,
    };
  }
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
/** Outbox key of a provider-absence notice: `absence:<absence id>`, once per visit (unique index). */
export const ABSENCE_KEY_PREFIX = 'absence:';
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

export interface BulkFilters {
  date: string;
  channel: 'sms' | 'email' | 'best';
  /** Only patients booked with these providers / at these locations; omitted = all. */
  providerIds?: readonly number[] | undefined;
  locationIds?: readonly number[] | undefined;
}

/** Which channels the clinic has set up (Twilio for texts, SMTP for e-mail). */
export interface ConfiguredChannels {
  sms: boolean;
  email: boolean;
}

export interface BulkRecipient {
  appointmentId: number;
  patientId: number;
  name: string;
  /** Mobile, else home: for the call list. */
  phone: string | null;
  channel: 'sms' | 'email' | null;
  to: string | null;
  /** Why no channel reaches this patient (channel null). */
  reason: string | null;
  language: string;
  startMs: number;
}

export interface BulkAudience {
  date: string;
  /** Patients booked (or confirmed) that day, still to come, within the filters. */
  count: number;
  deliverable: number;
  byChannel: { sms: number; email: number };
  /** Set when nothing can be sent: the reason, in words; null when some can. */
  refusedReason: string | null;
  recipients: BulkRecipient[];
}

const NOT_SET_UP: Record<'sms' | 'email', string> = {
  sms: 'text messages are not set up (Reminders → Settings: Twilio)',
  email: 'e-mail is not set up (Reminders → Settings: e-mail server)',
};

/**
 * Who a message to everyone booked on a day reaches, before anything is sent: one message per
 * patient (a patient with two visits that day hears once), by a channel the clinic has set up
 * and the patient agreed to; everyone else is on the call list with a phone number. A past day
 * is refused: "closed today for snow" sent for yesterday helps nobody.
 */
export function bulkAudience(
  ctx: CoreContext,
  p: BulkFilters & { configured: ConfiguredChannels },
): BulkAudience {
  const clinic = getClinic(ctx.db, ctx.now);
  const today = localDateOf(clinic.timeZone, ctx.now);
  if (p.date < today) {
    throw new AppError(
      'VALIDATION',
      `${p.date} is a past day; choose today (${today}) or a later day.`,
      'date',
    );
  }
  const { start, end } = localDayBounds(clinic.timeZone, p.date);
  const where = [`a.start_ms >= @start`, `a.start_ms < @end`, `a.status IN ('booked','confirmed')`];
  if (p.providerIds?.length)
    where.push(`a.provider_id IN (SELECT value FROM json_each(@providers))`);
  if (p.locationIds?.length)
    where.push(`a.location_id IN (SELECT value FROM json_each(@locations))`);
  const ids = stmt(
    ctx.db.sqlite,
    `SELECT a.id FROM appointments a WHERE ${where.join(' AND ')} ORDER BY a.start_ms, a.id`,
  ).all({
    start: Math.max(start, ctx.now + 1),
    end,
    ...(p.providerIds?.length ? { providers: JSON.stringify(p.providerIds) } : {}),
    ...(p.locationIds?.length ? { locations: JSON.stringify(p.locationIds) } : {}),
  }) as { id: number }[];
  const recipients: BulkRecipient[] = [];
  const seen = new Set<number>();
  for (const { id } of ids) {
    const f = appointmentFacts(ctx.db, id)!;
    if (seen.has(f.patientId)) continue;
    seen.add(f.patientId);
    const patient = planPatient(ctx.db, f, clinic.timeZone);
    const order: ('sms' | 'email')[] =
      p.channel === 'best'
        ? [
            ...(patient.preferredChannel === 'sms' || patient.preferredChannel === 'email'
              ? [patient.preferredChannel]
              : []),
            'sms',
            'email',
          ]
        : [p.channel];
    const agreed = order.filter((c) =>
      c === 'sms'
        ? patient.consent.sms && patient.phoneMobile
        : patient.consent.email && patient.email,
    );
    const usable = agreed.find((c) => p.configured[c]) ?? null;
    let reason: string | null = null;
    if (!usable) {
      reason =
        agreed.length > 0
          ? `${agreed.map((c) => NOT_SET_UP[c]).join('; ')}: phone the patient`
          : p.channel === 'sms'
            ? 'no SMS consent or mobile number (or opted out): phone the patient'
            : p.channel === 'email'
              ? 'no e-mail consent or address: phone the patient'
              : 'no SMS or e-mail the patient agreed to: phone the patient';
    }
    recipients.push({
      appointmentId: id,
      patientId: f.patientId,
      name: `${f.firstName} ${f.lastName}`,
      phone: f.phoneMobile ?? f.phoneHome,
      channel: usable,
      to: usable === 'sms' ? patient.phoneMobile : usable === 'email' ? patient.email : null,
      reason,
      language: f.preferredLanguage,
      startMs: f.startMs,
    });
  }
  const byChannel = {
    sms: recipients.filter((r) => r.channel === 'sms').length,
    email: recipients.filter((r) => r.channel === 'email').length,
  };
  const deliverable = byChannel.sms + byChannel.email;
  let refusedReason: string | null = null;
  if (recipients.length > 0 && deliverable === 0) {
    const wanted: ('sms' | 'email')[] = p.channel === 'best' ? ['sms', 'email'] : [p.channel];
    const missing = wanted.filter((c) => !p.configured[c]);
    refusedReason =
      missing.length === wanted.length
        ? `${missing.length === 2 ? 'neither text messages nor e-mail are set up' : NOT_SET_UP[missing[0]!]}, so no message can go out; phone the ${recipients.length === 1 ? 'patient' : `${recipients.length} patients`} on the call list`
        : `none of the ${recipients.length === 1 ? 'patient' : `${recipients.length} patients`} can be reached by ${p.channel === 'sms' ? 'text' : p.channel === 'email' ? 'e-mail' : 'text or e-mail'}; phone them from the call list`;
  }
  return {
    date: p.date,
    count: recipients.length,
    deliverable,
    byChannel,
    refusedReason,
    recipients,
  };
}

export interface BulkResult {
  queued: number;
  skipped: { appointmentId: number; patientName: string; reason: string }[];
}

/**
 * One message to everyone booked on a day ("the clinic is closed today for snow"), written to the
 * outbox like any other message so it survives a restart and shows in the queue. Quiet hours do
 * not apply: it is news the patient needs before leaving home. Refused, with the reason, when
 * nobody is booked or no set-up channel reaches anyone; refused when the audience changed since
 * the desk confirmed "Send to N patients?" (expectedRecipients).
 */
export function queueBulkMessage(
  ctx: CoreContext,
  p: BulkFilters & {
    message: string;
    configured: ConfiguredChannels;
    expectedRecipients?: number | undefined;
  },
): BulkResult {
  const audience = bulkAudience(ctx, p);
  if (audience.count === 0) {
    throw new AppError(
      'RULE',
      `Nobody is booked on ${p.date}${p.providerIds?.length || p.locationIds?.length ? ' with those providers and locations' : ''}; no message was queued.`,
      'date',
    );
  }
  if (audience.refusedReason) {
    throw new AppError(
      'VALIDATION',
      `Nothing was sent: ${audience.refusedReason}.`,
      p.channel === 'best' ? undefined : 'channel',
      { callList: audience.recipients.map((r) => ({ name: r.name, phone: r.phone })) },
    );
  }
  if (p.expectedRecipients !== undefined && p.expectedRecipients !== audience.deliverable) {
    throw new AppError(
      'CONFLICT',
      `Nothing was sent: the message would now reach ${audience.deliverable} patient${audience.deliverable === 1 ? '' : 's'}, not the ${p.expectedRecipients} you confirmed (bookings changed). Preview again.`,
    );
  }
  const out: BulkResult = { queued: 0, skipped: [] };
  for (const r of audience.recipients) {
    if (!r.channel) {
      out.skipped.push({ appointmentId: r.appointmentId, patientName: r.name, reason: r.reason! });
      continue;
    }
    insertReminder(ctx.db, {
      appointmentId: r.appointmentId,
      touchpointKey: `bulk-${p.date}`,
      kind: BULK_KIND,
      channel: r.channel as OutboxChannel,
      toAddress: r.to,
      language: r.language,
      status: 'scheduled',
      dueMs: ctx.now,
      notAfterMs: r.startMs,
      reason: `message to everyone booked on ${p.date}, sent by ${ctx.actor}`,
      body: p.message,
      now: ctx.now,
    });
    out.queued++;
  }
  return out;
}
