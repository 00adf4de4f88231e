import { describe, expect, it } from 'vitest';
import { openRangesForDate, type ProviderSchedule } from '../scheduling';
import { eachDate, localToInstant } from '../time';
import { openMinutesByDate, reportDays } from './openMinutes';

const ZONE = 'America/New_York';

/** Weekdays 09:00–17:00 with a lunch break at location 1, Saturdays at location 2 from April. */
const schedule: ProviderSchedule = {
  providerId: 1,
  weekly: [
    {
      locationId: 1,
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      blocks: [1, 2, 3, 4, 5].flatMap((weekday) => [
        { weekday, start: 540, end: 1020, kind: 'hours' as const, visitTypeIds: null },
        { weekday, start: 720, end: 780, kind: 'break' as const, visitTypeIds: null },
      ]),
    },
    {
      locationId: 2,
      effectiveFrom: '2026-04-01',
      effectiveTo: '2026-05-31',
      blocks: [{ weekday: 6, start: 0, end: 240, kind: 'hours', visitTypeIds: null }],
    },
  ],
  // Closed on Monday 16 February (a holiday); short Friday 6 March.
  overrides: [
    { locationId: 1, date: '2026-02-16', blocks: [] },
    {
      locationId: 1,
      date: '2026-03-06',
      blocks: [{ start: 540, end: 660, kind: 'hours', visitTypeIds: null }],
    },
  ],
  // Tuesday 10 March afternoon off, and a whole week in April.
  timeOff: [
    {
      start: localToInstant(ZONE, '2026-03-10', 780),
      end: localToInstant(ZONE, '2026-03-10', 1020),
    },
    { start: localToInstant(ZONE, '2026-04-13', 0), end: localToInstant(ZONE, '2026-04-18', 0) },
  ],
};

function byEngine(locations: Set<number> | null) {
  const out = new Map<string, number>();
  for (const date of eachDate('2026-02-01', '2026-06-30')) {
    let m = 0;
    for (const r of openRangesForDate(schedule, date, ZONE))
      if (!locations || locations.has(r.locationId)) m += (r.end - r.start) / 60_000;
    if (m > 0) out.set(date, m);
  }
  return out;
}

describe('open minutes per date for utilization', () => {
  const days = reportDays(ZONE, '2026-02-01', '2026-06-30');

  it('matches the template engine date by date: overrides, time off, versions, DST', () => {
    for (const locations of [null, new Set([1]), new Set([2])]) {
      const fast = openMinutesByDate({ schedule, days, zone: ZONE, locations });
      expect([...fast.entries()]).toEqual([...byEngine(locations).entries()]);
    }
  });

  it('counts the hand-worked days', () => {
    const m = openMinutesByDate({ schedule, days, zone: ZONE, locations: null });
    expect(m.get('2026-02-17')).toBe(420); // 8 h − 1 h lunch
    expect(m.has('2026-02-16')).toBe(false); // holiday
    expect(m.get('2026-03-06')).toBe(120); // short Friday override
    expect(m.get('2026-03-09')).toBe(420); // the Monday after the DST change
    expect(m.get('2026-03-10')).toBe(180); // 09:00–12:00, afternoon off
    expect(m.get('2026-04-04')).toBe(240); // a Saturday at location 2
    expect(m.has('2026-04-14')).toBe(false); // week off
    expect(m.has('2026-06-06')).toBe(false); // the Saturday version ended in May
  });

  it('marks the DST days as not 24 hours long', () => {
    expect(days.filter((d) => d.dstChange).map((d) => d.date)).toEqual(['2026-03-08']);
  });
});
