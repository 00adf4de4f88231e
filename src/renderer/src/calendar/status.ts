/**
 * How a status looks on the desk: its fill and text colour. The statuses themselves, their words
 * and the steps between them come from src/shared/appointments.ts, the list the engine enforces.
 */
import type { AppointmentStatus } from '../../../shared/appointments';

/** Light fill, dark text: readable at 13 px on a small column. The left border is the visit type's. */
export const STATUS_STYLE: Record<AppointmentStatus, { bg: string; fg: string }> = {
  booked: { bg: '#e3f2fd', fg: '#0d47a1' },
  confirmed: { bg: '#c8e6c9', fg: '#1b5e20' },
  arrived: { bg: '#ffe0b2', fg: '#8a3c00' },
  in_room: { bg: '#e1bee7', fg: '#5b1470' },
  completed: { bg: '#e0e0e0', fg: '#37474f' },
  no_show: { bg: '#ffcdd2', fg: '#9b1c1c' },
  cancelled: { bg: '#f5f5f5', fg: '#616161' },
  rescheduled: { bg: '#f5f5f5', fg: '#616161' },
};

/** The style of a status this build may not know (a newer server): shown as booked. */
export function statusStyle(status: string): { bg: string; fg: string } {
  return (
    (STATUS_STYLE as Record<string, { bg: string; fg: string }>)[status] ?? STATUS_STYLE.booked
  );
}
