import {
  addDays,
  eachDate,
  localDateOf,
  localToInstant,
  merge,
  MINUTE_MS,
  subtract,
  type Interval,
  type LocalDate,
  type WallMinutes,
} from '../time';
import { openRangesForDate } from './openRanges';
import type {
  BookingWindowRule,
  BusySpan,
  OpenRange,
  ProviderSchedule,
  Slot,
  VisitRule,
} from './types';

/**
 * Time a new visit may not touch: each busy span widened by its own buffers, then by the new
 * visit's buffers on the opposite sides (a visit with 10 minutes after it cannot start 5 minutes
 * before someone else's appointment). Returned normalized.
 */
export function blockedFor(busy: readonly BusySpan[], visit: VisitRule): Interval[] {
  const before = visit.bufferBeforeMinutes * MINUTE_MS;
  const after = visit.bufferAfterMinutes * MINUTE_MS;
  return merge(
    busy.map((b) => ({
      start: b.start - b.bufferBeforeMs - after,
      end: b.end + b.bufferAfterMs + before,
    })),
  );
}

export function allows(range: OpenRange, visitTypeId: number): boolean {
  return range.visitTypeIds === null || range.visitTypeIds.includes(visitTypeId);
}

/** The first and last instants a slot may start at, given `now` and the booking window. */
export function bookingWindow(params: {
  now: number;
  zone: string;
  rule: BookingWindowRule;
}): Interval {
  const { now, zone, rule } = params;
  const lastDate = addDays(localDateOf(zone, now), rule.horizonDays);
  return {
    start: now + rule.minNoticeMinutes * MINUTE_MS,
    end: localToInstant(zone, addDays(lastDate, 1), 0),
  };
}

export interface TimeOfDay {
  /** Earliest local start, minutes after midnight, inclusive. */
  from: WallMinutes;
  /** Latest local start, exclusive. */
  to: WallMinutes;
}

/**
 * Slots of one provider on one local date: open ranges that allow the visit type, minus blocked
 * time, cut into starts on the slot grid (counted from the start of each template block) whose
 * whole visit fits. Optionally only starts inside a time-of-day window and at some locations.
 */
export function slotsForDate(params: {
  schedule: ProviderSchedule;
  date: LocalDate;
  zone: string;
  blocked: readonly Interval[];
  visit: VisitRule;
  slotMinutes: number;
  window: Interval;
  timeOfDay?: TimeOfDay | undefined;
  locationIds?: ReadonlySet<number> | undefined;
  /** Stop after this many slots (first openings only needs the earliest). */
  limit?: number | undefined;
}): Slot[] {
  const { schedule, date, zone, blocked, visit, window } = params;
  const step = params.slotMinutes * MINUTE_MS;
  const duration = visit.durationMinutes * MINUTE_MS;
  const limit = params.limit ?? Infinity;
  let startFrom = window.start;
  let startBefore = window.end;
  if (params.timeOfDay) {
    startFrom = Math.max(startFrom, localToInstant(zone, date, params.timeOfDay.from));
    startBefore = Math.min(startBefore, localToInstant(zone, date, params.timeOfDay.to));
  }
  const out: Slot[] = [];
  if (startFrom >= startBefore) return out;
  for (const range of openRangesForDate(schedule, date, zone)) {
    if (!allows(range, visit.visitTypeId)) continue;
    if (params.locationIds && !params.locationIds.has(range.locationId)) continue;
    if (range.end <= startFrom || range.start >= startBefore) continue;
    // A range's slots come out in time order, so none needs more than `limit`; but ranges overlap
    // in time (two locations, or grids 08:00 and 08:10), so the earliest overall are only known
    // after sorting all of them. Stopping at the first range's `limit` slots missed an 08:40 at
    // NORTH behind 08:45 at MAIN.
    let taken = 0;
    for (const free of subtract([range], blocked)) {
      const lowest = Math.max(free.start, startFrom);
      let t = range.anchor + Math.ceil((lowest - range.anchor) / step) * step;
      for (; t + duration <= free.end && t < startBefore && taken < limit; t += step) {
        out.push({
          providerId: schedule.providerId,
          locationId: range.locationId,
          start: t,
          end: t + duration,
          date,
        });
        taken++;
      }
    }
  }
  out.sort((a, b) => a.start - b.start);
  return out.length > limit ? out.slice(0, limit) : out;
}

/** Every slot of one provider over a span of local dates, earliest first. */
export function slotsForDates(params: {
  schedule: ProviderSchedule;
  from: LocalDate;
  to: LocalDate;
  zone: string;
  busy: readonly BusySpan[];
  visit: VisitRule;
  slotMinutes: number;
  window: Interval;
  timeOfDay?: TimeOfDay | undefined;
  locationIds?: ReadonlySet<number> | undefined;
}): Slot[] {
  const blocked = blockedFor(params.busy, params.visit);
  const out: Slot[] = [];
  for (const date of eachDate(params.from, params.to)) {
    out.push(...slotsForDate({ ...params, date, blocked }));
  }
  return out;
}

/**
 * Whether a proposed appointment [start, end) fits the provider's schedule for a visit type at a
 * location: inside one open range that allows the visit type, and clear of blocked time.
 * Returns the reason in words when it does not.
 */
export function checkFits(params: {
  schedule: ProviderSchedule;
  zone: string;
  locationId: number;
  start: number;
  end: number;
  busy: readonly BusySpan[];
  visit: VisitRule;
}): { ok: true } | { ok: false; reason: 'outside_hours' | 'visit_type_not_allowed' | 'conflict' } {
  const { schedule, zone, start, end } = params;
  const date = localDateOf(zone, start);
  const ranges = openRangesForDate(schedule, date, zone).filter(
    (r) => r.locationId === params.locationId && r.start <= start && end <= r.end,
  );
  if (ranges.length === 0) return { ok: false, reason: 'outside_hours' };
  if (!ranges.some((r) => allows(r, params.visit.visitTypeId))) {
    return { ok: false, reason: 'visit_type_not_allowed' };
  }
  const blocked = blockedFor(params.busy, params.visit);
  if (blocked.some((b) => b.start < end && start < b.end)) return { ok: false, reason: 'conflict' };
  return { ok: true };
}
