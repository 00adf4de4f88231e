import { describe, expect, it } from 'vitest';
import type { ProviderSchedule } from '../scheduling';
import { localToInstant } from '../time';
import { timeToThirdNextAvailable } from './tnaa';

const ZONE = 'America/New_York';
const visit = {
  visitTypeId: 1,
  durationMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
};
const rule = { slotMinutes: 60, minNoticeMinutes: 0, horizonDays: 60 };

/** Mondays only, 09:00–11:00: two one-hour slots a week. */
function mondays(extra: Partial<ProviderSchedule> = {}): ProviderSchedule {
  return {
    providerId: 1,
    weekly: [
      {
        locationId: 1,
        effectiveFrom: '2026-01-01',
        effectiveTo: null,
        blocks: [{ weekday: 1, start: 540, end: 660, kind: 'hours', visitTypeIds: null }],
      },
    ],
    overrides: [],
    timeOff: [],
    ...extra,
  };
}

describe('time to third next available', () => {
  it('counts calendar days across a DST change (8 March 2026 in New York)', () => {
    // Measured Friday 6 March: slots Mon 9 March 09:00 and 10:00 (EDT), third is Mon 16 March.
    const r = timeToThirdNextAvailable({
      schedule: mondays(),
      busy: [],
      visit,
      zone: ZONE,
      rule,
      asOf: localToInstant(ZONE, '2026-03-06', 0),
    });
    expect(r.days).toBe(10);
    expect(new Date(r.thirdSlotStart!).toISOString()).toBe('2026-03-16T13:00:00.000Z');
  });

  it('skips days off and booked time', () => {
    const asOf = localToInstant(ZONE, '2026-03-06', 0);
    const r = timeToThirdNextAvailable({
      // 9 March closed (a holiday override), 16 March 09:00 booked.
      schedule: mondays({ overrides: [{ locationId: 1, date: '2026-03-09', blocks: [] }] }),
      busy: [
        {
          start: localToInstant(ZONE, '2026-03-16', 540),
          end: localToInstant(ZONE, '2026-03-16', 600),
          bufferBeforeMs: 0,
          bufferAfterMs: 0,
        },
      ],
      visit,
      zone: ZONE,
      rule,
      asOf,
    });
    // Openings: 16 March 10:00, 23 March 09:00, 23 March 10:00 → 17 days.
    expect(r.days).toBe(17);
  });

  it('is null when fewer than three openings exist within the horizon', () => {
    const r = timeToThirdNextAvailable({
      schedule: mondays(),
      busy: [],
      visit,
      zone: ZONE,
      rule: { ...rule, horizonDays: 5 },
      asOf: localToInstant(ZONE, '2026-03-06', 0),
    });
    expect(r).toEqual({ days: null, thirdSlotStart: null });
  });
});
