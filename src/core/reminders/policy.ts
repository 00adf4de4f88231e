/**
 * When, and by which channel, a patient hears about an appointment. Pure: the caller passes the
 * appointment, the patient's contact facts, the clinic's policy and `now`.
 */
import { z } from 'zod';
import { AppError } from '../errors';
import { wallTime } from '../entities/common';
import {
  formatWallTime,
  fromDayNumber,
  isValidZone,
  localToInstant,
  offsetAt,
  type EpochMs,
  type WallMinutes,
} from '../time';

export type ReminderChannel = 'sms' | 'voice' | 'email';
export const REMINDER_CHANNELS: readonly ReminderChannel[] = ['sms', 'voice', 'email'];
export type TouchpointKind = 'confirmation' | 'reminder' | 'cancellation';

export interface Touchpoint {
  /** Stable name stored on outbox rows, e.g. "sms-24h". */
  key: string;
  kind: TouchpointKind;
  /** Minutes before the start; null = sent when the event happens (booking or cancellation). */
  offsetMinutes: number | null;
  /** Channels the clinic allows for this touchpoint, in its order of preference. */
  channels: ReminderChannel[];
  /** Past `start - usefulUntilMinutesBefore` the message is dropped instead of sent. */
  usefulUntilMinutesBefore: number;
  /** How much earlier than planned quiet hours may push it before it is skipped instead. */
  mayMoveEarlierMinutes: number;
  /** Asks for C / X / R (or 1 / 2 on a call). */
  requiresReply: boolean;
  /** E-mails carry the appointment as an .ics invitation. */
  attachCalendar: boolean;
  /**
   * Only for visits the clinic's no-show model rates high risk (an extra touchpoint, e.g. a
   * call-or-text 48 h before). The message itself is an ordinary reminder: it never says why it
   * was sent. While the model is off no visit is high risk, so the touchpoint is skipped.
   */
  onlyForHighRisk?: boolean;
}

/**
 * Quiet from `start` until `end` in the patient's local time, wrapping midnight when start > end
 * (default 20:00 → 09:00, so messages go out 09:00–20:00). start === end means no quiet hours.
 */
export interface QuietHours {
  start: WallMinutes;
  end: WallMinutes;
}

export interface ReminderPolicy {
  touchpoints: Touchpoint[];
  quietHours: QuietHours;
  /**
   * Quiet hours bind SMS and calls (the TCPA's calling-hours rule is about phones buzzing);
   * an e-mail at 03:00 wakes nobody, so by default it is not moved.
   */
  quietHoursChannels: ReminderChannel[];
  /**
   * A reminder due this soon after the booking is skipped: a patient booked at 10:05 for
   * tomorrow 10:00 just got the confirmation and does not need the 24 h reminder 5 min later.
   */
  minMinutesAfterBooking: number;
}

export const DEFAULT_POLICY: ReminderPolicy = {
  touchpoints: [
    {
      key: 'booking-confirmation',
      kind: 'confirmation',
      offsetMinutes: null,
      channels: ['sms', 'email'],
      usefulUntilMinutesBefore: 0,
      mayMoveEarlierMinutes: 0,
      requiresReply: false,
      attachCalendar: true,
    },
    {
      key: 'email-72h',
      kind: 'reminder',
      offsetMinutes: 72 * 60,
      channels: ['email'],
      usefulUntilMinutesBefore: 24 * 60,
      mayMoveEarlierMinutes: 12 * 60,
      requiresReply: false,
      attachCalendar: true,
    },
    {
      key: 'sms-24h',
      kind: 'reminder',
      offsetMinutes: 24 * 60,
      channels: ['sms', 'voice', 'email'],
      usefulUntilMinutesBefore: 2 * 60,
      mayMoveEarlierMinutes: 12 * 60,
      requiresReply: true,
      attachCalendar: false,
    },
    {
      key: 'sms-2h',
      kind: 'reminder',
      offsetMinutes: 2 * 60,
      channels: ['sms'],
      // A patient 30 min out should already be on the way; later than that it only annoys.
      usefulUntilMinutesBefore: 30,
      mayMoveEarlierMinutes: 3 * 60,
      requiresReply: false,
      attachCalendar: false,
    },
  ],
  quietHours: { start: 20 * 60, end: 9 * 60 },
  quietHoursChannels: ['sms', 'voice'],
  minMinutesAfterBooking: 60,
};

// ---------------------------------------------------------------------------------------------
// Editing a policy

const minutes = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a number of minutes` })
    .int(`${what} must be a whole number of minutes`)
    .min(0, `${what} cannot be negative`)
    .max(max, `${what} is too large (at most ${max} minutes)`);

const channelSchema = z.enum(['sms', 'voice', 'email'], {
  error: 'channel must be sms, voice or email',
});

const touchpointInput = z.object({
  key: z
    .string({ error: 'touchpoint key must be text' })
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'touchpoint key must be lower-case letters, digits and -'),
  kind: z.enum(['confirmation', 'reminder', 'cancellation'], {
    error: 'touchpoint kind must be confirmation, reminder or cancellation',
  }),
  offsetMinutes: minutes('time before the appointment', 30 * 24 * 60).nullable(),
  channels: z
    .array(channelSchema, { error: 'channels must be a list' })
    .min(1, 'a touchpoint needs at least one channel')
    .refine((c) => new Set(c).size === c.length, 'a channel is listed twice'),
  usefulUntilMinutesBefore: minutes('useful-until time', 30 * 24 * 60),
  mayMoveEarlierMinutes: minutes('how much earlier it may move', 24 * 60).default(0),
  requiresReply: z.boolean({ error: 'requires reply must be yes or no' }).default(false),
  attachCalendar: z.boolean({ error: 'attach calendar must be yes or no' }).default(false),
  onlyForHighRisk: z.boolean({ error: 'only for high no-show risk must be yes or no' }).optional(),
});

/** What the policy editor sends: times of day as "HH:MM". */
export const reminderPolicyInput = z
  .object({
    touchpoints: z.array(touchpointInput, { error: 'touchpoints must be a list' }),
    quietHours: z.object({
      start: wallTime('quiet hours start'),
      end: wallTime('quiet hours end'),
    }),
    quietHoursChannels: z.array(channelSchema).default(['sms', 'voice']),
    minMinutesAfterBooking: minutes('minimum time after booking', 24 * 60).default(60),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.touchpoints.forEach((t, i) => {
      const label = touchpointLabel(t);
      if (seen.has(t.key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['touchpoints', i, 'key'],
          message: `two touchpoints are named "${t.key}"`,
        });
      }
      seen.add(t.key);
      if (t.kind === 'reminder' && t.offsetMinutes === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['touchpoints', i, 'offsetMinutes'],
          message: `the reminder "${t.key}" needs a time before the appointment`,
        });
      }
      if (t.kind !== 'reminder' && t.offsetMinutes !== null) {
        ctx.addIssue({
          code: 'custom',
          path: ['touchpoints', i, 'offsetMinutes'],
          message: `a ${t.kind} goes out when it happens, so "${t.key}" takes no time before the appointment`,
        });
      }
      if (t.offsetMinutes !== null && t.usefulUntilMinutesBefore >= t.offsetMinutes) {
        ctx.addIssue({
          code: 'custom',
          path: ['touchpoints', i, 'usefulUntilMinutesBefore'],
          message: `the ${label} would stop being useful (${formatDuration(t.usefulUntilMinutesBefore)} before) before it is due (${formatDuration(t.offsetMinutes)} before)`,
        });
      }
    });
  });
export type ReminderPolicyInput = z.input<typeof reminderPolicyInput>;

/** Validates what the editor sent and returns the policy, or throws a VALIDATION error. */
export function parseReminderPolicy(input: unknown): ReminderPolicy {
  const r = reminderPolicyInput.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new AppError('VALIDATION', issue.message, issue.path.join('.') || undefined);
  }
  return r.data;
}

// ---------------------------------------------------------------------------------------------
// Planning

export interface PlanAppointment {
  id: number;
  startMs: EpochMs;
  /** When it was booked (or last moved): touchpoints due before this are too late. */
  createdMs: EpochMs;
  /** Set when it was cancelled: only cancellation touchpoints are planned then. */
  cancelledMs?: EpochMs | null;
  /** The no-show model's band is high (staff-side fact; only picks touchpoints, never text). */
  highNoShowRisk?: boolean;
}

export interface PlanPatient {
  preferredLanguage: string;
  preferredChannel: ReminderChannel | 'none';
  consent: { sms: boolean; voice: boolean; email: boolean };
  phoneMobile: string | null;
  phoneHome: string | null;
  email: string | null;
  /** IANA zone the patient lives in; quiet hours are theirs, not the clinic's. */
  timeZone: string;
}

export interface PlannedMessage {
  appointmentId: number;
  touchpointKey: string;
  kind: TouchpointKind;
  /** 'call' = no channel works: a task for staff to phone the patient. */
  channel: ReminderChannel | 'call';
  /** Address on that channel; for a call task, the best phone number if any. */
  to: string | null;
  dueMs: EpochMs;
  notAfterMs: EpochMs;
  requiresReply: boolean;
  attachCalendar: boolean;
  reason: string;
}

export interface SkippedTouchpoint {
  appointmentId: number;
  touchpointKey: string;
  reason: string;
}

export interface ReminderPlan {
  planned: PlannedMessage[];
  skipped: SkippedTouchpoint[];
}

const MIN = 60_000;
const DAY = 86_400_000;
const CHANNEL_WORDS: Record<ReminderChannel, string> = {
  sms: 'SMS',
  voice: 'voice',
  email: 'e-mail',
};

/** "45 min", "3 h", "2 h 30 min", "3 d" for reasons a receptionist reads. */
export function formatDuration(totalMinutes: number): string {
  const m = Math.round(Math.abs(totalMinutes));
  if (m < 60) return `${m} min`;
  if (m % 1440 === 0 && m >= 2880 && m !== 4320) return `${m / 1440} d`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return rest === 0 ? `${h} h` : `${h} h ${rest} min`;
}

export function touchpointLabel(t: Pick<Touchpoint, 'kind' | 'offsetMinutes'>): string {
  if (t.kind === 'confirmation') return 'booking confirmation';
  if (t.kind === 'cancellation') return 'cancellation notice';
  return `${formatDuration(t.offsetMinutes ?? 0)} reminder`;
}

const checkedZones = new Set<string>();
function requireZone(zone: string): void {
  if (checkedZones.has(zone)) return;
  if (!isValidZone(zone)) {
    throw new AppError(
      'VALIDATION',
      `The patient's time zone "${zone}" is not a known IANA zone such as America/Chicago.`,
      'patient.timeZone',
    );
  }
  checkedZones.add(zone);
}

// Planning 10,000 appointments asks for the UTC offset of ~40,000 instants. Offsets change at
// most once per UTC day, so each (zone, UTC day) is looked up twice and then read from a number
// map; NaN marks a day with a change, which falls back to the exact per-instant lookup.
const dayOffsets = new Map<string, Map<number, number>>();
function offsetMinutes(zone: string, at: EpochMs): number {
  let days = dayOffsets.get(zone);
  if (!days) {
    days = new Map();
    dayOffsets.set(zone, days);
  }
  const day = Math.floor(at / DAY);
  let off = days.get(day);
  if (off === undefined) {
    const first = offsetAt(zone, day * DAY);
    off = first === offsetAt(zone, day * DAY + DAY - 1) ? first : NaN;
    if (days.size > 50_000) days.clear();
    days.set(day, off);
  }
  return Number.isNaN(off) ? offsetAt(zone, at) : off;
}

/** Milliseconds after local midnight: finer than WallMinutes, so 20:00:30 counts as after 20:00. */
function localDayMs(zone: string, at: EpochMs): number {
  const local = at + offsetMinutes(zone, at) * MIN;
  return local - Math.floor(local / DAY) * DAY;
}

function inQuietHours(q: QuietHours, zone: string, at: EpochMs): boolean {
  if (q.start === q.end) return false;
  const t = localDayMs(zone, at);
  const start = q.start * MIN;
  const end = q.end * MIN;
  // The last allowed moment is exactly `start` (20:00:00); the first is exactly `end` (09:00:00).
  return q.start > q.end ? t > start || t < end : t > start && t < end;
}

/** Local calendar day number and wall minutes of an instant, from the cached day offsets. */
function localDayAndMinutes(zone: string, at: EpochMs): { day: number; minutes: number } {
  const local = at + offsetMinutes(zone, at) * MIN;
  const day = Math.floor(local / DAY);
  return { day, minutes: Math.floor((local - day * DAY) / MIN) };
}

/** The latest allowed instant at or before `at`, which lies in quiet hours. */
function latestAllowedBefore(q: QuietHours, zone: string, at: EpochMs): EpochMs {
  const { day, minutes } = localDayAndMinutes(zone, at);
  // Early-morning part of an overnight quiet span: the evening before.
  const d = q.start > q.end && minutes < q.end ? day - 1 : day;
  return localToInstant(zone, fromDayNumber(d), q.start);
}

/** The earliest allowed instant after `at`, which lies in quiet hours. */
function earliestAllowedAfter(q: QuietHours, zone: string, at: EpochMs): EpochMs {
  const { day, minutes } = localDayAndMinutes(zone, at);
  const d = q.start > q.end && minutes >= q.end ? day + 1 : day;
  return localToInstant(zone, fromDayNumber(d), q.end);
}

function localClock(zone: string, at: EpochMs): string {
  return formatWallTime(Math.floor(localDayMs(zone, at) / MIN));
}

interface ChannelChoice {
  channel: ReminderChannel;
  to: string;
  why: string;
}

function addressFor(channel: ReminderChannel, p: PlanPatient): string | null {
  if (channel === 'sms') return p.phoneMobile;
  if (channel === 'email') return p.email;
  return p.phoneMobile ?? p.phoneHome;
}

/** Why a channel cannot be used for this patient, or null when it can. */
function channelBlocker(channel: ReminderChannel, p: PlanPatient): string | null {
  if (!p.consent[channel]) return `no consent to ${CHANNEL_WORDS[channel]}`;
  if (addressFor(channel, p) === null) {
    return channel === 'sms'
      ? 'no mobile number'
      : channel === 'email'
        ? 'no e-mail address'
        : 'no phone number';
  }
  return null;
}

/** Preference first, then consent, then having the address; null when nothing works. */
function chooseChannel(
  allowed: readonly ReminderChannel[],
  p: PlanPatient,
): ChannelChoice | { blockers: string[] } {
  const pref = p.preferredChannel;
  let prefNote = '';
  if (pref !== 'none') {
    const blocker = allowed.includes(pref)
      ? channelBlocker(pref, p)
      : 'not offered for this touchpoint';
    if (blocker === null) return { channel: pref, to: addressFor(pref, p)!, why: 'preferred' };
    prefNote = `preferred ${CHANNEL_WORDS[pref]}: ${blocker}`;
  }
  const blockers: string[] = [];
  for (const c of allowed) {
    if (c === pref) continue;
    const blocker = channelBlocker(c, p);
    if (blocker === null) {
      return { channel: c, to: addressFor(c, p)!, why: prefNote || 'first allowed channel' };
    }
    blockers.push(blocker);
  }
  if (prefNote) blockers.unshift(prefNote);
  return { blockers };
}

interface Timing {
  dueMs: EpochMs;
  note: string;
}

/** When a touchpoint goes out on a channel, or the reason it is skipped. */
function timeTouchpoint(args: {
  t: Touchpoint;
  label: string;
  channel: ReminderChannel | 'call';
  appointment: PlanAppointment;
  zone: string;
  policy: ReminderPolicy;
  earliestMs: EpochMs;
  notAfterMs: EpochMs;
}): Timing | { skip: string } {
  const { t, label, appointment, zone, policy, earliestMs, notAfterMs } = args;
  const q = policy.quietHours;
  // A staff call task is a phone call too, so it keeps the same hours as a voice reminder.
  const quietApplies = policy.quietHoursChannels.includes(
    args.channel === 'call' ? 'voice' : args.channel,
  );

  if (t.offsetMinutes === null) {
    // An event message cannot go out before the event, so quiet hours push it later instead:
    // a booking made online at 22:10 is confirmed at 09:00 the next morning.
    const eventMs =
      t.kind === 'cancellation' ? (appointment.cancelledMs ?? earliestMs) : appointment.createdMs;
    let due = Math.max(eventMs, earliestMs);
    let note = '';
    if (quietApplies && inQuietHours(q, zone, due)) {
      const later = earliestAllowedAfter(q, zone, due);
      note = `; held from ${localClock(zone, due)} to ${localClock(zone, later)} (quiet hours in ${zone})`;
      due = later;
    }
    if (due > notAfterMs) {
      return {
        skip: `skipped: the ${label} could go out only at ${localClock(zone, due)} after quiet hours, when it is no longer useful`,
      };
    }
    return { dueMs: due, note };
  }

  const ideal = appointment.startMs - t.offsetMinutes * MIN;
  const bookedBefore = formatDuration((appointment.startMs - appointment.createdMs) / MIN);
  if (ideal < earliestMs) {
    const what = appointment.createdMs >= earliestMs ? 'booked' : 'planned';
    const lead =
      appointment.createdMs >= earliestMs
        ? bookedBefore
        : formatDuration((appointment.startMs - earliestMs) / MIN);
    return {
      skip: `skipped: ${what} ${lead} before the appointment, after the ${label} would have gone out`,
    };
  }
  if (ideal - appointment.createdMs < policy.minMinutesAfterBooking * MIN) {
    return {
      skip: `skipped: the ${label} would go out only ${formatDuration((ideal - appointment.createdMs) / MIN)} after the booking (less than ${formatDuration(policy.minMinutesAfterBooking)})`,
    };
  }
  let due = ideal;
  let note = '';
  if (quietApplies && inQuietHours(q, zone, ideal)) {
    // The nearest allowed moment that still does its job, earlier or later. A 2 h reminder for a
    // 10:30 visit falls at 08:30, inside 20:00–09:00: 20:00 the evening before is 12 h 30 min
    // early (more than it may move), but 09:00 is still before it stops being useful (10:00),
    // so it goes at 09:00. It is skipped only when neither side works, with both reasons.
    const at = `falls in quiet hours (${localClock(zone, ideal)} in ${zone})`;
    const earlier = latestAllowedBefore(q, zone, ideal);
    const later = earliestAllowedAfter(q, zone, ideal);
    const shift = (ideal - earlier) / MIN;
    let earlierBlocker: string | null = null;
    if (shift > t.mayMoveEarlierMinutes) {
      earlierBlocker = `the latest allowed moment before it, ${localClock(zone, earlier)}, is ${formatDuration(shift)} early, more than the ${formatDuration(t.mayMoveEarlierMinutes)} it may move`;
    } else if (
      earlier < earliestMs ||
      earlier - appointment.createdMs < policy.minMinutesAfterBooking * MIN
    ) {
      earlierBlocker = `the latest allowed moment before it, ${localClock(zone, earlier)}, is too close to or before the booking`;
    }
    const laterBlocker =
      later > notAfterMs || later >= appointment.startMs
        ? `the first allowed moment after it, ${localClock(zone, later)}, is past its useful time (${localClock(zone, Math.min(notAfterMs, appointment.startMs))})`
        : null;
    if (earlierBlocker !== null && laterBlocker !== null) {
      return { skip: `skipped: the ${label} ${at}; ${earlierBlocker}; ${laterBlocker}` };
    }
    // Both work: the nearer one (earlier on a tie: a reminder read the evening before beats one
    // that arrives as the patient leaves).
    const useLater =
      earlierBlocker !== null || (laterBlocker === null && later - ideal < ideal - earlier);
    due = useLater ? later : earlier;
    note = `; moved from ${localClock(zone, ideal)} to ${localClock(zone, due)} (quiet hours in ${zone})`;
  }
  if (due > notAfterMs) {
    return { skip: `skipped: the ${label} would arrive when it is no longer useful` };
  }
  return { dueMs: due, note };
}

export const HIGH_RISK_ONLY = 'skipped: only for visits with a high no-show risk';

/**
 * Every message a booked (or cancelled) appointment should produce, with the moment it is due,
 * the moment it stops being useful, and a reason in words; plus each touchpoint skipped and why.
 */
export function planReminders(args: {
  appointment: PlanAppointment;
  patient: PlanPatient;
  policy: ReminderPolicy;
  now: EpochMs;
}): ReminderPlan {
  const { appointment, patient, policy, now } = args;
  requireZone(patient.timeZone);
  const zone = patient.timeZone;
  const planned: PlannedMessage[] = [];
  const skipped: SkippedTouchpoint[] = [];
  const earliestMs = Math.max(now, appointment.createdMs);
  const cancelled = appointment.cancelledMs != null;
  const skip = (t: Touchpoint, reason: string) =>
    skipped.push({ appointmentId: appointment.id, touchpointKey: t.key, reason });

  for (const t of policy.touchpoints) {
    const label = touchpointLabel(t);
    if (cancelled !== (t.kind === 'cancellation')) {
      skip(
        t,
        cancelled
          ? 'skipped: the appointment was cancelled'
          : 'skipped: only sent when an appointment is cancelled',
      );
      continue;
    }
    if (t.onlyForHighRisk && !appointment.highNoShowRisk) {
      skip(t, HIGH_RISK_ONLY);
      continue;
    }
    if (!cancelled && earliestMs >= appointment.startMs) {
      skip(t, 'skipped: the appointment has already begun');
      continue;
    }
    const choice = chooseChannel(t.channels, patient);
    const callTask = 'blockers' in choice;
    if (callTask && !t.requiresReply) {
      skip(t, `skipped: no channel for the ${label} (${choice.blockers.join('; ')})`);
      continue;
    }
    const channel = callTask ? 'call' : choice.channel;
    const notAfterMs = appointment.startMs - t.usefulUntilMinutesBefore * MIN;
    const timing = timeTouchpoint({
      t,
      label,
      channel,
      appointment,
      zone,
      policy,
      earliestMs,
      notAfterMs,
    });
    if ('skip' in timing) {
      skip(t, timing.skip);
      continue;
    }
    const reason = callTask
      ? `call task: phone the patient for the ${label}; no channel works (${choice.blockers.join('; ')})`
      : `${label} by ${CHANNEL_WORDS[choice.channel]} (${choice.why === 'preferred' ? "the patient's preferred channel" : choice.why})`;
    planned.push({
      appointmentId: appointment.id,
      touchpointKey: t.key,
      kind: t.kind,
      channel,
      to: callTask ? (patient.phoneMobile ?? patient.phoneHome) : choice.to,
      dueMs: timing.dueMs,
      notAfterMs,
      requiresReply: t.requiresReply,
      attachCalendar: t.attachCalendar && channel === 'email',
      reason: reason + timing.note,
    });
  }
  return { planned, skipped };
}

/**
 * Whether a queued message is still worth sending at `now`. The offline case: the PC was off
 * from 07:00 to 11:00, so a 2 h reminder for a 09:00 visit is dropped with this reason.
 */
export function stillUseful(args: {
  message: Pick<PlannedMessage, 'notAfterMs' | 'touchpointKey'>;
  appointmentStartMs: EpochMs;
  now: EpochMs;
}): { useful: true } | { useful: false; reason: string } {
  const { message, appointmentStartMs, now } = args;
  if (now <= message.notAfterMs) return { useful: true };
  const late = formatDuration((now - message.notAfterMs) / MIN);
  return {
    useful: false,
    reason:
      now >= appointmentStartMs
        ? `dropped: the appointment had already begun when "${message.touchpointKey}" could be sent`
        : `dropped: "${message.touchpointKey}" could be sent only ${late} after it stopped being useful`,
  };
}
