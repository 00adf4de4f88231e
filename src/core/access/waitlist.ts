/**
 * The waitlist's rules, pure: who an opening suits, in what order they are asked, how long each
 * wave waits, and when no text may go out. The caller passes the clock and the zone.
 *
 * The limits are the issue's: offers go out in waves of 3 that wait 15 minutes (less when the
 * opening is close), never inside quiet hours, never less than 30 minutes before the opening, and
 * no patient gets more than 3 offers in one day.
 */
import { z } from 'zod';
import { id, localDate, trimmed } from '../entities/common';
import { instantToLocal, isoWeekday, localDateOf, MINUTE_MS, type LocalDate } from '../time';

export const WAVE_SIZE = 3;
export const WAVE_MS = 15 * MINUTE_MS;
/** The shortest wave: a patient needs a few minutes to read a text and answer it. */
export const MIN_WAVE_MS = 5 * MINUTE_MS;
/** No offer for an opening that starts sooner than this: the patient could not get there. */
export const MIN_LEAD_MS = 30 * MINUTE_MS;
export const MAX_OFFERS_PER_PATIENT_PER_DAY = 3;

const entryFields = {
  patientId: id('patient'),
  visitTypeId: id('visit type'),
  providerId: id('provider').optional(),
  specialty: z
    .string({ error: 'specialty must be a NUCC taxonomy code' })
    .regex(/^[0-9A-Z]{9}X$/, 'specialty must be a NUCC taxonomy code such as 207Q00000X')
    .optional(),
  earliestDate: localDate('earliest date').optional(),
  latestDate: localDate('latest date').optional(),
  weekdays: z
    .array(
      z
        .number()
        .int()
        .min(1, 'weekdays are 1 (Monday) to 7 (Sunday)')
        .max(7, 'weekdays are 1 (Monday) to 7 (Sunday)'),
    )
    .min(1, 'give at least one weekday, or leave weekdays out for any day')
    .optional(),
  timeOfDay: z
    .enum(['any', 'morning', 'afternoon'], {
      error: 'time of day must be any, morning or afternoon',
    })
    .default('any'),
  linkedAppointmentId: id('appointment').optional(),
  priority: z.number().int().min(0, 'priority is 0 to 9').max(9, 'priority is 0 to 9').default(0),
  expiresOn: localDate('expiry date').optional(),
  note: trimmed('note', 300).optional(),
};
const datesInOrder = {
  check: (e: { earliestDate?: string | undefined; latestDate?: string | undefined }) =>
    !e.earliestDate || !e.latestDate || e.earliestDate <= e.latestDate,
  message: { message: 'the latest date is before the earliest date', path: ['latestDate'] },
};

export const waitlistAddInput = z
  .object(entryFields)
  .strict()
  .refine(datesInOrder.check, datesInOrder.message);

/** An edit states the whole entry again (what the edit dialog shows), for an active entry. */
export const waitlistUpdateInput = z
  .object({ entryId: id('waitlist entry'), ...entryFields })
  .strict()
  .refine(datesInOrder.check, datesInOrder.message);
export type WaitlistEntryInput = z.infer<typeof waitlistAddInput>;

export type TimeOfDay = 'any' | 'morning' | 'afternoon';

export interface WaitingEntry {
  id: number;
  patientId: number;
  providerId: number | null;
  specialty: string | null;
  visitTypeId: number;
  visitMinutes: number;
  earliestDate: LocalDate | null;
  latestDate: LocalDate | null;
  weekdays: number[] | null;
  timeOfDay: TimeOfDay;
  linkedAppointmentStartMs: number | null;
  priority: number;
  expiresMs: number | null;
  createdMs: number;
}

export interface OpenSlot {
  providerId: number;
  providerTaxonomy: string;
  /** Visit types the provider offers (the provider rules' "notOffered" is checked again at booking). */
  startMs: number;
  endMs: number;
}

/** Whether the opening suits what the entry asked for (booking still checks everything else). */
export function suits(e: WaitingEntry, s: OpenSlot, zone: string, now: number): boolean {
  if (e.expiresMs !== null && e.expiresMs <= now) return false;
  if (e.providerId !== null && e.providerId !== s.providerId) return false;
  if (e.providerId === null && e.specialty !== null && e.specialty !== s.providerTaxonomy)
    return false;
  if (s.startMs + e.visitMinutes * MINUTE_MS > s.endMs) return false;
  const date = localDateOf(zone, s.startMs);
  if (e.earliestDate && date < e.earliestDate) return false;
  if (e.latestDate && date > e.latestDate) return false;
  if (e.weekdays && !e.weekdays.includes(isoWeekday(date))) return false;
  const minutes = instantToLocal(zone, s.startMs).minutes;
  if (e.timeOfDay === 'morning' && minutes >= 12 * 60) return false;
  if (e.timeOfDay === 'afternoon' && minutes < 12 * 60) return false;
  // Pulling a visit forward only makes sense if the opening is earlier.
  if (e.linkedAppointmentStartMs !== null && s.startMs >= e.linkedAppointmentStartMs) return false;
  return true;
}

/**
 * Who is asked first: higher priority, then the one whose own visit is furthest off (they gain the
 * most), then who has waited longest.
 */
export function rank<E extends WaitingEntry>(entries: readonly E[], slotStart: number): E[] {
  const gain = (e: WaitingEntry) =>
    e.linkedAppointmentStartMs === null ? Infinity : e.linkedAppointmentStartMs - slotStart;
  return [...entries].sort(
    (a, b) =>
      b.priority - a.priority ||
      (gain(b) === gain(a) ? 0 : gain(b) > gain(a) ? 1 : -1) ||
      a.createdMs - b.createdMs ||
      a.id - b.id,
  );
}

/** 15 minutes, less when the opening is close: the last wave must end before the 30-minute cut-off. */
export function waveLength(now: number, slotStart: number): number {
  const room = slotStart - MIN_LEAD_MS - now;
  return Math.max(MIN_WAVE_MS, Math.min(WAVE_MS, Math.floor(room / 3 / MINUTE_MS) * MINUTE_MS));
}

/** Quiet hours as wall minutes [start, end), overnight when start > end; start === end: none. */
export function inQuietHours(q: { start: number; end: number }, zone: string, at: number): boolean {
  if (q.start === q.end) return false;
  const m = instantToLocal(zone, at).minutes;
  return q.start < q.end ? m >= q.start && m < q.end : m >= q.start || m < q.end;
}

/** The offer text: when and with whom, nothing about why (no visit reason in an SMS). */
export function offerText(p: { clinicName: string; when: string; providerName: string }): string {
  return `${p.clinicName}: an earlier time opened, ${p.when} with ${p.providerName}. Reply YES to take it or NO to pass. First to answer gets it. Reply STOP to stop texts.`;
}
