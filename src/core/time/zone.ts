import { IANAZone } from 'luxon';
import { addDays, dayNumber, fromDayNumber, type LocalDate } from './localDate';
import type { WallMinutes } from './wallTime';

const MIN_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * How a wall-clock time that a DST change makes impossible or ambiguous becomes an instant.
 * This is the "compatible" rule of RFC 5545 §3.3.5 and of Temporal:
 * - a time that does not exist (spring forward: 02:30 on 2026-03-08 in America/New_York) moves
 *   forward by the length of the gap, so it becomes 03:30 EDT;
 * - a time that exists twice (fall back: 01:30 on 2026-11-01 in America/New_York) is the earlier
 *   of the two, 01:30 EDT.
 * A schedule template saying 09:00 is therefore 09:00 on both sides of every change.
 */
export const DST_RULE = 'compatible' as const;

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

const zones = new Map<string, IANAZone>();
function ianaZone(zone: string): IANAZone {
  let z = zones.get(zone);
  if (!z) {
    if (!IANAZone.isValidZone(zone)) throw new RangeError(`unknown IANA time zone: ${zone}`);
    z = IANAZone.create(zone);
    zones.set(zone, z);
  }
  return z;
}

const QUARTER_MS = 900_000;
const offsetCache = new Map<string, number>();

/**
 * UTC offset in minutes at an instant (New York in winter: -300). Looked up once per zone and
 * quarter hour of UTC: every offset change in the tz database falls on a quarter hour, and the
 * Intl lookup behind it costs far more than the arithmetic of a slot search.
 */
export function offsetAt(zone: string, instant: number): number {
  const key = `${zone}|${Math.floor(instant / QUARTER_MS)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = ianaZone(zone).offset(Math.floor(instant / QUARTER_MS) * QUARTER_MS);
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

interface DayInfo {
  /** Offset in force at local midnight and at the end of the day, in minutes. */
  offsetStart: number;
  offsetEnd: number;
}

// Offsets of a whole day in a zone are looked up thousands of times per availability search;
// the Intl lookups behind them are the slow part, so each (zone, day) is computed once.
const dayCache = new Map<string, DayInfo>();
function dayInfo(zone: string, day: number): DayInfo {
  const key = `${zone}|${day}`;
  let info = dayCache.get(key);
  if (!info) {
    const z = ianaZone(zone);
    const naive = day * DAY_MS;
    info = {
      offsetStart: z.offset(naive - 14 * 3_600_000),
      offsetEnd: z.offset(naive + DAY_MS + 14 * 3_600_000),
    };
    if (dayCache.size > 200_000) dayCache.clear();
    dayCache.set(key, info);
  }
  return info;
}

/**
 * The instant of a wall-clock time on a local date in a zone, following {@link DST_RULE}.
 * `minutes` may be 1440 (24:00, the end of the day).
 */
export function localToInstant(zone: string, date: LocalDate, minutes: WallMinutes): number {
  const day = dayNumber(date);
  const naive = day * DAY_MS + minutes * MIN_MS;
  const { offsetStart, offsetEnd } = dayInfo(zone, day);
  if (offsetStart === offsetEnd) return naive - offsetStart * MIN_MS;
  // A transition happens around this day: try both offsets and keep those that round-trip.
  const z = ianaZone(zone);
  const a = naive - offsetStart * MIN_MS;
  const b = naive - offsetEnd * MIN_MS;
  const aValid = z.offset(a) === offsetStart;
  const bValid = z.offset(b) === offsetEnd;
  if (aValid && bValid) return Math.min(a, b); // repeated hour: the earlier one
  if (aValid) return a;
  if (bValid) return b;
  // The gap: interpret with the offset before the change, which lands after the gap.
  return a;
}

/** The local date and wall-clock minutes of an instant in a zone. */
export function instantToLocal(
  zone: string,
  instant: number,
): { date: LocalDate; minutes: number } {
  const local = instant + offsetAt(zone, instant) * MIN_MS;
  const day = Math.floor(local / DAY_MS);
  return { date: fromDayNumber(day), minutes: Math.floor((local - day * DAY_MS) / MIN_MS) };
}

export function localDateOf(zone: string, instant: number): LocalDate {
  return instantToLocal(zone, instant).date;
}

/** [start, end) of a local calendar day: 23, 24 or 25 hours long. */
export function localDayBounds(zone: string, date: LocalDate): { start: number; end: number } {
  return { start: localToInstant(zone, date, 0), end: localToInstant(zone, addDays(date, 1), 0) };
}

/** "2026-03-09T09:00:00-04:00" style text for messages and logs. */
export function formatInstantLocal(zone: string, instant: number): string {
  const offset = offsetAt(zone, instant);
  const { date, minutes } = instantToLocal(zone, instant);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const peopleFormats = new Map<string, Intl.DateTimeFormat>();
/** "Tue, Mar 10, 2026, 9:30 AM" in the clinic's zone, for messages a receptionist reads. */
export function formatForPeople(zone: string, instant: number): string {
  let f = peopleFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    });
    peopleFormats.set(zone, f);
  }
  return f.format(instant);
}
