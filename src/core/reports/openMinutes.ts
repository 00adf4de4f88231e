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
}

/** The local dates of a span with their bounds, worked out once and shared by every provider. */
export function reportDays(zone: string, from: LocalDate, to: LocalDate): ReportDay[] {
  const out: ReportDay[] = [];
  let start = localToInstant(zone, from, 0);
  for (const date of eachDate(from, to)) {
    const end = localToInstant(zone, addDays(date, 1), 0);
    out.push({ date, startMs: start, endMs: end, dstChange: end - start !== 86_400_000 });
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
  const { schedule, zone, locations } = p;
  const out = new Map<LocalDate, number>();
  if (schedule.weekly.length === 0 && schedule.overrides.length === 0) return out;
  const overridden = new Set(schedule.overrides.map((o) => o.date));
  const timeOff = schedule.timeOff; // sorted and merged (loadSchedules normalizes it)
  const ordinary = new Map<string, number>();
  let off = 0;
  const minutesOf = (date: LocalDate) => {
    let m = 0;
    for (const r of openRangesForDate(schedule, date, zone)) {
      if (!locations || locations.has(r.locationId)) m += (r.end - r.start) / 60_000;
    }
    return m;
  };
  for (const day of p.days) {
    while (off < timeOff.length && timeOff[off]!.end <= day.startMs) off++;
    const touchedByTimeOff = off < timeOff.length && timeOff[off]!.start < day.endMs;
    let minutes: number;
    if (overridden.has(day.date) || touchedByTimeOff || day.dstChange) {
      minutes = minutesOf(day.date);
    } else {
      let key = String(isoWeekday(day.date));
      schedule.weekly.forEach((v, i) => {
        if (v.effectiveFrom <= day.date && (v.effectiveTo === null || v.effectiveTo >= day.date))
          key += `|${i}`;
      });
      let m = ordinary.get(key);
      if (m === undefined) ordinary.set(key, (m = minutesOf(day.date)));
      minutes = m;
    }
    if (minutes > 0) out.set(day.date, minutes);
  }
  return out;
}
