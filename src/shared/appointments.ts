/**
 * Appointment statuses: the values the database checks, the day's flow between them, and their
 * words. Browser-safe: the engine refuses a step that is not in STATUS_TRANSITIONS and the desk
 * offers only those steps, from this one list.
 */

export const APPOINTMENT_STATUSES = [
  'booked',
  'confirmed',
  'arrived',
  'in_room',
  'completed',
  'no_show',
  'cancelled',
  'rescheduled',
] as const;

export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export function isAppointmentStatus(value: unknown): value is AppointmentStatus {
  return typeof value === 'string' && (APPOINTMENT_STATUSES as readonly string[]).includes(value);
}

/** Statuses that hold the provider's time (mirrored by the overlap trigger in migration 0001). */
export const OCCUPYING_STATUSES: readonly AppointmentStatus[] = [
  'booked',
  'confirmed',
  'arrived',
  'in_room',
  'completed',
];

/** Still on the books (a day list shows them): everything but cancelled and moved-away slots. */
export const ON_THE_BOOKS_STATUSES: readonly AppointmentStatus[] = APPOINTMENT_STATUSES.filter(
  (s) => s !== 'cancelled' && s !== 'rescheduled',
);

/** The visit has not ended yet: what a patient's "upcoming" list shows. */
export const NOT_YET_SEEN_STATUSES: readonly AppointmentStatus[] = [
  'booked',
  'confirmed',
  'arrived',
  'in_room',
];

/** Only these can still be moved, rescheduled or cancelled; after arrival the visit is under way. */
export const CHANGEABLE_STATUSES: readonly AppointmentStatus[] = ['booked', 'confirmed'];

export function isChangeable(status: string): boolean {
  return (CHANGEABLE_STATUSES as readonly string[]).includes(status);
}

export function isOnTheBooks(status: string): boolean {
  return (ON_THE_BOOKS_STATUSES as readonly string[]).includes(status);
}

/**
 * The day's flow: booked → confirmed → arrived → in room → completed; no-show from booked or
 * confirmed; a step back is allowed one stage at a time to undo a mis-click (arrived → confirmed).
 * Cancelling and rescheduling have their own operations.
 */
export const STATUS_TRANSITIONS: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> =
  {
    booked: ['confirmed', 'arrived', 'no_show'],
    confirmed: ['booked', 'arrived', 'no_show'],
    arrived: ['confirmed', 'in_room', 'completed'],
    in_room: ['arrived', 'completed'],
    completed: ['in_room'],
    no_show: ['booked'],
    cancelled: [],
    rescheduled: [],
  };

/** A status on a chip or in a list: "In room", "No-show". */
export const STATUS_LABELS: Readonly<Record<AppointmentStatus, string>> = {
  booked: 'Booked',
  confirmed: 'Confirmed',
  arrived: 'Arrived',
  in_room: 'In room',
  completed: 'Completed',
  no_show: 'No-show',
  cancelled: 'Cancelled',
  rescheduled: 'Rescheduled',
};

/** A status inside a sentence: "this one is in room". A value this build does not know stays as sent. */
export function statusInSentence(status: string): string {
  return isAppointmentStatus(status) ? STATUS_LABELS[status].toLowerCase() : status;
}

/** A status on a chip; a value this build does not know stays as sent. */
export function statusLabel(status: string): string {
  return isAppointmentStatus(status) ? STATUS_LABELS[status] : status;
}

/** The button that moves an appointment to `to` (a step back reads as an undo). */
export function transitionLabel(from: AppointmentStatus, to: AppointmentStatus): string {
  const back: Partial<Record<`${AppointmentStatus}>${AppointmentStatus}`, string>> = {
    'confirmed>booked': 'Unconfirm',
    'arrived>confirmed': 'Undo arrival',
    'in_room>arrived': 'Back to waiting room',
    'completed>in_room': 'Reopen (in room)',
    'no_show>booked': 'Undo no-show',
  };
  const forward: Partial<Record<AppointmentStatus, string>> = {
    confirmed: 'Confirm',
    arrived: 'Arrived',
    in_room: 'In room',
    completed: 'Completed',
    no_show: 'No-show',
    booked: 'Booked',
  };
  return back[`${from}>${to}`] ?? forward[to] ?? to;
}
