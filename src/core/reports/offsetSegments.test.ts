import { describe, expect, it } from 'vitest';
import { localToInstant, offsetAt } from '../time';
import { offsetSegments, type OffsetSegment } from './metrics';

const QUARTER = 900_000;
const DAY = 86_400_000;

/**
 * The segments by brute force: the zone asked at every hour of the span, and at every quarter
 * hour of an hour that ends on another offset.
 */
function everyQuarterHour(zone: string, fromMs: number, toMs: number): OffsetSegment[] {
  const out: OffsetSegment[] = [{ fromMs, offsetMs: offsetAt(zone, fromMs) * 60_000 }];
  const HOUR_QUARTERS = 4;
  for (let q = Math.floor(fromMs / QUARTER); q * QUARTER < toMs; q += HOUR_QUARTERS) {
    const next = Math.min(q + HOUR_QUARTERS, Math.ceil(toMs / QUARTER));
    if (offsetAt(zone, next * QUARTER) * 60_000 === out[out.length - 1]!.offsetMs) continue;
    for (let k = q + 1; k <= next && k * QUARTER < toMs; k++) {
      const o = offsetAt(zone, k * QUARTER) * 60_000;
      if (o !== out[out.length - 1]!.offsetMs) out.push({ fromMs: k * QUARTER, offsetMs: o });
    }
  }
  return out;
}

describe('offset segments found a local day at a time', () => {
  it(
    'match asking the zone at every quarter hour, in zones with odd changes',
    { timeout: 120_000 },
    () => {
      const zones = [
        'America/New_York',
        // Half-hour DST; a change at midnight (no 00:00 that day); a 45-minute offset; changes at
        // 24:00 and around Ramadan; southern hemisphere; no DST at all.
        'Australia/Lord_Howe',
        'America/Santiago',
        'Asia/Kathmandu',
        'America/Havana',
        'Africa/Casablanca',
        'Pacific/Chatham',
        'Asia/Tokyo',
        'UTC',
      ];
      for (const zone of zones) {
        for (const [from, to] of [
          ['2025-06-01', '2026-06-01'],
          ['2026-03-08', '2026-03-09'],
        ] as const) {
          const fromMs = localToInstant(zone, from, 0);
          const toMs = localToInstant(zone, to, 0);
          expect(offsetSegments(zone, fromMs, toMs), `${zone} ${from}`).toEqual(
            everyQuarterHour(zone, fromMs, toMs),
          );
        }
        // A span that starts and ends away from midnight (the lead-time report's booking days).
        const fromMs = localToInstant(zone, '2025-06-01', 0) - 100 * DAY + 7 * 60_000;
        const toMs = localToInstant(zone, '2026-06-01', 13 * 60 + 5);
        expect(offsetSegments(zone, fromMs, toMs), `${zone} odd bounds`).toEqual(
          everyQuarterHour(zone, fromMs, toMs),
        );
      }
    },
  );
});
