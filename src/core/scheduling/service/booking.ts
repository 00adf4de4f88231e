/**
 * Booking rules. Every write runs inside the caller's IMMEDIATE transaction (see api/registry.ts),
 * re-checks the schedule and conflicts against what is committed at that moment, and is backed
 * by the database's own overlap trigger, so neither a second receptionist nor a second process
 * can double-book.
 */
import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { AppError, notFound } from '../../errors';
import type { CoreContext } from '../../context';
import {
  getAppointmentRow,
  insertAppointmentRow,
  patientOverlaps,
  readBusy,
} from '../../db/repos/appointments';
import { writeAudit } from '../../db/repos/audit';
import { getClinic } from '../../db/repos/clinic';
import {
  getLocation,
  getProvider,
  getVisitType,
  listProviders,
  offersVisitType,
  visitTypeBuffers,
} from '../../db/repos/directory';
import { getPatient } from '../../db/repos/patients';
import { loadSchedules } from '../../db/repos/schedules';
import { appointments } from '../../db/schema';
import {
  appointmentFromRow,
  newConfirmationCode,
  STATUS_LABELS,
  STATUS_TRANSITIONS,
  type Appointment,
  type AppointmentStatus,
} from '../../entities/appointment';
import type { ClinicSettings } from '../../entities/clinic';
import type { Provider } from '../../entities/provider';
import type { VisitType } from '../../entities/visitType';
import type { BookingContext } from './ports';
import {
  formatForPeople,
  formatWallTime,
  HOUR_MS,
  instantToLocal,
  localDateOf,
  MINUTE_MS,
} from '../../time';
import { alternativeOpenings, visitRule } from './availability';
import { lastVisitDates, rulePatientFor } from './ruleFacts';
import { brokenProviderRules, rulesSentence, type BrokenRule } from '../providerRules';
import { checkFits } from '../slots';

/** A booking may start this long before now: the patient who is already at the desk. */
export const PAST_GRACE_MS = 15 * MINUTE_MS;

interface Placement {
  patientId: number;
  providerId: number;
  locationId: number;
  visitTypeId: number;
  start: number;
  end?: number | undefined;
  overbook?: { reason: string } | undefined;
  /** Sets the provider's own rules (ages, new patients, visit types) aside, on purpose; audited. */
  ruleOverride?: { reason: string } | undefined;
}

interface Resolved {
  clinic: ClinicSettings;
  provider: Provider;
  visitType: VisitType;
  start: number;
  end: number;
  /** Rules the placement breaks (only when overridden on purpose). */
  broken: BrokenRule[];
}

function resolve(ctx: CoreContext, p: Placement): Resolved {
  const clinic = getClinic(ctx.db, ctx.now);
  const patient = getPatient(ctx.db, p.patientId);
  if (!patient) throw notFound('The patient', 'patientId');
  if (patient.mergedIntoId !== null)
    throw new AppError(
      'RULE',
      `${patient.firstName} ${patient.lastName}'s record #${patient.id} was merged into record #${patient.mergedIntoId}: book on that record.`,
      'patientId',
      { mergedIntoId: patient.mergedIntoId },
    );
  if (patient.inactiveReason === 'deceased')
    throw new AppError(
      'RULE',
      `${patient.firstName} ${patient.lastName} is marked deceased and cannot be booked.`,
      'patientId',
    );
  const provider = getProvider(ctx.db, p.providerId);
  if (!provider) throw notFound('The provider', 'providerId');
  if (!provider.active)
    throw new AppError(
      'RULE',
      `${provider.displayName} is no longer active and cannot be booked.`,
      'providerId',
    );
  const location = getLocation(ctx.db, p.locationId);
  if (!location) throw notFound('The location', 'locationId');
  if (!location.active)
    throw new AppError('RULE', `${location.name} is archived and cannot be booked.`, 'locationId');
  if (!provider.locationIds.includes(location.id)) {
    throw new AppError(
      'RULE',
      `${provider.displayName} does not work at ${location.name}.`,
      'locationId',
    );
  }
  const visitType = getVisitType(ctx.db, p.visitTypeId);
  if (!visitType) throw notFound('The visit type', 'visitTypeId');
  if (!visitType.active)
    throw new AppError(
      'RULE',
      `The visit type ${visitType.name} is no longer offered.`,
      'visitTypeId',
    );
  const start = p.start;
  const end = p.end ?? start + visitType.durationMinutes * MINUTE_MS;
  if (start % MINUTE_MS !== 0)
    throw new AppError('VALIDATION', 'start must be on a whole minute', 'start');
  if (end % MINUTE_MS !== 0)
    throw new AppError('VALIDATION', 'end must be on a whole minute', 'end');
  if (end <= start) throw new AppError('VALIDATION', 'end must be after start', 'end');
  if (end - start > 12 * HOUR_MS)
    throw new AppError('VALIDATION', 'an appointment can be at most 12 hours long', 'end');
  if (start < ctx.now - PAST_GRACE_MS) {
    throw new AppError(
      'RULE',
      `${formatForPeople(clinic.timeZone, start)} is in the past.`,
      'start',
    );
  }
  // Who the provider sees is a booking rule on every path (book, reschedule, a drag on the
  // calendar); only an explicit override with a reason sets it aside.
  const broken = brokenProviderRules({
    provider,
    visitType,
    patient: rulePatientFor({
      dateOfBirth: patient.dateOfBirth,
      on: localDateOf(clinic.timeZone, start),
      seen: lastVisitDates(ctx.db, { patientId: patient.id, now: ctx.now, zone: clinic.timeZone }),
      providerId: provider.id,
    }),
  });
  if (broken.length > 0 && !p.ruleOverride) {
    throw new AppError(
      'RULE',
      rulesSentence(broken),
      broken[0]!.rule === 'age' || broken[0]!.rule === 'newPatients' ? 'providerId' : 'visitTypeId',
      { rules: broken.map((b) => ({ rule: b.rule, message: b.message })) },
    );
  }
  return { clinic, provider, visitType, start, end, broken };
}

/** Schedule and conflict checks for a placement; throws the receptionist-facing reason. */
function checkPlacement(
  ctx: CoreContext,
  p: Placement,
  r: Resolved,
  exceptAppointmentId: number | null,
): void {
  const zone = r.clinic.timeZone;
  const when = formatForPeople(zone, r.start);
  const overlapsForPatient = patientOverlaps(
    ctx.db,
    p.patientId,
    r.start,
    r.end,
    exceptAppointmentId,
  );
  // An overbook is about the provider's time; one patient still cannot be in two rooms at once.
  if (overlapsForPatient.length > 0) {
    const other = overlapsForPatient[0]!;
    const otherProvider = getProvider(ctx.db, other.providerId);
    throw new AppError(
      'CONFLICT',
      `The patient already has an appointment at ${formatForPeople(zone, other.start)}${otherProvider ? ` with ${otherProvider.displayName}` : ''}.`,
      'patientId',
    );
  }
  if (p.overbook) return;
  const window = { start: r.start, end: r.end };
  const schedule = loadSchedules(ctx.db, [p.providerId]).get(p.providerId)!;
  const busy =
    readBusy(
      ctx.db,
      [p.providerId],
      window,
      visitTypeBuffers(ctx.db),
      exceptAppointmentId ?? undefined,
    ).get(p.providerId) ?? [];
  const fit = checkFits({
    schedule,
    zone,
    locationId: p.locationId,
    start: r.start,
    end: r.end,
    busy,
    visit: visitRule(r.visitType),
  });
  if (fit.ok) return;
  const who = r.provider.displayName;
  if (fit.reason === 'conflict') {
    // What you read is what you book: never another slot, but the next ones to offer instead.
    const today = localDateOf(zone, ctx.now) === localDateOf(zone, r.start);
    const time = formatWallTime(instantToLocal(zone, r.start).minutes);
    throw new AppError('CONFLICT', `${today ? time : when} with ${who} was just taken.`, 'start', {
      alternatives: alternativeOpenings(ctx.db, {
        clinic: r.clinic,
        now: ctx.now,
        providerId: p.providerId,
        otherProviderIds: listProviders(ctx.db)
          .filter((x) => x.id !== p.providerId && offersVisitType(x, r.visitType))
          .map((x) => x.id),
        visitType: r.visitType,
        from: r.start,
      }),
    });
  }
  if (fit.reason === 'visit_type_not_allowed') {
    throw new AppError(
      'RULE',
      `${who}'s hours at ${when} are reserved for other visit types than ${r.visitType.name}.`,
      'visitTypeId',
    );
  }
  throw new AppError(
    'OUTSIDE_HOURS',
    `${who} does not see patients at that location at ${when} (outside hours, a break or time off).`,
    'start',
  );
}

function insertAppointment(
  ctx: CoreContext,
  p: Placement,
  r: Resolved,
  rescheduledFromId: number | null,
  carried: { confirmationCode: string; status: 'booked' | 'confirmed' } | null = null,
): Appointment {
  const values = {
    patientId: p.patientId,
    providerId: p.providerId,
    locationId: p.locationId,
    visitTypeId: p.visitTypeId,
    startMs: r.start,
    endMs: r.end,
    overbook: p.overbook ? 1 : 0,
    overbookReason: p.overbook?.reason ?? null,
    ruleOverrideReason: r.broken.length > 0 ? (p.ruleOverride?.reason ?? null) : null,
    rescheduledFromId,
    bookedBy: ctx.actor,
    bookedFrom: ctx.origin,
    now: ctx.now,
    status: carried?.status ?? 'booked',
  };
  // A reschedule keeps the code the patient wrote down: the old row is 'rescheduled' by now, and
  // the unique index leaves rescheduled rows out (migration 0008), so the code is free to reuse.
  if (carried) {
    return appointmentFromRow(
      insertAppointmentRow(ctx.db, { ...values, confirmationCode: carried.confirmationCode }),
    );
  }
  // 31^6 ≈ 887 million codes: a clash is rare; the unique index catches it and a new code is drawn.
  for (let attempt = 0; ; attempt++) {
    const code = newConfirmationCode(() => randomInt(0, 1_000_000) / 1_000_000);
    try {
      return appointmentFromRow(
        insertAppointmentRow(ctx.db, { ...values, confirmationCode: code }),
      );
    } catch (err) {
      const clash =
        err instanceof Error &&
        'code' in err &&
        err.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
        err.message.includes('confirmation_code');
      if (!clash || attempt >= 10) throw err;
    }
  }
}

/**
 * Every check bookAppointment makes (the patient, provider, location and visit type, the
 * provider's rules, hours and time off, busy time from bookings and synced calendars, the
 * patient's other visits), without writing: for previews that must say in advance what booking
 * would say. Throws the same AppError booking would.
 */
export function checkBooking(
  ctx: CoreContext,
  p: Placement,
  /** The visit this placement would replace (a move): its own time does not count as taken. */
  opts: { movingAppointmentId?: number } = {},
): { start: number; end: number } {
  const r = resolve(ctx, p);
  checkPlacement(ctx, p, r, opts.movingAppointmentId ?? null);
  return { start: r.start, end: r.end };
}

export function bookAppointment(ctx: BookingContext, p: Placement): Appointment {
  const r = resolve(ctx, p);
  checkPlacement(ctx, p, r, null);
  const appt = insertAppointment(ctx, p, r, null);
  writeAudit(ctx, {
    action: p.overbook ? 'appointment.overbooked' : 'appointment.booked',
    entityType: 'appointment',
    entityId: appt.id,
    details: {
      providerId: p.providerId,
      patientId: p.patientId,
      start: appt.start,
      end: appt.end,
      visitTypeId: p.visitTypeId,
      ...(p.overbook ? { overbookReason: p.overbook.reason } : {}),
      ...overrideDetails(p, r),
    },
  });
  // The reminders commit or roll back with the booking.
  ctx.followUps.booked(ctx, appt.id);
  return appt;
}

function overrideDetails(p: Placement, r: Resolved) {
  return r.broken.length > 0 && p.ruleOverride
    ? { ruleOverrideReason: p.ruleOverride.reason, rulesSetAside: r.broken.map((b) => b.message) }
    : {};
}

function requireAppointment(ctx: CoreContext, id: number) {
  const row = getAppointmentRow(ctx.db, id);
  if (!row) throw notFound('The appointment', 'appointmentId');
  return row;
}

/** Old slot freed and new one taken in the caller's one transaction; the two are linked both ways. */
export function rescheduleAppointment(
  ctx: BookingContext,
  input: {
    appointmentId: number;
    start: number;
    end?: number | undefined;
    providerId?: number | undefined;
    locationId?: number | undefined;
    visitTypeId?: number | undefined;
    overbook?: { reason: string } | undefined;
    ruleOverride?: { reason: string } | undefined;
  },
): { old: Appointment; appointment: Appointment } {
  const old = requireAppointment(ctx, input.appointmentId);
  if (old.status !== 'booked' && old.status !== 'confirmed') {
    throw new AppError(
      'INVALID_STATE',
      `Only a booked or confirmed appointment can be rescheduled; this one is ${STATUS_LABELS[old.status as AppointmentStatus]}.`,
      'appointmentId',
    );
  }
  const p: Placement = {
    patientId: old.patientId,
    providerId: input.providerId ?? old.providerId,
    locationId: input.locationId ?? old.locationId,
    visitTypeId: input.visitTypeId ?? old.visitTypeId,
    start: input.start,
    // Moving in time keeps the length; a new end (a resize) or a new visit type sets it anew.
    end:
      input.end ??
      (input.visitTypeId === undefined ? input.start + (old.endMs - old.startMs) : undefined),
    overbook: input.overbook,
    ruleOverride: input.ruleOverride,
  };
  const r = resolve(ctx, p);
  checkPlacement(ctx, p, r, old.id);
  // The rule for "confirmed": a patient who confirmed and then agreed to a new time on the phone
  // has confirmed that time too, so a move in time only (same provider, location and visit type)
  // keeps the visit confirmed. Another provider, place or kind of visit is a different
  // appointment the patient has not confirmed: it goes back to booked and is confirmed anew.
  const onlyTimeMoved =
    p.providerId === old.providerId &&
    p.locationId === old.locationId &&
    p.visitTypeId === old.visitTypeId;
  const status = old.status === 'confirmed' && onlyTimeMoved ? 'confirmed' : 'booked';
  ctx.db.orm
    .update(appointments)
    .set({ status: 'rescheduled', updatedMs: ctx.now })
    .where(eq(appointments.id, old.id))
    .run();
  const appt = insertAppointment(ctx, p, r, old.id, {
    confirmationCode: old.confirmationCode,
    status,
  });
  ctx.db.orm
    .update(appointments)
    .set({ rescheduledToId: appt.id })
    .where(eq(appointments.id, old.id))
    .run();
  writeAudit(ctx, {
    action: 'appointment.rescheduled',
    entityType: 'appointment',
    entityId: old.id,
    details: {
      from: {
        providerId: old.providerId,
        start: new Date(old.startMs).toISOString(),
        end: new Date(old.endMs).toISOString(),
      },
      to: {
        appointmentId: appt.id,
        providerId: appt.providerId,
        start: appt.start,
        end: appt.end,
        status: appt.status,
      },
      ...(p.overbook ? { overbookReason: p.overbook.reason } : {}),
      ...overrideDetails(p, r),
    },
  });
  ctx.followUps.rescheduled(ctx, old.id, appt.id);
  return { old: appointmentFromRow(requireAppointment(ctx, old.id)), appointment: appt };
}

export function cancelAppointment(
  ctx: BookingContext,
  input: { appointmentId: number; reason: string; requestedBy: 'patient' | 'clinic' | 'provider' },
): Appointment {
  const row = requireAppointment(ctx, input.appointmentId);
  if (row.status !== 'booked' && row.status !== 'confirmed') {
    throw new AppError(
      'INVALID_STATE',
      `Only a booked or confirmed appointment can be cancelled; this one is ${STATUS_LABELS[row.status as AppointmentStatus]}.`,
      'appointmentId',
    );
  }
  const clinic = getClinic(ctx.db, ctx.now);
  // Late only when the patient cancels inside the window; a clinic-side cancellation is never the patient's fault.
  const late =
    input.requestedBy === 'patient' && row.startMs - ctx.now < clinic.lateCancelHours * HOUR_MS;
  ctx.db.orm
    .update(appointments)
    .set({
      status: 'cancelled',
      cancelReason: input.reason,
      cancelledBy: `${input.requestedBy} (via ${ctx.actor})`,
      lateCancel: late,
      cancelledMs: ctx.now,
      updatedMs: ctx.now,
    })
    .where(eq(appointments.id, row.id))
    .run();
  writeAudit(ctx, {
    action: 'appointment.cancelled',
    entityType: 'appointment',
    entityId: row.id,
    details: { reason: input.reason, requestedBy: input.requestedBy, late },
  });
  ctx.followUps.cancelled(ctx, row.id);
  return appointmentFromRow(requireAppointment(ctx, row.id));
}

export function setAppointmentStatus(
  ctx: BookingContext,
  input: { appointmentId: number; status: AppointmentStatus },
): Appointment {
  const row = requireAppointment(ctx, input.appointmentId);
  const from = row.status as AppointmentStatus;
  if (from === input.status) return appointmentFromRow(row);
  if (!STATUS_TRANSITIONS[from].includes(input.status)) {
    throw new AppError(
      'INVALID_STATE',
      `An appointment that is ${STATUS_LABELS[from]} cannot be marked ${STATUS_LABELS[input.status]}.`,
      'status',
    );
  }
  const clinic = getClinic(ctx.db, ctx.now);
  const zone = clinic.timeZone;
  if (
    ['arrived', 'in_room', 'completed'].includes(input.status) &&
    localDateOf(zone, ctx.now) < localDateOf(zone, row.startMs)
  ) {
    throw new AppError(
      'RULE',
      `The appointment is on ${formatForPeople(zone, row.startMs)}; the patient cannot be marked ${STATUS_LABELS[input.status]} before that day.`,
      'status',
    );
  }
  if (input.status === 'no_show' && ctx.now < row.startMs) {
    throw new AppError(
      'RULE',
      'A patient can be marked no-show only after the appointment time has passed.',
      'status',
    );
  }
  ctx.db.orm
    .update(appointments)
    .set({ status: input.status, updatedMs: ctx.now })
    .where(eq(appointments.id, row.id))
    .run();
  writeAudit(ctx, {
    action: `appointment.${input.status}`,
    entityType: 'appointment',
    entityId: row.id,
    details: { from, to: input.status },
  });
  ctx.followUps.statusChanged(ctx, row.id, from, input.status);
  return appointmentFromRow(requireAppointment(ctx, row.id));
}
