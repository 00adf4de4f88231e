import { and, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type {
  DayOverride,
  ProviderSchedule,
  TemplateBlock,
  WeeklyVersion,
} from '../../scheduling/types';
import { addDays, merge, type LocalDate } from '../../time';
import type { ClinicDb } from '../open';
import { scheduleBlocks, scheduleOverrides, timeOff, weeklySchedules } from '../schema';
import { cachedByToken } from './cache';
import { stmt } from './statements';

interface BlockRow {
  weeklyScheduleId: number;
  weekday: number;
  startMinute: number;
  endMinute: number;
  kind: string;
  visitTypeIds: string | null;
}

const parseIds = (s: string | null): number[] | null =>
  s === null ? null : (JSON.parse(s) as number[]);

function loadAllSchedules(db: ClinicDb): Map<number, ProviderSchedule> {
  const out = new Map<number, ProviderSchedule>();
  const of = (id: number) => {
    let s = out.get(id);
    if (!s) out.set(id, (s = { providerId: id, weekly: [], overrides: [], timeOff: [] }));
    return s;
  };
  const versions = stmt(
    db.sqlite,
    `SELECT id, provider_id AS providerId, location_id AS locationId, effective_from AS effectiveFrom, effective_to AS effectiveTo
       FROM weekly_schedules ORDER BY provider_id, effective_from`,
  ).all() as {
    id: number;
    providerId: number;
    locationId: number;
    effectiveFrom: string;
    effectiveTo: string | null;
  }[];
  const byVersion = new Map<number, WeeklyVersion>();
  for (const v of versions) {
    const wv: WeeklyVersion = {
      locationId: v.locationId,
      effectiveFrom: v.effectiveFrom,
      effectiveTo: v.effectiveTo,
      blocks: [],
    };
    byVersion.set(v.id, wv);
    of(v.providerId).weekly.push(wv);
  }
  const blocks = stmt(
    db.sqlite,
    `SELECT weekly_schedule_id AS weeklyScheduleId, weekday, start_minute AS startMinute, end_minute AS endMinute, kind, visit_type_ids AS visitTypeIds
       FROM schedule_blocks ORDER BY weekly_schedule_id, weekday, start_minute`,
  ).all() as BlockRow[];
  for (const b of blocks) {
    byVersion.get(b.weeklyScheduleId)?.blocks.push({
      weekday: b.weekday,
      start: b.startMinute,
      end: b.endMinute,
      kind: b.kind as 'hours' | 'break',
      visitTypeIds: parseIds(b.visitTypeIds),
    });
  }
  const overrides = stmt(
    db.sqlite,
    'SELECT provider_id AS providerId, location_id AS locationId, date, blocks FROM schedule_overrides ORDER BY provider_id, date',
  ).all() as { providerId: number; locationId: number; date: string; blocks: string }[];
  for (const o of overrides) {
    of(o.providerId).overrides.push({
      locationId: o.locationId,
      date: o.date,
      blocks: JSON.parse(o.blocks) as TemplateBlock[],
    });
  }
  const off = stmt(
    db.sqlite,
    'SELECT provider_id AS providerId, start_ms AS start, end_ms AS end FROM time_off ORDER BY provider_id, start_ms',
  ).all() as {
    providerId: number;
    start: number;
    end: number;
  }[];
  const offBy = new Map<number, { start: number; end: number }[]>();
  for (const t of off)
    offBy.set(t.providerId, [...(offBy.get(t.providerId) ?? []), { start: t.start, end: t.end }]);
  for (const [id, list] of offBy) of(id).timeOff = merge(list);
  return out;
}

/**
 * Everything the availability engine needs about these providers' working time: weekly
 * versions, day overrides, time off as instants. Served from an in-memory copy of all schedules
 * that is reloaded when any schedule table changes (cache.ts); the engine itself picks what
 * applies to each date, so the copy holds every version. Read-only for callers.
 */
export function loadSchedules(
  db: ClinicDb,
  providerIds: readonly number[],
): Map<number, ProviderSchedule> {
  const all = cachedByToken(db.sqlite, 'schedules', 'all', () => loadAllSchedules(db));
  const out = new Map<number, ProviderSchedule>();
  for (const id of providerIds)
    out.set(id, all.get(id) ?? { providerId: id, weekly: [], overrides: [], timeOff: [] });
  return out;
}

export interface WeeklyDay {
  weekday: number;
  hours: { start: number; end: number; visitTypeIds?: number[] | null | undefined }[];
  breaks: { start: number; end: number }[];
}

/**
 * Replaces a provider's weekly hours at one location over [from, to] (to = null: open-ended).
 * Versions already there are cut around the new span: one that starts before keeps its days
 * before `from`, one that runs past `to` keeps its days after; anything wholly inside is removed.
 * Returns the new version's id.
 */
export function replaceWeekly(
  db: ClinicDb,
  now: number,
  args: {
    providerId: number;
    locationId: number;
    from: LocalDate;
    to: LocalDate | null;
    days: WeeklyDay[];
  },
): number {
  const { providerId, locationId, from, to } = args;
  const overlapping = db.orm
    .select()
    .from(weeklySchedules)
    .where(
      and(
        eq(weeklySchedules.providerId, providerId),
        eq(weeklySchedules.locationId, locationId),
        or(isNull(weeklySchedules.effectiveTo), gte(weeklySchedules.effectiveTo, from)),
        to === null ? undefined : lte(weeklySchedules.effectiveFrom, to),
      ),
    )
    .all();
  for (const v of overlapping) {
    const keepsAfter = to !== null && (v.effectiveTo === null || v.effectiveTo > to);
    const keepsBefore = v.effectiveFrom < from;
    if (keepsAfter) {
      // Copy the tail (after `to`) as its own version, with the same blocks.
      const tail = db.orm
        .insert(weeklySchedules)
        .values({
          providerId,
          locationId,
          effectiveFrom: addDays(to, 1),
          effectiveTo: v.effectiveTo,
          createdMs: now,
        })
        .returning({ id: weeklySchedules.id })
        .get();
      const blocks = db.orm
        .select()
        .from(scheduleBlocks)
        .where(eq(scheduleBlocks.weeklyScheduleId, v.id))
        .all();
      if (blocks.length > 0) {
        db.orm
          .insert(scheduleBlocks)
          .values(blocks.map(({ id: _id, ...b }) => ({ ...b, weeklyScheduleId: tail.id })))
          .run();
      }
    }
    if (keepsBefore) {
      db.orm
        .update(weeklySchedules)
        .set({ effectiveTo: addDays(from, -1) })
        .where(eq(weeklySchedules.id, v.id))
        .run();
    } else {
      db.orm.delete(weeklySchedules).where(eq(weeklySchedules.id, v.id)).run();
    }
  }
  const created = db.orm
    .insert(weeklySchedules)
    .values({ providerId, locationId, effectiveFrom: from, effectiveTo: to, createdMs: now })
    .returning({ id: weeklySchedules.id })
    .get();
  const rows = args.days.flatMap((d) => [
    ...d.hours.map((h) => ({
      weeklyScheduleId: created.id,
      weekday: d.weekday,
      startMinute: h.start,
      endMinute: h.end,
      kind: 'hours',
      visitTypeIds: h.visitTypeIds ? JSON.stringify(h.visitTypeIds) : null,
    })),
    ...d.breaks.map((b) => ({
      weeklyScheduleId: created.id,
      weekday: d.weekday,
      startMinute: b.start,
      endMinute: b.end,
      kind: 'break',
      visitTypeIds: null,
    })),
  ]);
  if (rows.length > 0) db.orm.insert(scheduleBlocks).values(rows).run();
  return created.id;
}

export function upsertOverride(
  db: ClinicDb,
  now: number,
  args: {
    providerId: number;
    locationId: number;
    date: LocalDate;
    blocks: TemplateBlock[];
    reason: string | null;
  },
): void {
  db.orm
    .insert(scheduleOverrides)
    .values({ ...args, blocks: JSON.stringify(args.blocks), createdMs: now })
    .onConflictDoUpdate({
      target: [scheduleOverrides.providerId, scheduleOverrides.locationId, scheduleOverrides.date],
      set: { blocks: JSON.stringify(args.blocks), reason: args.reason, createdMs: now },
    })
    .run();
}

export function insertTimeOff(
  db: ClinicDb,
  now: number,
  args: { providerId: number; start: number; end: number; reason: string | null },
): number {
  return db.orm
    .insert(timeOff)
    .values({
      providerId: args.providerId,
      startMs: args.start,
      endMs: args.end,
      reason: args.reason,
      createdMs: now,
    })
    .returning({ id: timeOff.id })
    .get().id;
}

/** The weekly versions, overrides and time off of one provider, for the schedule editor. */
export function describeSchedule(db: ClinicDb, providerId: number) {
  const versions = db.orm
    .select()
    .from(weeklySchedules)
    .where(eq(weeklySchedules.providerId, providerId))
    .all();
  const blocks = versions.length
    ? db.orm
        .select()
        .from(scheduleBlocks)
        .where(
          inArray(
            scheduleBlocks.weeklyScheduleId,
            versions.map((v) => v.id),
          ),
        )
        .all()
    : [];
  const overrides = db.orm
    .select()
    .from(scheduleOverrides)
    .where(eq(scheduleOverrides.providerId, providerId))
    .all();
  const off = db.orm.select().from(timeOff).where(eq(timeOff.providerId, providerId)).all();
  return { versions, blocks, overrides, timeOff: off };
}

export type { DayOverride };
