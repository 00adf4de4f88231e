import { withReminders } from '../../reminders/followUps';
import { z } from 'zod';
import { getAppointment, listAppointmentItems } from '../../db/repos/appointments';
import { getLocation, getProvider, getVisitType } from '../../db/repos/directory';
import { getPatient } from '../../db/repos/patients';
import { stmt } from '../../db/repos/statements';
import { toIso } from '../../time';
import { notFound } from '../../errors';
import {
  appointmentBookInput,
  appointmentCancelInput,
  appointmentRescheduleInput,
  appointmentSetStatusInput,
  APPOINTMENT_STATUS_VALUES,
} from '../../entities/appointment';
import { id, instant } from '../../entities/common';
import {
  bookAppointment,
  cancelAppointment,
  rescheduleAppointment,
  setAppointmentStatus,
} from '../../scheduling/service/booking';
import { defineHandler } from '../handler';
import { noShowRisks } from '../../reports/service/noshow';

const MAX_LIST_DAYS = 93;

export const appointmentsBook = defineHandler({
  name: 'appointments/book',
  mode: 'write',
  permission: 'appointments.book',
  summary:
    'Book a patient; refuses conflicts, out-of-hours times and double bookings unless overbook is given with a reason.',
  input: appointmentBookInput.strict(),
  run: (input, ctx) => {
    const appt = bookAppointment(withReminders(ctx), input);
    ctx.emit({ topic: 'appointments', ids: [appt.id], providerIds: [appt.providerId] });
    return appt;
  },
});

export const appointmentsReschedule = defineHandler({
  name: 'appointments/reschedule',
  mode: 'write',
  permission: 'appointments.book',
  summary:
    'Move an appointment (time, provider, location, length) in one step; the old one is linked to the new.',
  input: appointmentRescheduleInput.strict(),
  run: (input, ctx) => {
    const result = rescheduleAppointment(withReminders(ctx), input);
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
  mode: 'write',
  permission: 'appointments.book',
  summary:
    'Cancel with a reason; flagged late when the patient cancels inside the late-cancel window.',
  input: appointmentCancelInput.strict(),
  run: (input, ctx) => {
    const appt = cancelAppointment(withReminders(ctx), input);
    ctx.emit({ topic: 'appointments', ids: [appt.id], providerIds: [appt.providerId] });
    return appt;
  },
});

export const appointmentsSetStatus = defineHandler({
  name: 'appointments/setStatus',
  mode: 'write',
  permission: 'appointments.book',
  summary: 'Confirm, arrive, room, complete or mark no-show.',
  input: appointmentSetStatusInput.strict(),
  run: (input, ctx) => {
    const appt = setAppointmentStatus(withReminders(ctx), input);
    ctx.emit({ topic: 'appointments', ids: [appt.id], providerIds: [appt.providerId] });
    return appt;
  },
});

export const appointmentsList = defineHandler({
  name: 'appointments/list',
  mode: 'read',
  permission: 'schedule.view',
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
  run: (input, ctx) => listAppointmentItems(ctx.db, input),
});

export const appointmentsGet = defineHandler({
  name: 'appointments/get',
  mode: 'read',
  permission: 'schedule.view',
  summary:
    'One appointment with its patient, provider, location and visit type, the chain of reschedules, and its history.',
  input: z.object({ appointmentId: id('appointment') }).strict(),
  run: (input, ctx) => {
    const appt = getAppointment(ctx.db, input.appointmentId);
    if (!appt) throw notFound('The appointment', 'appointmentId');
    // The history follows the appointment through its reschedules, both ways.
    const chain: number[] = [appt.id];
    for (let prev = appt.rescheduledFromId; prev !== null;) {
      chain.unshift(prev);
      prev = getAppointment(ctx.db, prev)?.rescheduledFromId ?? null;
    }
    for (let next = appt.rescheduledToId; next !== null;) {
      chain.push(next);
      next = getAppointment(ctx.db, next)?.rescheduledToId ?? null;
    }
    const history = (
      stmt(
        ctx.db.sqlite,
        `SELECT at_ms AS at, actor, origin, action, entity_id AS appointmentId, details FROM audit_log
          WHERE entity_type = 'appointment' AND entity_id IN (SELECT value FROM json_each(?)) ORDER BY at_ms, id`,
      ).all(JSON.stringify(chain)) as {
        at: number;
        actor: string;
        origin: string;
        action: string;
        appointmentId: number;
        details: string;
      }[]
    ).map((h) => ({
      ...h,
      at: toIso(h.at),
      details: JSON.parse(h.details) as Record<string, unknown>,
    }));
    const patient = getPatient(ctx.db, appt.patientId)!;
    const provider = getProvider(ctx.db, appt.providerId);
    const location = getLocation(ctx.db, appt.locationId);
    const visitType = getVisitType(ctx.db, appt.visitTypeId);
    return {
      ...appt,
      patient: {
        id: patient.id as number,
        name: `${patient.firstName} ${patient.lastName}`,
        dateOfBirth: patient.dateOfBirth,
        phone: patient.phoneMobile ?? patient.phoneHome,
      },
      providerName: provider?.displayName ?? '',
      locationName: location?.name ?? '',
      visitType: visitType
        ? {
            id: visitType.id as number,
            name: visitType.name,
            durationMinutes: visitType.durationMinutes,
          }
        : null,
      chain,
      history,
      // Staff only (this panel); null while the clinic's model is off or the visit is not ahead.
      noShowRisk:
        (appt.status === 'booked' || appt.status === 'confirmed') &&
        Date.parse(appt.start) > ctx.now
          ? (noShowRisks(ctx.db, [appt.id], ctx.now).get(appt.id)?.band ?? null)
          : null,
    };
  },
});
