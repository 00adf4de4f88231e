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
  /** Marked no-show: on the day itself the rest of its time may still go to someone waiting. */
  noShow(ctx: CoreContext, appointmentId: number): void;
}

/** Every booking path is given the follow-ups: required, so no path can forget the reminders. */
export interface BookingContext extends CoreContext {
  followUps: AppointmentFollowUps;
}
