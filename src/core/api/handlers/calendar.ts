import { z } from 'zod';
import { listAppointmentItems } from '../../db/repos/appointments';
import { getClinic } from '../../db/repos/clinic';
import { getLocation, getProvider, listProviders } from '../../db/repos/directory';
import { loadSchedules } from '../../db/repos/schedules';
import { stmt } from '../../db/repos/statements';
import type { ClinicDb } from '../../db/open';
import { id, localDate } from '../../entities/common';
import { setWeeklyInput } from '../../entities/schedule';
import { breaksForDate, openRangesForDate } from '../../scheduling/openRanges';
import type { ProviderSchedule, WeeklyVersion } from '../../scheduling/types';
import { addDays, eachDate, localDateOf, localToInstant, toIso, type LocalDate } from '../../time';
import { AppError, notFound } from '../../errors';
import { defineHandler } from '../handler';
import { OCCUPYING_STATUSES, ON_THE_BOOKS_STATUSES } from '../../../shared/appointments';

/** Bookable ranges and breaks of some providers over some dates, as the calendar shades them. */
function layout(
  schedules: Map<number, ProviderSchedule>,
  dates: LocalDate[],
  zone: string,
  locationId?: number,
) {
  const open: {
    providerId: number;
    locationId: number;
    date: string;
    start: string;
    end: string;
    visitTypeIds: number[] | null;
  }[] = [];
  const breaks: {
    providerId: number;
    locationId: number;
    date: string;
    start: string;
    end: string;
  }[] = [];
  for (const [providerId, schedule] of schedules) {
    for (const date of dates) {
      for (const r of openRangesForDate(schedule, date, zone)) {
        if (locationId && r.locationId !== locationId) continue;
        open.push({
          providerId,
          locationId: r.locationId,
          date,
          start: toIso(r.start),
          end: toIso(r.end),
          visitTypeIds: r.visitTypeIds,
        });
      }
      for (const b of breaksForDate(schedule, date, zone)) {
        if (locationId && b.locationId !== locationId) continue;
        breaks.push({
          providerId,
          locationId: b.locationId,
          date,
          start: toIso(b.start),
          end: toIso(b.end),
        });
      }
    }
  }
  return { open, breaks };
}

/**
 * A booked visit a schedule change (or time off) left outside its provider's bookable hours at its
 * location: the calendar marks it so nobody mistakes it for a normal booking. Overbooks are
 * outside on purpose, and completed, no-show or cancelled visits are history: none is marked.
 */
function isOutsideHours(
  a: {
    providerId: number;
    locationId: number;
    start: string;
    end: string;
    status: string;
    overbook: boolean;
  },
  schedules: Map<number, ProviderSchedule>,
  zone: string,
): boolean {
  if (a.overbook || !OCCUPYING_STATUSES.includes(a.status as (typeof OCCUPYING_STATUSES)[number]))
    return false;
  const schedule = schedules.get(a.providerId);
  if (!schedule) return false;
  const start = Date.parse(a.start);
  const end = Date.parse(a.end);
  return !openRangesForDate(schedule, localDateOf(zone, start), zone).some(
    (r) => r.locationId === a.locationId && r.start <= start && end <= r.end,
  );
}

function externalBusy(db: ClinicDb, providerIds: number[], window: { start: number; end: number }) {
  return (
    stmt(
      db.sqlite,
      `SELECT id, provider_id AS providerId, source, start_ms AS start, end_ms AS end FROM external_busy
        WHERE provider_id IN (SELECT value FROM json_each(?)) AND start_ms < ? AND end_ms > ? ORDER BY start_ms`,
    ).all(JSON.stringify(providerIds), window.end, window.start) as {
      id: number;
      providerId: number;
      source: string;
      start: number;
      end: number;
    }[]
  ).map((b) => ({ ...b, start: toIso(b.start), end: toIso(b.end) }));
}

export const calendarView = defineHandler({
  name: 'calendar/view',
  mode: 'read',
  permission: 'schedule.view',
  summary:
    'Everything a day or week calendar draws: providers, bookable hours, breaks, time off, external busy time and appointments.',
  input: z
    .object({
      from: localDate('from'),
      days: z
        .number()
        .int('days must be a whole number')
        .min(1, 'days must be 1 to 7')
        .max(7, 'days must be 1 to 7')
        .default(1),
      /** Omitted: every active provider (of the location, if one is given). */
      providerIds: z
        .array(id('provider'))
        .min(1, 'list at least one provider, or leave providerIds out')
        .max(100)
        .optional(),
      locationId: id('location').optional(),
      includeCancelled: z.boolean().default(false),
    })
    .strict(),
  run: (input, ctx) => {
    const clinic = getClinic(ctx.db, ctx.now);
    const zone = clinic.timeZone;
    if (input.locationId && !getLocation(ctx.db, input.locationId))
      throw notFound('The location', 'locationId');
    let providers = listProviders(
      ctx.db,
      input.providerIds ? { ids: input.providerIds, includeInactive: true } : {},
    );
    if (input.providerIds) {
      input.providerIds.forEach((p, i) => {
        if (!providers.some((x) => x.id === p))
          throw new AppError('NOT_FOUND', `Provider ${p} was not found.`, `providerIds.${i}`);
      });
    } else if (input.locationId) {
      providers = providers.filter((p) => p.locationIds.includes(input.locationId!));
    }
    const ids = providers.map((p) => p.id as number);
    const to = addDays(input.from, input.days - 1);
    const dates = [...eachDate(input.from, to)];
    const window = {
      start: localToInstant(zone, input.from, 0),
      end: localToInstant(zone, addDays(to, 1), 0),
    };
    const schedules = loadSchedules(ctx.db, ids);
    const { open, breaks } = layout(schedules, dates, zone, input.locationId);
    const timeOff = [...schedules.values()].flatMap((s) =>
      s.timeOff
        .filter((t) => t.start < window.end && t.end > window.start)
        .map((t) => ({ providerId: s.providerId, start: toIso(t.start), end: toIso(t.end) })),
    );
    const appointments = ids.length
      ? listAppointmentItems(ctx.db, {
          from: window.start,
          to: window.end,
          providerIds: ids,
          statuses: input.includeCancelled ? undefined : [...ON_THE_BOOKS_STATUSES],
        })
      : [];
    return {
      zone,
      slotMinutes: clinic.slotMinutes,
      dates,
      providers: providers.map((p) => ({
        id: p.id as number,
        displayName: p.displayName,
        specialtyName: p.specialtyName,
        color: p.color,
        locationIds: p.locationIds,
      })),
      open,
      breaks,
      timeOff,
      externalBusy: ids.length ? externalBusy(ctx.db, ids, window) : [],
      appointments: appointments.map((a) => ({
        ...a,
        outsideHours: isOutsideHours(a, schedules, zone),
      })),
    };
  },
});

export const schedulesPreviewWeek = defineHandler({
  name: 'schedules/previewWeek',
  mode: 'read',
  permission: 'schedule.view',
  summary:
    'The bookable hours and breaks of a week as they would be with a proposed weekly template (nothing is saved).',
  input: setWeeklyInput.and(z.object({ weekOf: localDate('week of') })),
  run: (input, ctx) => {
    const zone = getClinic(ctx.db, ctx.now).timeZone;
    const provider = getProvider(ctx.db, input.providerId);
    if (!provider) throw notFound('The provider', 'providerId');
    if (!getLocation(ctx.db, input.locationId)) throw notFound('The location', 'locationId');
    const current = loadSchedules(ctx.db, [input.providerId]).get(input.providerId)!;
    const lastDay = input.effectiveTo ?? '9999-12-31';
    const proposed: WeeklyVersion = {
      locationId: input.locationId,
      effectiveFrom: input.effectiveFrom,
      effectiveTo: input.effectiveTo ?? null,
      blocks: input.days.flatMap((d) => [
        ...d.hours.map((h) => ({
          weekday: d.weekday,
          start: h.start,
          end: h.end,
          kind: 'hours' as const,
          visitTypeIds: h.visitTypeIds ?? null,
        })),
        ...d.breaks.map((b) => ({
          weekday: d.weekday,
          start: b.start,
          end: b.end,
          kind: 'break' as const,
          visitTypeIds: null,
        })),
      ]),
    };
    // The proposal replaces this location's versions over its span, exactly as schedules/setWeekly would.
    const weekly: WeeklyVersion[] = [];
    for (const v of current.weekly) {
      if (
        v.locationId !== input.locationId ||
        v.effectiveFrom > lastDay ||
        (v.effectiveTo !== null && v.effectiveTo < input.effectiveFrom)
      ) {
        weekly.push(v);
        continue;
      }
      if (v.effectiveFrom < input.effectiveFrom)
        weekly.push({ ...v, effectiveTo: addDays(input.effectiveFrom, -1) });
      if (input.effectiveTo && (v.effectiveTo === null || v.effectiveTo > input.effectiveTo))
        weekly.push({ ...v, effectiveFrom: addDays(input.effectiveTo, 1) });
    }
    weekly.push(proposed);
    const dates = [...eachDate(input.weekOf, addDays(input.weekOf, 6))];
    return {
      zone,
      dates,
      ...layout(new Map([[input.providerId, { ...current, weekly }]]), dates, zone),
    };
  },
});
