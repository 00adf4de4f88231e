/**
 * What the no-show risk model may know about a booking: only facts that existed when the booking
 * was made (and the patient's reminder answer, once it has arrived). Pure: the caller turns the
 * clinic's instants into clinic-local dates and minutes; nothing here reads the clock or the
 * database.
 *
 * The one rule that keeps the model honest: a past visit counts toward "prior no-shows" and
 * "prior kept visits" only when its outcome was known before this booking was made. A patient who
 * phones on Monday 10:00 to book next week cannot be judged by the visit they miss on Monday
 * afternoon, nor by one they keep on Friday. A reminder answer counts only once it has been
 * received (at or before `asOf`).
 */
import { dayNumber, isoWeekday, type LocalDate } from '../../time';

/** A clinic-local moment: a date and minutes after local midnight. */
export interface LocalMoment {
  date: LocalDate;
  minutes: number;
}

/**
 * When a visit took place. `minutes` is null when only its date is known (the public data set
 * records appointment days without a time): its outcome is then known only at the end of that
 * day, so it never counts for a booking made on the same day.
 */
export interface VisitMoment {
  date: LocalDate;
  minutes: number | null;
}

export type ReminderAnswer = 'confirmed' | 'declined' | 'noAnswer' | 'undelivered';

export interface BookingFacts {
  /** When the booking was made (for a rescheduled visit: when it was moved). */
  booked: LocalMoment;
  /** When the visit is due. */
  visit: VisitMoment;
  /** Age on the visit date; null when the birth date is unknown. */
  ageYears: number | null;
  /** The clinic's visit type name; null when unknown. */
  visitType: string | null;
  /** The patient's answer to the reminders and when it came; null before any answer. */
  reminder: { answer: ReminderAnswer; at: LocalMoment } | null;
}

/** One earlier visit of the same patient, with how it ended. */
export interface PastVisit {
  /** When the outcome became known: the end of the visit (or its date alone, see VisitMoment). */
  visit: VisitMoment;
  /** When that appointment was booked; null when unknown (it then never counts as a booking). */
  booked: LocalMoment | null;
  /** 'open' = not yet closed, 'cancelled' = called off: neither is an outcome. */
  outcome: 'kept' | 'noShow' | 'open' | 'cancelled';
}

/** The model's inputs for one booking. NaN = unknown. */
export interface NoShowFeatures {
  /** Calendar days from the booking's date to the visit's date (0 = booked for the same day). */
  leadDays: number;
  priorNoShows: number;
  priorKept: number;
  /** priorNoShows / (priorNoShows + priorKept); NaN for a patient with no known outcome yet. */
  priorNoShowRate: number;
  /** 1 when no earlier visit of this patient had an outcome before the booking. */
  newPatient: number;
  /**
   * The patient's other appointments booked before this one (whatever became of them): a
   * patient who books often is a different patient from one who calls once a year.
   */
  priorBookings: number;
  /** Of those, how many were still ahead on the day of this booking (due that day or later). */
  openBookings: number;
  /** 0 = under 5, 1 = 5–11, 2 = 12–17, 3 = 18–29, 4 = 30–44, 5 = 45–64, 6 = 65–79, 7 = 80+. */
  ageBand: number;
  /** ISO weekday of the visit: 1 = Monday … 7 = Sunday. */
  visitWeekday: number;
  /** Local hour the visit starts; NaN when only the date is known. */
  visitHour: number;
  /** Local hour the booking was made (a call at 07:00 is a different caller from one at 16:00). */
  bookedHour: number;
  /** The visit type's name (turned into a number by the trained model's vocabulary). */
  visitType: string | null;
  /** 0 confirmed, 1 no answer, 2 failed to deliver, 3 declined; NaN before any answer. */
  reminderAnswer: number;
}

/** The numeric feature names in the order the model reads them (visitType is added by the model). */
export const NUMERIC_FEATURES = [
  'leadDays',
  'priorNoShows',
  'priorKept',
  'priorNoShowRate',
  'newPatient',
  'priorBookings',
  'openBookings',
  'ageBand',
  'visitWeekday',
  'visitHour',
  'bookedHour',
  'reminderAnswer',
] as const satisfies readonly (keyof NoShowFeatures)[];

const AGE_BAND_UPPER = [5, 12, 18, 30, 45, 65, 80];

export function ageBand(ageYears: number | null): number {
  if (ageYears === null || !Number.isFinite(ageYears) || ageYears < 0 || ageYears > 120) return NaN;
  const i = AGE_BAND_UPPER.findIndex((upper) => ageYears < upper);
  return i === -1 ? AGE_BAND_UPPER.length : i;
}

const REMINDER_CODE: Record<ReminderAnswer, number> = {
  confirmed: 0,
  noAnswer: 1,
  undelivered: 2,
  declined: 3,
};

/** A comparable minute count; a date-only visit's outcome is known at the end of its day. */
function knownAt(v: VisitMoment): number {
  return dayNumber(v.date) * 1440 + (v.minutes ?? 1440);
}

function momentKey(m: LocalMoment): number {
  return dayNumber(m.date) * 1440 + m.minutes;
}

/**
 * The features of one booking. `history` may hold any visits of the same patient, earlier or
 * later; only those whose outcome was known before the booking are read. `asOf` is the moment of
 * prediction (the booking itself, or later for a booking already in the book): the reminder
 * answer counts only if it had arrived by then.
 */
export function noShowFeatures(p: {
  booking: BookingFacts;
  history: readonly PastVisit[];
  asOf?: LocalMoment;
}): NoShowFeatures {
  const { booking } = p;
  const bookedKey = momentKey(booking.booked);
  const asOfKey = p.asOf ? Math.max(momentKey(p.asOf), bookedKey) : bookedKey;
  const bookedDay = dayNumber(booking.booked.date);
  let priorNoShows = 0;
  let priorKept = 0;
  let priorBookings = 0;
  let openBookings = 0;
  for (const past of p.history) {
    // Booked strictly earlier: the booking being scored (or a twin made in the same minute) is not
    // its own history.
    if (past.booked !== null && momentKey(past.booked) < bookedKey) {
      priorBookings++;
      if (dayNumber(past.visit.date) >= bookedDay) openBookings++;
    }
    if (past.outcome !== 'kept' && past.outcome !== 'noShow') continue;
    if (knownAt(past.visit) > bookedKey) continue;
    if (past.outcome === 'noShow') priorNoShows++;
    else priorKept++;
  }
  const prior = priorNoShows + priorKept;
  // A booking entered after the visit's day (a back-dated entry) has no lead time to speak of.
  const leadDays = Math.max(0, dayNumber(booking.visit.date) - dayNumber(booking.booked.date));
  const reminder =
    booking.reminder && momentKey(booking.reminder.at) <= asOfKey ? booking.reminder.answer : null;
  return {
    leadDays,
    priorNoShows,
    priorKept,
    priorNoShowRate: prior === 0 ? NaN : priorNoShows / prior,
    newPatient: prior === 0 ? 1 : 0,
    priorBookings,
    openBookings,
    ageBand: ageBand(booking.ageYears),
    visitWeekday: isoWeekday(booking.visit.date),
    visitHour: booking.visit.minutes === null ? NaN : Math.floor(booking.visit.minutes / 60),
    bookedHour: Math.floor(booking.booked.minutes / 60),
    visitType: booking.visitType,
    reminderAnswer: reminder === null ? NaN : REMINDER_CODE[reminder],
  };
}
