import {
  intersect,
  isoWeekday,
  localToInstant,
  merge,
  subtract,
  type Interval,
  type LocalDate,
} from '../time';
import type { OpenRange, ProviderSchedule, TemplateBlock } from './types';

function sameAllowance(a: number[] | null, b: number[] | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  const sa = [...a].sort((x, y) => x - y);
  const sb = [...b].sort((x, y) => x - y);
  return sa.every((v, i) => v === sb[i]);
}

/**
 * The template blocks that apply to a provider on a local date, per location: a day override for
 * that location wins over the weekly version in force that day.
 */
export function blocksForDate(
  schedule: ProviderSchedule,
  date: LocalDate,
): Map<number, TemplateBlock[]> {
  const byLocation = new Map<number, TemplateBlock[]>();
  const weekday = isoWeekday(date);
  for (const version of schedule.weekly) {
    if (version.effectiveFrom > date) continue;
    if (version.effectiveTo !== null && version.effectiveTo < date) continue;
    const blocks = version.blocks.filter((b) => b.weekday === weekday);
    const list = byLocation.get(version.locationId) ?? [];
    list.push(...blocks);
    byLocation.set(version.locationId, list);
  }
  for (const o of schedule.overrides) {
    if (o.date === date) byLocation.set(o.locationId, [...o.blocks]);
  }
  return byLocation;
}

/**
 * Bookable ranges of one local date: each location's 'hours' blocks as instants in the clinic's
 * zone (DST rule: see time/zone.ts), minus that location's breaks, minus the provider's time off
 * (`schedule.timeOff` must be normalized: sorted, merged).
 * Adjacent hours blocks with the same allowed visit types are joined, so a visit may run across
 * 12:00 where a morning block 08:00–12:00 meets an afternoon block 12:00–17:00.
 */
export function openRangesForDate(
  schedule: ProviderSchedule,
  date: LocalDate,
  zone: string,
): readonly OpenRange[] {
  // A schedule object is never changed once built (the database layer builds a new one when a
  // schedule changes), so a day's ranges are worked out once per schedule, date and zone.
  let byDay = memo.get(schedule);
  if (!byDay) memo.set(schedule, (byDay = new Map()));
  const key = `${zone}|${date}`;
  let ranges = byDay.get(key);
  if (!ranges) {
    if (byDay.size > 2_000) byDay.clear();
    ranges = Object.freeze(computeOpenRanges(schedule, date, zone));
    byDay.set(key, ranges);
  }
  return ranges;
}

const memo = new WeakMap<ProviderSchedule, Map<string, readonly OpenRange[]>>();

function computeOpenRanges(schedule: ProviderSchedule, date: LocalDate, zone: string): OpenRange[] {
  const out: OpenRange[] = [];
  for (const [locationId, blocks] of blocksForDate(schedule, date)) {
    const hours = blocks
      .filter((b) => b.kind === 'hours')
      .sort((a, b) => a.start - b.start || a.end - b.end);
    if (hours.length === 0) continue;
    const breaks = merge(
      blocks
        .filter((b) => b.kind === 'break')
        .map((b) => ({
          start: localToInstant(zone, date, b.start),
          end: localToInstant(zone, date, b.end),
        })),
    );
    // Join touching blocks that allow the same visit types.
    const joined: TemplateBlock[] = [];
    for (const b of hours) {
      const last = joined[joined.length - 1];
      if (last && b.start <= last.end && sameAllowance(last.visitTypeIds, b.visitTypeIds)) {
        last.end = Math.max(last.end, b.end);
      } else {
        joined.push({ ...b });
      }
    }
    for (const b of joined) {
      const anchor = localToInstant(zone, date, b.start);
      const span: Interval = { start: anchor, end: localToInstant(zone, date, b.end) };
      for (const part of subtract(subtract([span], breaks), schedule.timeOff)) {
        out.push({ ...part, locationId, visitTypeIds: b.visitTypeIds, anchor, date });
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A break of one location's hours on one date, as instants (for shading the calendar). */
export interface BreakRange {
  start: number;
  end: number;
  locationId: number;
  date: LocalDate;
}

/** The breaks that fall inside a provider's hours on a local date (a break outside hours is moot). */
export function breaksForDate(
  schedule: ProviderSchedule,
  date: LocalDate,
  zone: string,
): BreakRange[] {
  const out: BreakRange[] = [];
  for (const [locationId, blocks] of blocksForDate(schedule, date)) {
    const hours = merge(
      blocks
        .filter((b) => b.kind === 'hours')
        .map((b) => ({
          start: localToInstant(zone, date, b.start),
          end: localToInstant(zone, date, b.end),
        })),
    );
    for (const b of blocks) {
      if (b.kind !== 'break') continue;
      const span = {
        start: localToInstant(zone, date, b.start),
        end: localToInstant(zone, date, b.end),
      };
      for (const part of intersect(hours, [span])) out.push({ ...part, locationId, date });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
