import type { CoreContext } from '../../context';

/**
 * The one port between booking and what follows a booking elsewhere: reminders planned,
 * re-planned and stopped today (reminders/followUps.ts), waitlist offers later. Booking calls it
 * inside its own transaction, so a follow-up commits or rolls back with the booking. Scheduling
 * never imports reminders; reminders implements this and calls booking back through
 * scheduling/service/index.ts.
 */
export interface AppointmentFollowUps {
  booked(ctx: CoreContext, appointmentId: number): void;
  rescheduled(ctx: CoreContext, fromId: number, toId: number): void;
  cancelled(ctx: CoreContext, appointmentId: number): void;
  /** Any status step (setAppointmentStatus): recall recomputes due dates on "completed";
   * a same-day "no_show" frees the rest of its time for the waitlist. */
  statusChanged(ctx: CoreContext, appointmentId: number, from: string, to: string): void;
}

/** Every booking path is given the follow-ups: required, so no path can forget the reminders. */
export interface BookingContext extends CoreContext {
  followUps: AppointmentFollowUps;
}
