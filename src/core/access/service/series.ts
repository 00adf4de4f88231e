/**
 * Recurring series over the database. Every occurrence is checked and booked by scheduling's one
 * booking path (checkBooking / bookAppointment / rescheduleAppointment / cancelAppointment), so a
 * series obeys the same hours, time off, busy time, provider rules and double-booking check as a
 * single booking. The caller's one transaction makes a series, or an edit of one, all or nothing.
 *
 * Regressions this is built against: Cal.com checked only the first two occurrences of a
 * recurring booking for conflicts (calcom/cal.com#11654) — here every occurrence is checked, and
 * the booking itself re-checks each one; and a reschedule there created extra bookings
 * (calcom/cal.com#12461) — here an occurrence's row is made once and only re-pointed.
 */
import { AppError, notFound } from '../../errors';
import type { CoreContext } from '../../context';
import { getClinic } from '../../db/repos/clinic';
import { writeAudit } from '../../db/repos/audit';
import { stmt } from '../../db/repos/statements';
import {
  bookAppointment,
  cancelAppointment,
  checkBooking,
  providerSlots,
  rescheduleAppointment,
  type BookingContext,
} from '../../scheduling/service';
import { getLocation, getProvider, getVisitType } from '../../db/repos/directory';
import { getPatient } from '../../db/repos/patients';
import type { Appointment } from '../../entities/appointment';
import {
  addDays,
  daysBetween,
  formatForPeople,
  formatWallTime,
  instantToLocal,
  localDateOf,
  localToInstant,
  toIso,
  type LocalDate,
} from '../../time';
import { describeRule, plannedOccurrences, type SeriesPlacement } from '../series';

/** How far either side of a blocked occurrence the nearest alternative is looked for. */
export const ALTERNATIVE_REACH_DAYS = 3;

export interface OccurrenceTime {
  date: LocalDate;
  localTime: string;
  start: string;
  end: string;
}

export interface PreviewOccurrence extends OccurrenceTime {
  position: number;
  /** ok: can be booked as asked; blocked: booking would be refused, for `problem`. */
  status: 'ok' | 'blocked';
  problem: { code: string; message: string } | null;
  /** The same provider's nearest opening to the asked time (same day first, then ±3 days). */
  alternative: OccurrenceTime | null;
}

function timeOf(zone: string, start: number, end: number): OccurrenceTime {
  const local = instantToLocal(zone, start);
  return {
    date: local.date,
    localTime: formatWallTime(local.minutes),
    start: toIso(start),
    end: toIso(end),
  };
}

function placementAt(s: SeriesPlacement, start: number) {
  return {
    patientId: s.patientId,
    providerId: s.providerId,
    locationId: s.locationId,
    visitTypeId: s.visitTypeId,
    start,
  };
}

/** Who and what the series is about must exist before any date is looked at. */
function requireReferences(ctx: CoreContext, s: SeriesPlacement) {
  if (!getPatient(ctx.db, s.patientId)) throw notFound('The patient', 'patientId');
  if (!getProvider(ctx.db, s.providerId)) throw notFound('The provider', 'providerId');
  if (!getLocation(ctx.db, s.locationId)) throw notFound('The location', 'locationId');
  const visitType = getVisitType(ctx.db, s.visitTypeId);
  if (!visitType) throw notFound('The visit type', 'visitTypeId');
  return visitType;
}

/** Whether booking would accept this start: null, or the refusal booking would give. */
function refusal(ctx: CoreContext, s: SeriesPlacement, start: number) {
  try {
    checkBooking(ctx, placementAt(s, start));
    return null;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    // Nothing about who or what may be missing: those are the request's fault, not a date's.
    if (err.code === 'NOT_FOUND' || err.code === 'VALIDATION') throw err;
    // Booking's "9:00 AM with Dr Patel was just taken" is about a slot the desk had read out; in
    // a preview nothing was read out yet, so say what is in the way.
    if (err.code === 'CONFLICT' && err.field === 'start') {
      const who = getProvider(ctx.db, s.providerId)?.displayName ?? 'The provider';
      return {
        code: err.code,
        message: `${who} is busy then (another booking or their own calendar).`,
      };
    }
    return { code: err.code, message: err.message };
  }
}

/**
 * The provider's opening nearest to the asked start, on a date no other occurrence of the
 * series uses (two visits of one weekly series on one day is never what was meant), checked
 * by the booking path itself (provider rules may depend on the date: an age limit).
 */
function nearestAlternative(
  ctx: CoreContext,
  s: SeriesPlacement,
  asked: number,
  date: LocalDate,
  usedDates: ReadonlySet<LocalDate>,
): { start: number; end: number } | null {
  const clinic = getClinic(ctx.db, ctx.now);
  const zone = clinic.timeZone;
  const askedMinutes = instantToLocal(zone, asked).minutes;
  const visitType = getVisitType(ctx.db, s.visitTypeId);
  if (!visitType) return null;
  const slots = providerSlots(ctx.db, {
    clinic,
    now: ctx.now,
    providerId: s.providerId,
    visitType,
    span: {
      from: addDays(date, -ALTERNATIVE_REACH_DAYS),
      to: addDays(date, ALTERNATIVE_REACH_DAYS),
    },
    locationIds: new Set([s.locationId]),
  })
    .filter((x) => x.date === date || !usedDates.has(x.date))
    // The same day first (nearest time); then another day at the nearest time of day, the
    // nearer day first: weekly therapy at 10:00 is better moved to Wednesday 10:00 than to
    // Monday 16:30, though Monday afternoon is fewer hours away. A tie goes to the later slot
    // (a visit kept later is easier than one the patient may not make earlier).
    .map((x) => ({
      x,
      sameDay: x.date === date ? 0 : 1,
      minutes: Math.abs(instantToLocal(zone, x.start).minutes - askedMinutes),
      days: Math.abs(daysBetween(date, x.date)),
      gap: Math.abs(x.start - asked),
    }))
    .sort(
      (a, b) =>
        a.sameDay - b.sameDay ||
        (a.sameDay === 0 ? a.gap - b.gap : a.minutes - b.minutes || a.days - b.days) ||
        b.x.start - a.x.start,
    )
    .map((k) => k.x);
  for (const slot of slots.slice(0, 20)) {
    if (refusal(ctx, s, slot.start) === null) return { start: slot.start, end: slot.end };
  }
  return null;
}

export function previewSeries(
  ctx: CoreContext,
  s: SeriesPlacement,
): { rule: string; occurrences: PreviewOccurrence[]; bookable: number; blocked: number } {
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  const visitType = requireReferences(ctx, s);
  const planned = plannedOccurrences({
    zone,
    firstDate: s.firstDate,
    minutes: s.time,
    rule: s.rule,
  });
  const usedDates = new Set(planned.map((p) => p.date));
  const occurrences = planned.map((p): PreviewOccurrence => {
    const problem = refusal(ctx, s, p.start);
    const end = p.start + visitType.durationMinutes * 60_000;
    const alt = problem ? nearestAlternative(ctx, s, p.start, p.date, usedDates) : null;
    return {
      position: p.position,
      ...timeOf(zone, p.start, end),
      status: problem ? 'blocked' : 'ok',
      problem,
      alternative: alt ? timeOf(zone, alt.start, alt.end) : null,
    };
  });
  const bookable = occurrences.filter((o) => o.status === 'ok').length;
  return {
    rule: describeRule(s.rule),
    occurrences,
    bookable,
    blocked: occurrences.length - bookable,
  };
}

/** What the desk chose for one occurrence: book it at `start` (as planned or the alternative), or skip it. */
export type OccurrenceChoice =
  { position: number; start: number } | { position: number; skip: true };

export interface SeriesOccurrenceView {
  position: number;
  plannedDate: LocalDate;
  appointment: {
    id: number;
    start: string;
    end: string;
    status: string;
    providerId: number;
  } | null;
}

export interface SeriesView {
  id: number;
  patientId: number;
  providerId: number;
  locationId: number;
  visitTypeId: number;
  rule: string;
  firstDate: LocalDate;
  localTime: string;
  occurrences: SeriesOccurrenceView[];
}

/**
 * Books the whole series, every occurrence exactly at the start the desk chose (never another
 * one), each through bookAppointment with its own reminders. One refusal refuses the series: the
 * caller's transaction rolls every occurrence back, and the message names the visit at fault.
 */
export function bookSeries(
  ctx: BookingContext,
  s: SeriesPlacement & { occurrences: OccurrenceChoice[] },
): { series: SeriesView; appointments: Appointment[] } {
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  requireReferences(ctx, s);
  const planned = plannedOccurrences({
    zone,
    firstDate: s.firstDate,
    minutes: s.time,
    rule: s.rule,
  });
  const choices = new Map<number, OccurrenceChoice>();
  for (const c of s.occurrences) {
    if (choices.has(c.position))
      throw new AppError('VALIDATION', `visit ${c.position} is chosen twice`, 'occurrences');
    choices.set(c.position, c);
  }
  if (choices.size !== planned.length || planned.some((p) => !choices.has(p.position))) {
    throw new AppError(
      'VALIDATION',
      `choose book or skip for each of the ${planned.length} visits of this series (preview it again: the rule changed)`,
      'occurrences',
    );
  }
  if (planned.every((p) => 'skip' in choices.get(p.position)!)) {
    throw new AppError('VALIDATION', 'every visit is skipped: nothing to book', 'occurrences');
  }
  const series = stmt(
    ctx.db.sqlite,
    `INSERT INTO appointment_series (patient_id, provider_id, location_id, visit_type_id, frequency, interval,
       first_date, local_minutes, occurrence_count, until_date, created_by, created_ms)
     VALUES (@patientId, @providerId, @locationId, @visitTypeId, @frequency, @interval, @firstDate, @minutes,
       @count, @until, @actor, @now) RETURNING id`,
  ).get({
    patientId: s.patientId,
    providerId: s.providerId,
    locationId: s.locationId,
    visitTypeId: s.visitTypeId,
    frequency: s.rule.frequency,
    interval: s.rule.interval,
    firstDate: s.firstDate,
    minutes: s.time,
    count: planned.length,
    until: s.rule.until ?? null,
    actor: ctx.actor,
    now: ctx.now,
  }) as { id: number };
  const booked: Appointment[] = [];
  const insertOccurrence = stmt(
    ctx.db.sqlite,
    'INSERT INTO series_occurrences (series_id, position, planned_date, appointment_id) VALUES (?, ?, ?, ?)',
  );
  for (const p of planned) {
    const choice = choices.get(p.position)!;
    let appointmentId: number | null = null;
    if (!('skip' in choice)) {
      try {
        const appt = bookAppointment(ctx, placementAt(s, choice.start));
        booked.push(appt);
        appointmentId = appt.id;
      } catch (err) {
        if (err instanceof AppError) {
          throw new AppError(
            err.code,
            `Visit ${p.position} (${formatForPeople(zone, choice.start)}): ${err.message} Nothing in the series was booked.`,
            `occurrences.${p.position}`,
            { ...err.details, position: p.position, field: err.field ?? null },
          );
        }
        throw err;
      }
    }
    insertOccurrence.run(series.id, p.position, p.date, appointmentId);
  }
  writeAudit(ctx, {
    action: 'series.booked',
    entityType: 'appointment_series',
    entityId: series.id,
    details: {
      patientId: s.patientId,
      providerId: s.providerId,
      rule: describeRule(s.rule),
      booked: booked.map((a) => a.id),
      skipped: planned.filter((p) => 'skip' in choices.get(p.position)!).map((p) => p.position),
    },
  });
  return { series: getSeries(ctx, series.id), appointments: booked };
}

/** The appointment an occurrence stands for now: its row's appointment, followed through reschedules. */
function currentAppointmentId(ctx: CoreContext, id: number | null): number | null {
  let cur = id;
  for (let hops = 0; cur !== null && hops < 1000; hops++) {
    const next = stmt(
      ctx.db.sqlite,
      'SELECT rescheduled_to_id AS next FROM appointments WHERE id = ?',
    ).get(cur) as { next: number | null } | undefined;
    if (!next || next.next === null) return cur;
    cur = next.next;
  }
  return cur;
}

interface SeriesRow {
  id: number;
  patientId: number;
  providerId: number;
  locationId: number;
  visitTypeId: number;
  frequency: 'daily' | 'weekly';
  interval: number;
  firstDate: string;
  localMinutes: number;
  occurrenceCount: number;
  untilDate: string | null;
}

function seriesRow(ctx: CoreContext, seriesId: number): SeriesRow {
  const row = stmt(
    ctx.db.sqlite,
    `SELECT id, patient_id AS patientId, provider_id AS providerId, location_id AS locationId, visit_type_id AS visitTypeId,
       frequency, interval, first_date AS firstDate, local_minutes AS localMinutes, occurrence_count AS occurrenceCount,
       until_date AS untilDate FROM appointment_series WHERE id = ?`,
  ).get(seriesId) as SeriesRow | undefined;
  if (!row) throw notFound('The series', 'seriesId');
  return row;
}

export function getSeries(ctx: CoreContext, seriesId: number): SeriesView {
  const row = seriesRow(ctx, seriesId);
  const occ = stmt(
    ctx.db.sqlite,
    `SELECT position, planned_date AS plannedDate, appointment_id AS appointmentId FROM series_occurrences
      WHERE series_id = ? ORDER BY position`,
  ).all(seriesId) as { position: number; plannedDate: string; appointmentId: number | null }[];
  const apptStmt = stmt(
    ctx.db.sqlite,
    'SELECT id, start_ms AS startMs, end_ms AS endMs, status, provider_id AS providerId FROM appointments WHERE id = ?',
  );
  return {
    id: row.id,
    patientId: row.patientId,
    providerId: row.providerId,
    locationId: row.locationId,
    visitTypeId: row.visitTypeId,
    rule: describeRule({
      frequency: row.frequency,
      interval: row.interval,
      count: row.untilDate ? undefined : row.occurrenceCount,
      until: row.untilDate ?? undefined,
    }),
    firstDate: row.firstDate,
    localTime: formatWallTime(row.localMinutes),
    occurrences: occ.map((o) => {
      const id = currentAppointmentId(ctx, o.appointmentId);
      const a =
        id === null
          ? undefined
          : (apptStmt.get(id) as
              | { id: number; startMs: number; endMs: number; status: string; providerId: number }
              | undefined);
      return {
        position: o.position,
        plannedDate: o.plannedDate,
        appointment: a
          ? {
              id: a.id,
              start: toIso(a.startMs),
              end: toIso(a.endMs),
              status: a.status,
              providerId: a.providerId,
            }
          : null,
      };
    }),
  };
}

/** The series an appointment belongs to (through its reschedules), or null. */
export function seriesOfAppointment(
  ctx: CoreContext,
  appointmentId: number,
): { seriesId: number; position: number } | null {
  // Walk back to the first appointment of the reschedule chain; the occurrence row points at
  // some appointment of that chain.
  const chain: number[] = [];
  for (let cur: number | null = appointmentId; cur !== null && chain.length < 1000;) {
    chain.push(cur);
    const r = stmt(
      ctx.db.sqlite,
      'SELECT rescheduled_from_id AS prev FROM appointments WHERE id = ?',
    ).get(cur) as { prev: number | null } | undefined;
    cur = r?.prev ?? null;
  }
  const row = stmt(
    ctx.db.sqlite,
    `SELECT series_id AS seriesId, position FROM series_occurrences
      WHERE appointment_id IN (SELECT value FROM json_each(?)) LIMIT 1`,
  ).get(JSON.stringify(chain)) as { seriesId: number; position: number } | undefined;
  return row ?? null;
}

export type EditScope = 'this' | 'following' | 'allFuture';
export type SeriesChange =
  | { kind: 'move'; start: number }
  | { kind: 'time'; minutes: number }
  | { kind: 'cancel'; reason: string; requestedBy: 'patient' | 'clinic' | 'provider' };

const STANDING = new Set(['booked', 'confirmed']);

/**
 * Changes one occurrence, it and those after it, or every future one. Only visits still to come
 * and still standing (booked or confirmed) are touched: a past, completed, no-show or cancelled
 * visit never is. A move goes through rescheduleAppointment (same checks as a booking) and
 * re-points the occurrence's own row: the series never gains a row. Any refusal refuses the edit.
 */
export function editSeries(
  ctx: BookingContext,
  input: { appointmentId: number; scope: EditScope; change: SeriesChange },
): { seriesId: number; changed: number[]; providerIds: number[] } {
  const found = seriesOfAppointment(ctx, input.appointmentId);
  if (!found)
    throw new AppError('NOT_FOUND', 'This appointment is not part of a series.', 'appointmentId');
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  const view = getSeries(ctx, found.seriesId);
  const chosen = view.occurrences.find((o) => o.position === found.position)!;
  const isFuture = (o: SeriesOccurrenceView) =>
    o.appointment !== null &&
    STANDING.has(o.appointment.status) &&
    Date.parse(o.appointment.start) > ctx.now;
  if (!isFuture(chosen) && input.scope !== 'allFuture') {
    throw new AppError(
      'INVALID_STATE',
      chosen.appointment && Date.parse(chosen.appointment.start) <= ctx.now
        ? 'This visit has already started or passed; a series edit changes only visits still to come.'
        : `This visit is ${chosen.appointment?.status ?? 'skipped'}; a series edit changes only booked or confirmed visits.`,
      'appointmentId',
    );
  }
  if (input.change.kind === 'move' && input.scope !== 'this') {
    throw new AppError(
      'VALIDATION',
      'moving to one date and time is for this visit only; to change the following visits, give a new time of day',
      'scope',
    );
  }
  const targets = view.occurrences.filter(
    (o) =>
      isFuture(o) &&
      (input.scope === 'this'
        ? o.position === found.position
        : input.scope === 'following'
          ? o.position >= found.position
          : true),
  );
  if (targets.length === 0)
    throw new AppError(
      'INVALID_STATE',
      'No visit of this series is still to come.',
      'appointmentId',
    );
  const repoint = stmt(
    ctx.db.sqlite,
    'UPDATE series_occurrences SET appointment_id = ? WHERE series_id = ? AND position = ?',
  );
  const changed: number[] = [];
  const providers = new Set<number>();
  const change = input.change;
  // A new time of day keeps each visit on its own date, so the visits of one series never
  // collide with each other while they move.
  for (const o of targets) {
    const appt = o.appointment!;
    providers.add(appt.providerId);
    try {
      if (change.kind === 'cancel') {
        cancelAppointment(ctx, {
          appointmentId: appt.id,
          reason: change.reason,
          requestedBy: change.requestedBy,
        });
        changed.push(appt.id);
      } else {
        const start =
          change.kind === 'move'
            ? change.start
            : localToInstant(zone, localDateOf(zone, Date.parse(appt.start)), change.minutes);
        const r = rescheduleAppointment(ctx, { appointmentId: appt.id, start });
        repoint.run(r.appointment.id, found.seriesId, o.position);
        providers.add(r.appointment.providerId);
        changed.push(appt.id, r.appointment.id);
      }
    } catch (err) {
      if (err instanceof AppError) {
        throw new AppError(
          err.code,
          `Visit ${o.position} (${formatForPeople(zone, Date.parse(appt.start))}): ${err.message} Nothing in the series was changed.`,
          err.field,
          { ...err.details, position: o.position },
        );
      }
      throw err;
    }
  }
  writeAudit(ctx, {
    action: `series.${change.kind === 'cancel' ? 'cancelled' : 'moved'}`,
    entityType: 'appointment_series',
    entityId: found.seriesId,
    details: {
      scope: input.scope,
      from: found.position,
      positions: targets.map((o) => o.position),
      ...(change.kind === 'time' ? { time: formatWallTime(change.minutes) } : {}),
      ...(change.kind === 'move' ? { start: toIso(change.start) } : {}),
      ...(change.kind === 'cancel' ? { reason: change.reason } : {}),
    },
  });
  return { seriesId: found.seriesId, changed, providerIds: [...providers] };
}
