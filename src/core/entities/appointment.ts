import { z } from 'zod';
import {
  APPOINTMENT_STATUSES,
  statusInSentence,
  type AppointmentStatus,
} from '../../shared/appointments';
import type { appointments } from '../db/schema';
import { toIso } from '../time';
import { id, instant, trimmed, type Brand } from './common';

export type AppointmentId = Brand<number, 'AppointmentId'>;
export type { AppointmentStatus };

export { OCCUPYING_STATUSES, STATUS_TRANSITIONS } from '../../shared/appointments';

/** A status inside an error message: "this one is in room". */
export const STATUS_LABELS: Readonly<Record<AppointmentStatus, string>> = Object.fromEntries(
  APPOINTMENT_STATUSES.map((s) => [s, statusInSentence(s)]),
) as Record<AppointmentStatus, string>;

const overbook = z
  .object({ reason: trimmed('overbook reason', 300) })
  .optional()
  .describe('Book on top of another appointment or outside hours, on purpose; audited.');

const ruleOverride = z
  .object({ reason: trimmed('rule override reason', 300) })
  .optional()
  .describe(
    "Book although the provider's own rules (ages, new patients, new/established visit types) say no, on purpose; audited.",
  );

export const appointmentBookInput = z.object({
  patientId: id('patient'),
  providerId: id('provider'),
  locationId: id('location'),
  visitTypeId: id('visit type'),
  start: instant('start'),
  /** Defaults to start + the visit type's duration; give it to book a longer or shorter visit. */
  end: instant('end').optional(),
  overbook,
  ruleOverride,
});

export const appointmentRescheduleInput = z.object({
  appointmentId: id('appointment'),
  start: instant('start'),
  end: instant('end').optional(),
  providerId: id('provider').optional(),
  locationId: id('location').optional(),
  visitTypeId: id('visit type').optional(),
  overbook,
  ruleOverride,
});

export const appointmentCancelInput = z.object({
  appointmentId: id('appointment'),
  reason: trimmed('cancellation reason', 300),
  /** Who asked: the patient, the clinic or the provider. */
  requestedBy: z
    .enum(['patient', 'clinic', 'provider'], {
      error: 'requested by must be patient, clinic or provider',
    })
    .default('patient'),
});

export const appointmentSetStatusInput = z.object({
  appointmentId: id('appointment'),
  status: z.enum(['booked', 'confirmed', 'arrived', 'in_room', 'completed', 'no_show'], {
    error:
      'status must be booked, confirmed, arrived, in_room, completed or no_show (cancel and reschedule have their own operations)',
  }),
});

export interface Appointment {
  id: AppointmentId;
  confirmationCode: string;
  patientId: number;
  providerId: number;
  locationId: number;
  visitTypeId: number;
  start: string;
  end: string;
  status: AppointmentStatus;
  overbook: boolean;
  overbookReason: string | null;
  /** Why the provider's own rules were set aside for this booking (an audited exception). */
  ruleOverrideReason: string | null;
  cancelReason: string | null;
  cancelledBy: string | null;
  lateCancel: boolean;
  cancelledAt: string | null;
  rescheduledFromId: number | null;
  rescheduledToId: number | null;
  bookedBy: string;
  bookedFrom: string;
  createdAt: string;
  updatedAt: string;
}

export function appointmentFromRow(r: typeof appointments.$inferSelect): Appointment {
  return {
    id: r.id as AppointmentId,
    confirmationCode: r.confirmationCode,
    patientId: r.patientId,
    providerId: r.providerId,
    locationId: r.locationId,
    visitTypeId: r.visitTypeId,
    start: toIso(r.startMs),
    end: toIso(r.endMs),
    status: r.status as AppointmentStatus,
    overbook: r.overbook,
    overbookReason: r.overbookReason,
    ruleOverrideReason: r.ruleOverrideReason,
    cancelReason: r.cancelReason,
    cancelledBy: r.cancelledBy,
    lateCancel: r.lateCancel,
    cancelledAt: r.cancelledMs === null ? null : toIso(r.cancelledMs),
    rescheduledFromId: r.rescheduledFromId,
    rescheduledToId: r.rescheduledToId,
    bookedBy: r.bookedBy,
    bookedFrom: r.bookedFrom,
    createdAt: toIso(r.createdMs),
    updatedAt: toIso(r.updatedMs),
  };
}

/** Confirmation codes avoid look-alike characters (0/O, 1/I/L) so they can be read over the phone. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newConfirmationCode(random: () => number): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += CODE_ALPHABET[Math.floor(random() * CODE_ALPHABET.length)];
  return `${s.slice(0, 3)}-${s.slice(3)}`;
}

export const APPOINTMENT_STATUS_VALUES = APPOINTMENT_STATUSES;
