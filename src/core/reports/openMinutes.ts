/**
 * Open template minutes per provider per local date, for the utilization denominator. The same
 * template engine that offers slots decides what is open (openRangesForDate); this only avoids
 * asking it 73,000 times for a year of 200 providers. An ordinary date (no day override, no time
 * off touching it, no DST change during it) has exactly the minutes of any other ordinary date
 * with the same weekday under the same weekly versions, so those are worked out once per
 * (versions in force, weekday) and reused; every other date goes through the engine itself.
 */
import { openRangesForDate, type ProviderSchedule } from '../scheduling';
import { addDays, eachDate, isoWeekday, localToInstant, type LocalDate } from '../time';

export interface ReportDay {
  date: LocalDate;
  /** The local day's first instant and the next day's. */
  startMs: number;
  endMs: number;
  /** The day is not 24 hours long (a DST change falls in it). */
  dstChange: boolean;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

/** The local dates of a span with their bounds, worked out once and shared by every provider. */
export function reportDays(zone: string, from: LocalDate, to: LocalDate): ReportDay[] {
  const out: ReportDay[] = [];
  let start = localToInstant(zone, from, 0);
  for (const date of eachDate(from, to)) {
    const end = localToInstant(zone, addDays(date, 1), 0);
    out.push({
      date,
      startMs: start,
      endMs: end,
      dstChange: end - start !== 86_400_000,
      weekday: isoWeekday(date),
    });
    start = end;
  }
  return out;
}

/**
 * Open minutes of one provider on each day (days with none are left out), counting only ranges
 * at `locations` when given.
 */
export function openMinutesByDate(p: {
  schedule: ProviderSchedule;
  days: readonly ReportDay[];
  zone: string;
  locations: ReadonlySet<number> | null;
}): Map<LocalDate, number> {
  const minutes = openMinutesOfDays(p);
  const out = new Map<LocalDate, number>();
  p.days.forEach((day, i) => {
    if (minutes[i]! > 0) out.set(day.date, minutes[i]!);
  });
  return out;
}

/**
 * Open minutes of one provider on each of `days`, by the day's index. The report asks this for
 * 200 providers × 365 days, so an ordinary day costs a few comparisons: its weekday comes with
 * it, and the weekly versions in force are a number (a bit each), not a string built per day.
 */
export function openMinutesOfDays(p: {
  schedule: ProviderSchedule;
  days: readonly ReportDay[];
  zone: string;
  locations: ReadonlySet<number> | null;
}): Float64Array {
  const { schedule, zone, locations } = p;
  const out = new Float64Array(p.days.length);
  if (schedule.weekly.length === 0 && schedule.overrides.length === 0) return out;
  const overridden = new Set(schedule.overrides.map((o) => o.date));
  const timeOff = schedule.timeOff; // sorted and merged (loadSchedules normalizes it)
  const weekly = schedule.weekly;
  // More versions than bits in a number (never seen: a provider has a handful) are told apart
  // by a string key instead.
  const numericKey = weekly.length <= 40;
  const ordinary = new Map<number | string, number>();
  let off = 0;
  const minutesOf = (date: LocalDate) => {
    let m = 0;
    for (const r of openRangesForDate(schedule, date, zone)) {
      if (!locations || locations.has(r.locationId)) m += (r.end - r.start) / 60_000;
    }
    return m;
  };
  p.days.forEach((day, i) => {
    while (off < timeOff.length && timeOff[off]!.end <= day.startMs) off++;
    const touchedByTimeOff = off < timeOff.length && timeOff[off]!.start < day.endMs;
    if (overridden.has(day.date) || touchedByTimeOff || day.dstChange) {
      out[i] = minutesOf(day.date);
      return;
    }
    let key: number | string = day.weekday;
    for (let v = 0; v < weekly.length; v++) {
      const version = weekly[v]!;
      if (
        version.effectiveFrom <= day.date &&
        (version.effectiveTo === null || version.effectiveTo >= day.date)
      )
        key = numericKey ? (key as number) + 8 * 2 ** v : `${key}|${v}`;
    }
    let m = ordinary.get(key);
    if (m === undefined) ordinary.set(key, (m = minutesOf(day.date)));
    out[i] = m;
  });
  return out;
}
