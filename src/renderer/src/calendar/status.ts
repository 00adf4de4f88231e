/**
 * Appointment statuses as the desk shows them. STATUS_TRANSITIONS mirrors
 * src/core/entities/appointment.ts (the renderer may not import core at runtime); the server
 * still decides, and its message is shown when it refuses.
 */
import type { ApiOutput } from '../../../core/api/types';

export type AppointmentStatus = ApiOutput<'appointments/get'>['status'];

export const STATUS_LABEL: Record<string, string> = {
  booked: 'Booked',
  confirmed: 'Confirmed',
  arrived: 'Arrived',
  in_room: 'In room',
  completed: 'Completed',
  no_show: 'No-show',
  cancelled: 'Cancelled',
  rescheduled: 'Rescheduled',
};

/** Light fill, dark text: readable at 13 px on a small column. The left border is the visit type's. */
export const STATUS_STYLE: Record<string, { bg: string; fg: string }> = {
  booked: { bg: '#e3f2fd', fg: '#0d47a1' },
  confirmed: { bg: '#c8e6c9', fg: '#1b5e20' },
  arrived: { bg: '#ffe0b2', fg: '#8a3c00' },
  in_room: { bg: '#e1bee7', fg: '#5b1470' },
  completed: { bg: '#e0e0e0', fg: '#37474f' },
  no_show: { bg: '#ffcdd2', fg: '#9b1c1c' },
  cancelled: { bg: '#f5f5f5', fg: '#616161' },
  rescheduled: { bg: '#f5f5f5', fg: '#616161' },
};

export const STATUS_TRANSITIONS: Readonly<Record<string, readonly AppointmentStatus[]>> = {
  booked: ['confirmed', 'arrived', 'no_show'],
  confirmed: ['booked', 'arrived', 'no_show'],
  arrived: ['confirmed', 'in_room', 'completed'],
  in_room: ['arrived', 'completed'],
  completed: ['in_room'],
  no_show: ['booked'],
  cancelled: [],
  rescheduled: [],
};

/** The button that moves an appointment to `to` (a step back reads as an undo). */
export function transitionLabel(from: string, to: string): string {
  const back: Record<string, string> = {
    'confirmed>booked': 'Unconfirm',
    'arrived>confirmed': 'Undo arrival',
    'in_room>arrived': 'Back to waiting room',
    'completed>in_room': 'Reopen (in room)',
    'no_show>booked': 'Undo no-show',
  };
  const forward: Record<string, string> = {
    confirmed: 'Confirm',
    arrived: 'Arrived',
    in_room: 'In room',
    completed: 'Completed',
    no_show: 'No-show',
    booked: 'Booked',
  };
  return back[`${from}>${to}`] ?? forward[to] ?? to;
}
