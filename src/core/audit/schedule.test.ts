import { describe, expect, it } from 'vitest';
import { lastLocalHour, nightlyDue } from './schedule';

const ZONE = 'America/New_York';

describe('nightly work', () => {
  it('finds the last 02:00 in the clinic zone', () => {
    // 2026-03-02 08:00 New York is 13:00Z; 02:00 that day is 07:00Z.
    expect(new Date(lastLocalHour(Date.parse('2026-03-02T13:00:00Z'), ZONE, 2)).toISOString()).toBe(
      '2026-03-02T07:00:00.000Z',
    );
    // 01:30 local: the night before's 02:00.
    expect(new Date(lastLocalHour(Date.parse('2026-03-02T06:30:00Z'), ZONE, 2)).toISOString()).toBe(
      '2026-03-01T07:00:00.000Z',
    );
  });

  it('keeps 02:00 local across the spring-forward night', () => {
    // 2026-03-08: 02:00 does not exist in New York; Luxon moves it to 03:00 EDT (07:00Z).
    expect(new Date(lastLocalHour(Date.parse('2026-03-08T15:00:00Z'), ZONE, 2)).toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    );
  });

  it('is due once per night, and at once when never done', () => {
    const now = Date.parse('2026-03-02T13:00:00Z');
    expect(nightlyDue({ now, zone: ZONE, lastMs: null })).toBe(true);
    expect(nightlyDue({ now, zone: ZONE, lastMs: Date.parse('2026-03-02T07:30:00Z') })).toBe(false);
    expect(nightlyDue({ now, zone: ZONE, lastMs: Date.parse('2026-03-02T06:59:00Z') })).toBe(true);
  });
});
