import { z } from 'zod';
import { stmt } from '../../db/repos/statements';
import {
  appointmentBookInput,
  appointmentCancelInput,
  appointmentFromRow,
  appointmentRescheduleInput,
  appointmentSetStatusInput,
  APPOINTMENT_STATUS_VALUES,
} from '../../entities/appointment';
import { id, instant } from '../../entities/common';
import type { appointments } from '../../db/schema';
import {
  bookAppointment,
  cancelAppointment,
  rescheduleAppointment,
  setAppointmentStatus,
} from '../../scheduling/booking';
import { defineHandler } from '../handler';

const MAX_LIST_DAYS = 93;

export const appointmentsBook = defineHandler({
  name: 'appointments/book',
  summary:
    'Book a patient; refuses conflicts, out-of-hours times and double bookings unless overbook is given with a reason.',
  input: appointmentBookInput.strict(),
  run: (input, ctx) => {
    const appt = bookAppointment(ctx, input);
    ctx.emit({ topic: 'appointments', ids: [appt.id], providerIds: [appt.providerId] });
    return appt;
  },
});

export const appointmentsReschedule = defineHandler({
  name: 'appointments/reschedule',
  summary:
    'Move an appointment (time, provider, location, length) in one step; the old one is linked to the new.',
  input: appointmentRescheduleInput.strict(),
  run: (input, ctx) => {
    const result = rescheduleAppointment(ctx, input);
    ctx.emit({
      topic: 'appointments',
      ids: [result.old.id, result.appointment.id],
      providerIds: [...new Set([result.old.providerId, result.appointment.providerId])],
    });
    return result;
  },
});

export const appointmentsCancel = defineHandler({
  name: 'appointments/cancel',
  summary:
    'Cancel with a reason; flagged late when the patient cancels inside the late-cancel window.',
  input: appointmentCancelInput.strict(),
  run: (input, ctx) => {
    const appt = cancelAppointment(ctx, input);
    ctx.emit({ topic: 'appointments', ids: [appt.id], providerIds: [appt.providerId] });
    return appt;
  },
});

export const appointmentsSetStatus = defineHandler({
  name: 'appointments/setStatus',
  summary: 'Confirm, arrive, room, complete or mark no-show.',
  input: appointmentSetStatusInput.strict(),
  run: (input, ctx) => {
    const appt = setAppointmentStatus(ctx, input);
    ctx.emit({ topic: 'appointments', ids: [appt.id], providerIds: [appt.providerId] });
    return appt;
  },
});

export const appointmentsList = defineHandler({
  name: 'appointments/list',
  summary:
    'Appointments starting in a time range (at most 93 days), for some providers, a location or a patient.',
  input: z
    .object({
      from: instant('from'),
      to: instant('to'),
      providerIds: z
        .array(id('provider'))
        .min(1, 'list at least one provider, or leave providerIds out')
        .max(500)
        .optional(),
      locationId: id('location').optional(),
      patientId: id('patient').optional(),
      statuses: z
        .array(
          z.enum(APPOINTMENT_STATUS_VALUES, {
            error: `status must be one of ${APPOINTMENT_STATUS_VALUES.join(', ')}`,
          }),
        )
        .min(1)
        .optional(),
    })
    .strict()
    .refine((i) => i.to > i.from, { message: 'to must be after from', path: ['to'] })
    .refine((i) => i.patientId !== undefined || i.to - i.from <= MAX_LIST_DAYS * 86_400_000, {
      message: `ask for at most ${MAX_LIST_DAYS} days at a time`,
      path: ['to'],
    }),
  run: (input, ctx) => {
    const where = ['a.start_ms >= @from', 'a.start_ms < @to'];
    const params: Record<string, unknown> = { from: input.from, to: input.to };
    if (input.providerIds) {
      where.push('a.provider_id = j.value');
      params.providers = JSON.stringify(input.providerIds);
    }
    if (input.locationId) {
      where.push('a.location_id = @location');
      params.location = input.locationId;
    }
    if (input.patientId) {
      where.push('a.patient_id = @patient');
      params.patient = input.patientId;
    }
    if (input.statuses) {
      where.push('a.status IN (SELECT value FROM json_each(@statuses))');
      params.statuses = JSON.stringify(input.statuses);
    }
    // With providers given, walk them first (CROSS JOIN fixes the order) so each reads its own
    // stretch of the (provider, start) index; otherwise SQLite scans every provider's week by start time.
    const rows = stmt(
      ctx.db.sqlite,
      `SELECT a.*, p.first_name || ' ' || p.last_name AS patientName, v.name AS visitTypeName, v.color AS visitTypeColor
         FROM ${input.providerIds ? 'json_each(@providers) j CROSS JOIN ' : ''}appointments a JOIN patients p ON p.id = a.patient_id JOIN visit_types v ON v.id = a.visit_type_id
        WHERE ${where.join(' AND ')} ORDER BY a.start_ms, a.provider_id LIMIT 20000`,
    ).all(params) as Record<string, unknown>[];
    return rows.map((r) => ({
      ...appointmentFromRow(rowToRecord(r)),
      patientName: r.patientName as string,
      visitTypeName: r.visitTypeName as string,
      visitTypeColor: r.visitTypeColor as string,
    }));
  },
});

function rowToRecord(r: Record<string, unknown>): typeof appointments.$inferSelect {
  return {
    id: r.id as number,
    confirmationCode: r.confirmation_code as string,
    patientId: r.patient_id as number,
    providerId: r.provider_id as number,
    locationId: r.location_id as number,
    visitTypeId: r.visit_type_id as number,
    startMs: r.start_ms as number,
    endMs: r.end_ms as number,
    status: r.status as string,
    overbook: r.overbook === 1,
    overbookReason: r.overbook_reason as string | null,
    cancelReason: r.cancel_reason as string | null,
    cancelledBy: r.cancelled_by as string | null,
    lateCancel: r.late_cancel === 1,
    cancelledMs: r.cancelled_ms as number | null,
    rescheduledFromId: r.rescheduled_from_id as number | null,
    rescheduledToId: r.rescheduled_to_id as number | null,
    bookedBy: r.booked_by as string,
    bookedFrom: r.booked_from as string,
    createdMs: r.created_ms as number,
    updatedMs: r.updated_ms as number,
  };
}
