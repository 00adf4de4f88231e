import { z } from 'zod';
import { writeAudit } from '../../db/repos/audit';
import { getClinic } from '../../db/repos/clinic';
import { getLocation, getProvider, listVisitTypes } from '../../db/repos/directory';
import {
  describeSchedule,
  insertTimeOff,
  loadSchedules,
  replaceWeekly,
  upsertOverride,
} from '../../db/repos/schedules';
import { stmt } from '../../db/repos/statements';
import type { CoreContext } from '../../context';
import { id, localDate } from '../../entities/common';
import { OCCUPYING_STATUSES } from '../../entities/appointment';
import { addTimeOffInput, setOverrideInput, setWeeklyInput } from '../../entities/schedule';
import { openRangesForDate } from '../../scheduling/openRanges';
import type { TemplateBlock } from '../../scheduling/types';
import {
  addDays,
  formatWallTime,
  localDateOf,
  localToInstant,
  toIso,
  type LocalDate,
} from '../../time';
import { AppError, notFound } from '../../errors';
import { defineHandler } from '../handler';
import { noteOpenedTime, openTimeBefore } from '../../access/service/freedSlots';

function requireProviderAt(ctx: CoreContext, providerId: number, locationId: number) {
  const provider = getProvider(ctx.db, providerId);
  if (!provider) throw notFound('The provider', 'providerId');
  const location = getLocation(ctx.db, locationId);
  if (!location) throw notFound('The location', 'locationId');
  if (!provider.locationIds.includes(locationId)) {
    throw new AppError(
      'RULE',
      `${provider.displayName} does not work at ${location.name}.`,
      'locationId',
    );
  }
  return { provider, location };
}

function checkVisitTypes(ctx: CoreContext, ids: (number[] | null | undefined)[], field: string) {
  const known = new Set<number>(listVisitTypes(ctx.db).map((v) => v.id));
  for (const list of ids)
    for (const v of list ?? [])
      if (!known.has(v)) throw new AppError('NOT_FOUND', `Visit type ${v} was not found.`, field);
}

/** A booked visit that sits outside its provider's bookable hours, with whom to call about it. */
export interface OrphanedVisit {
  appointmentId: number;
  start: string;
  end: string;
  patientName: string;
  /** Mobile, else home; E.164 as stored (the desk formats it). */
  phone: string | null;
  providerName: string;
  visitTypeName: string;
  locationName: string;
}

/**
 * Future appointments of a provider that no longer sit inside bookable hours after a change:
 * they are kept (a patient was told that time) and listed, with names and phones, so the desk
 * can call them.
 */
function appointmentsOutsideHours(
  ctx: CoreContext,
  providerId: number,
  from: LocalDate,
  to: LocalDate,
): OrphanedVisit[] {
  const zone = getClinic(ctx.db, ctx.now).timeZone;
  const today = localDateOf(zone, ctx.now);
  const start = from > today ? from : today;
  const last = to < addDays(today, 730) ? to : addDays(today, 730);
  if (start > last) return [];
  const window = {
    start: Math.max(ctx.now, localToInstant(zone, start, 0)),
    end: localToInstant(zone, addDays(last, 1), 0),
  };
  const rows = stmt(
    ctx.db.sqlite,
    `SELECT a.id, a.location_id AS locationId, a.start_ms AS start, a.end_ms AS end,
            p.first_name || ' ' || p.last_name AS patientName, coalesce(p.phone_mobile, p.phone_home) AS phone,
            v.name AS visitTypeName, l.name AS locationName
       FROM appointments a JOIN patients p ON p.id = a.patient_id JOIN visit_types v ON v.id = a.visit_type_id JOIN locations l ON l.id = a.location_id
      WHERE a.provider_id = ? AND a.start_ms >= ? AND a.start_ms < ? AND a.overbook = 0 AND a.status IN (${OCCUPYING_STATUSES.map((s) => `'${s}'`).join(',')})
      ORDER BY a.start_ms`,
  ).all(providerId, window.start, window.end) as {
    id: number;
    locationId: number;
    start: number;
    end: number;
    patientName: string;
    phone: string | null;
    visitTypeName: string;
    locationName: string;
  }[];
  if (rows.length === 0) return [];
  const providerName = getProvider(ctx.db, providerId)?.displayName ?? '';
  const schedule = loadSchedules(ctx.db, [providerId]).get(providerId)!;
  return rows
    .filter(
      (a) =>
        !openRangesForDate(schedule, localDateOf(zone, a.start), zone).some(
          (r) => r.locationId === a.locationId && r.start <= a.start && a.end <= r.end,
        ),
    )
    .map((a) => ({
      appointmentId: a.id,
      start: toIso(a.start),
      end: toIso(a.end),
      patientName: a.patientName,
      phone: a.phone,
      providerName,
      visitTypeName: a.visitTypeName,
      locationName: a.locationName,
    }));
}

/**
 * Runs a schedule change and refuses it (rolling it back) when it would newly leave booked visits
 * outside hours, unless the desk confirmed it: the refusal lists them (details.orphans) so the
 * receptionist sees whom to call before anything is saved. Visits already outside hours before
 * the change do not block it again.
 */
function guardOrphans<T>(
  ctx: CoreContext,
  p: { providerId: number; from: LocalDate; to: LocalDate; confirmed: boolean },
  change: () => T,
): { result: T; outside: OrphanedVisit[] } {
  const before = new Set(
    appointmentsOutsideHours(ctx, p.providerId, p.from, p.to).map((o) => o.appointmentId),
  );
  const result = change();
  const outside = appointmentsOutsideHours(ctx, p.providerId, p.from, p.to);
  const orphans = outside.filter((o) => !before.has(o.appointmentId));
  if (orphans.length > 0 && !p.confirmed) {
    const n = orphans.length;
    throw new AppError(
      'CONFLICT',
      `Not saved: ${n === 1 ? '1 booked visit' : `${n} booked visits`} would fall outside the new hours (${orphans
        .slice(0, 3)
        .map((o) => o.patientName)
        .join(
          ', ',
        )}${n > 3 ? ', …' : ''}). Reschedule ${n === 1 ? 'it' : 'them'} first, or save again confirming you will call ${n === 1 ? 'the patient' : 'the patients'}.`,
      undefined,
      { orphans },
    );
  }
  return { result, outside };
}

const confirmOrphansInput = z.object({
  /** The desk saw the visits the change leaves outside hours and will call the patients. */
  confirmOrphans: z.boolean({ error: 'confirmOrphans must be yes or no' }).optional(),
});

export const schedulesSetWeekly = defineHandler({
  name: 'schedules/setWeekly',
  mode: 'write',
  permission: 'schedules.edit',
  summary: "Set a provider's weekly hours at a location from a date (and optionally until one).",
  input: setWeeklyInput.and(confirmOrphansInput),
  run: (input, ctx) => {
    const { provider, location } = requireProviderAt(ctx, input.providerId, input.locationId);
    checkVisitTypes(
      ctx,
      input.days.flatMap((d) => d.hours.map((h) => h.visitTypeIds)),
      'days',
    );
    // A provider cannot be at two locations at once: refuse hours that overlap another location's.
    const existing = describeSchedule(ctx.db, input.providerId);
    const to = input.effectiveTo ?? '9999-12-31';
    for (const v of existing.versions) {
      if (v.locationId === input.locationId) continue;
      if (v.effectiveFrom > to || (v.effectiveTo !== null && v.effectiveTo < input.effectiveFrom))
        continue;
      for (const b of existing.blocks.filter(
        (x) => x.weeklyScheduleId === v.id && x.kind === 'hours',
      )) {
        for (const [di, d] of input.days.entries()) {
          if (d.weekday !== b.weekday) continue;
          for (const [hi, h] of d.hours.entries()) {
            if (h.start < b.endMinute && b.startMinute < h.end) {
              const other = getLocation(ctx.db, v.locationId);
              throw new AppError(
                'CONFLICT',
                `${provider.displayName} already works at ${other?.name ?? 'another location'} ${formatWallTime(b.startMinute)}–${formatWallTime(b.endMinute)} on that weekday (from ${v.effectiveFrom}).`,
                `days.${di}.hours.${hi}.start`,
              );
            }
          }
        }
      }
    }
    const opened = openTimeBefore(ctx, input.providerId);
    const { result: scheduleId, outside } = guardOrphans(
      ctx,
      {
        providerId: input.providerId,
        from: input.effectiveFrom,
        to,
        confirmed: input.confirmOrphans === true,
      },
      () =>
        replaceWeekly(ctx.db, ctx.now, {
          providerId: input.providerId,
          locationId: input.locationId,
          from: input.effectiveFrom,
          to: input.effectiveTo ?? null,
          days: input.days,
        }),
    );
    writeAudit(ctx, {
      action: 'schedule.weeklySet',
      entityType: 'provider',
      entityId: input.providerId,
      details: {
        locationId: location.id,
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo ?? null,
        days: input.days,
        ...(input.confirmOrphans ? { keptOutsideHours: outside.map((o) => o.appointmentId) } : {}),
      },
    });
    ctx.emit({ topic: 'schedules', providerIds: [input.providerId] });
    if (noteOpenedTime(ctx, opened).length > 0) ctx.emit({ topic: 'waitlist' });
    return { scheduleId, appointmentsOutsideHours: outside };
  },
});

export const schedulesSetOverride = defineHandler({
  name: 'schedules/setOverride',
  mode: 'write',
  permission: 'schedules.edit',
  summary: "Replace a provider's hours at a location on one date (no hours = closed that day).",
  input: setOverrideInput.and(confirmOrphansInput),
  run: (input, ctx) => {
    requireProviderAt(ctx, input.providerId, input.locationId);
    checkVisitTypes(
      ctx,
      input.hours.map((h) => h.visitTypeIds),
      'hours',
    );
    const blocks: TemplateBlock[] = [
      ...input.hours.map((h) => ({
        start: h.start,
        end: h.end,
        kind: 'hours' as const,
        visitTypeIds: h.visitTypeIds ?? null,
      })),
      ...input.breaks.map((b) => ({
        start: b.start,
        end: b.end,
        kind: 'break' as const,
        visitTypeIds: null,
      })),
    ];
    const opened = openTimeBefore(ctx, input.providerId);
    const { outside } = guardOrphans(
      ctx,
      {
        providerId: input.providerId,
        from: input.date,
        to: input.date,
        confirmed: input.confirmOrphans === true,
      },
      () =>
        upsertOverride(ctx.db, ctx.now, {
          providerId: input.providerId,
          locationId: input.locationId,
          date: input.date,
          blocks,
          reason: input.reason ?? null,
        }),
    );
    writeAudit(ctx, {
      action: 'schedule.overrideSet',
      entityType: 'provider',
      entityId: input.providerId,
      details: {
        locationId: input.locationId,
        date: input.date,
        blocks,
        reason: input.reason ?? null,
        ...(input.confirmOrphans ? { keptOutsideHours: outside.map((o) => o.appointmentId) } : {}),
      },
    });
    ctx.emit({ topic: 'schedules', providerIds: [input.providerId] });
    if (noteOpenedTime(ctx, opened).length > 0) ctx.emit({ topic: 'waitlist' });
    return { appointmentsOutsideHours: outside };
  },
});

export const schedulesAddTimeOff = defineHandler({
  name: 'schedules/addTimeOff',
  mode: 'write',
  permission: 'schedules.edit',
  summary: 'Block a provider for whole days (fromDate–toDate) or an exact span (start–end).',
  input: addTimeOffInput,
  run: (input, ctx) => {
    const provider = getProvider(ctx.db, input.providerId);
    if (!provider) throw notFound('The provider', 'providerId');
    const zone = getClinic(ctx.db, ctx.now).timeZone;
    const start = input.fromDate ? localToInstant(zone, input.fromDate, 0) : input.start!;
    const end = input.toDate ? localToInstant(zone, addDays(input.toDate, 1), 0) : input.end!;
    const timeOffId = insertTimeOff(ctx.db, ctx.now, {
      providerId: input.providerId,
      start,
      end,
      reason: input.reason ?? null,
    });
    writeAudit(ctx, {
      action: 'schedule.timeOffAdded',
      entityType: 'provider',
      entityId: input.providerId,
      details: { start: toIso(start), end: toIso(end), reason: input.reason ?? null },
    });
    ctx.emit({ topic: 'schedules', providerIds: [input.providerId] });
    return {
      timeOffId,
      start: toIso(start),
      end: toIso(end),
      appointmentsOutsideHours: appointmentsOutsideHours(
        ctx,
        input.providerId,
        localDateOf(zone, start),
        localDateOf(zone, end),
      ),
    };
  },
});

export const schedulesGet = defineHandler({
  name: 'schedules/get',
  mode: 'read',
  permission: 'schedule.view',
  summary: "A provider's weekly versions, date overrides and time off, for the schedule editor.",
  input: z.object({ providerId: id('provider') }).strict(),
  run: (input, ctx) => {
    if (!getProvider(ctx.db, input.providerId)) throw notFound('The provider', 'providerId');
    const s = describeSchedule(ctx.db, input.providerId);
    return {
      weekly: s.versions.map((v) => ({
        id: v.id,
        locationId: v.locationId,
        effectiveFrom: v.effectiveFrom,
        effectiveTo: v.effectiveTo,
        blocks: s.blocks
          .filter((b) => b.weeklyScheduleId === v.id)
          .map((b) => ({
            weekday: b.weekday,
            start: formatWallTime(b.startMinute),
            end: formatWallTime(b.endMinute),
            kind: b.kind,
            visitTypeIds: b.visitTypeIds ? (JSON.parse(b.visitTypeIds) as number[]) : null,
          }))
          .sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start)),
      })),
      overrides: s.overrides.map((o) => ({
        locationId: o.locationId,
        date: o.date,
        reason: o.reason,
        blocks: (JSON.parse(o.blocks) as TemplateBlock[]).map((b) => ({
          ...b,
          start: formatWallTime(b.start),
          end: formatWallTime(b.end),
        })),
      })),
      timeOff: s.timeOff.map((t) => ({
        id: t.id,
        start: toIso(t.startMs),
        end: toIso(t.endMs),
        reason: t.reason,
      })),
    };
  },
});

export const schedulesRemoveTimeOff = defineHandler({
  name: 'schedules/removeTimeOff',
  mode: 'write',
  permission: 'schedules.edit',
  summary: 'Remove a time-off entry; the time becomes bookable again.',
  input: z.object({ timeOffId: id('time off') }).strict(),
  run: (input, ctx) => {
    const row = stmt(
      ctx.db.sqlite,
      'SELECT id, provider_id AS providerId, start_ms AS start, end_ms AS end, reason FROM time_off WHERE id = ?',
    ).get(input.timeOffId) as
      | { id: number; providerId: number; start: number; end: number; reason: string | null }
      | undefined;
    if (!row) throw notFound('The time off', 'timeOffId');
    const opened = openTimeBefore(ctx, row.providerId);
    stmt(ctx.db.sqlite, 'DELETE FROM time_off WHERE id = ?').run(row.id);
    writeAudit(ctx, {
      action: 'schedule.timeOffRemoved',
      entityType: 'provider',
      entityId: row.providerId,
      details: { start: toIso(row.start), end: toIso(row.end), reason: row.reason },
    });
    ctx.emit({ topic: 'schedules', providerIds: [row.providerId] });
    if (noteOpenedTime(ctx, opened).length > 0) ctx.emit({ topic: 'waitlist' });
    return { removed: row.id };
  },
});

export const schedulesRemoveOverride = defineHandler({
  name: 'schedules/removeOverride',
  mode: 'write',
  permission: 'schedules.edit',
  summary: 'Remove a date override; that date follows the weekly hours again.',
  input: z
    .object({ providerId: id('provider'), locationId: id('location'), date: localDate('date') })
    .strict(),
  run: (input, ctx) => {
    const opened = openTimeBefore(ctx, input.providerId);
    const res = stmt(
      ctx.db.sqlite,
      'DELETE FROM schedule_overrides WHERE provider_id = ? AND location_id = ? AND date = ?',
    ).run(input.providerId, input.locationId, input.date);
    if (res.changes === 0)
      throw new AppError(
        'NOT_FOUND',
        `There is no override on ${input.date} for that provider and location.`,
        'date',
      );
    writeAudit(ctx, {
      action: 'schedule.overrideRemoved',
      entityType: 'provider',
      entityId: input.providerId,
      details: { locationId: input.locationId, date: input.date },
    });
    ctx.emit({ topic: 'schedules', providerIds: [input.providerId] });
    if (noteOpenedTime(ctx, opened).length > 0) ctx.emit({ topic: 'waitlist' });
    return { removed: input.date };
  },
});
