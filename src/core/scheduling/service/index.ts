/**
 * What other domains may call in scheduling's services (reminders cancels or confirms on a
 * patient's reply). Deeper imports are refused by lint.
 */
export {
  bookAppointment,
  cancelAppointment,
  checkBooking,
  rescheduleAppointment,
  setAppointmentStatus,
} from './booking';
export { firstOpenings, providerSlots, searchSpan } from './availability';
export type { AppointmentFollowUps, BookingContext } from './ports';
