/**
 * Reminders' side of scheduling's one port (scheduling/service/ports.ts): a booking plans its
 * reminders, a reschedule re-plans them for the new time, a cancellation stops the unsent ones —
 * all inside the booking's own transaction.
 */
import type { CoreContext } from '../context';
import type { AppointmentFollowUps, BookingContext } from '../scheduling/service';
import { planAfterBooking, replanAfterReschedule, stopAfterCancel } from './outbox';

export const reminderFollowUps: AppointmentFollowUps = {
  booked: (ctx, id) => void planAfterBooking(ctx, id),
  rescheduled: (ctx, fromId, toId) => void replanAfterReschedule(ctx, fromId, toId),
  cancelled: (ctx, id) => void stopAfterCancel(ctx, id),
};

/** A context for booking, cancelling or moving an appointment with its reminders kept in step. */
export function withReminders<C extends CoreContext>(ctx: C): C & BookingContext {
  return { ...ctx, followUps: reminderFollowUps };
}
