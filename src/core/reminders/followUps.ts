/**
 * Reminders' side of scheduling's one port (scheduling/service/ports.ts): a booking plans its
 * reminders, a reschedule re-plans them for the new time, a cancellation stops the unsent ones —
 * all inside the booking's own transaction.
 */
import type { CoreContext } from '../context';
import type { AppointmentFollowUps, BookingContext } from '../scheduling/service';
import { planAfterBooking, replanAfterReschedule, stopAfterCancel } from './outbox';
import { noteFreedSlot, noteNoShow } from '../access/service/freedSlots';
import { recomputeForAppointment } from '../access/service/recall';

export const reminderFollowUps: AppointmentFollowUps = {
  booked: (ctx, id) => void planAfterBooking(ctx, id),
  rescheduled: (ctx, fromId, toId) => {
    replanAfterReschedule(ctx, fromId, toId);
    // The time it left is free for someone on the waitlist.
    noteFreedSlot(ctx, fromId, 'reschedule');
  },
  cancelled: (ctx, id) => {
    stopAfterCancel(ctx, id);
    noteFreedSlot(ctx, id, 'cancellation');
  },
  statusChanged: (ctx, id, from, to) => {
    // Completed (or un-completed): the patient's recall due dates follow their last visit.
    if (from === 'completed' || to === 'completed') recomputeForAppointment(ctx, id);
    // Marked no-show: on the day itself the rest of its time may still go to someone waiting.
    if (to === 'no_show') noteNoShow(ctx, id);
  },
};

/** A context for booking, cancelling or moving an appointment with its reminders kept in step. */
export function withReminders<C extends CoreContext>(ctx: C): C & BookingContext {
  return { ...ctx, followUps: reminderFollowUps };
}
