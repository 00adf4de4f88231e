import { describe, expect, it } from 'vitest';
import { backupsToKeep } from './retention';

const ZONE = 'America/New_York';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('backup retention', () => {
  it('keeps the newest of each of 7 days, 4 weeks and 12 months', () => {
    // Six backups a day (every 4 hours) for 400 days, ending Monday 2026-03-02 12:00 local.
    const end = Date.parse('2026-03-02T17:00:00Z');
    const all = Array.from({ length: 400 * 6 }, (_, i) => ({
      id: i + 1,
      startedMs: end - i * 4 * HOUR,
    }));
    const keep = backupsToKeep(all, ZONE);
    const kept = all.filter((b) => keep.has(b.id)).map((b) => new Date(b.startedMs).toISOString());
    // Local times: 12:00 today, then 20:00 each evening before (01:00Z).
    expect(kept).toEqual([
      // the newest of each of 7 days (Mar 2 back to Feb 24, local)
      '2026-03-02T17:00:00.000Z',
      '2026-03-02T01:00:00.000Z',
      '2026-03-01T01:00:00.000Z',
      '2026-02-28T01:00:00.000Z',
      '2026-02-27T01:00:00.000Z',
      '2026-02-26T01:00:00.000Z',
      '2026-02-25T01:00:00.000Z',
      // weeks: this week's and last week's are kept already; Sundays Feb 22 and Feb 15
      '2026-02-23T01:00:00.000Z',
      '2026-02-16T01:00:00.000Z',
      // months: March and February are kept already; the last evening of Jan 2026 … Apr 2025
      '2026-02-01T01:00:00.000Z',
      '2026-01-01T01:00:00.000Z',
      '2025-12-01T01:00:00.000Z',
      '2025-11-01T01:00:00.000Z',
      '2025-10-01T01:00:00.000Z',
      '2025-09-01T01:00:00.000Z',
      '2025-08-01T01:00:00.000Z',
      '2025-07-01T01:00:00.000Z',
      '2025-06-01T01:00:00.000Z',
      '2025-05-01T01:00:00.000Z',
    ]);
  });

  it('keeps everything when there are few', () => {
    const b = [
      { id: 1, startedMs: 0 },
      { id: 2, startedMs: DAY },
    ];
    expect([...backupsToKeep(b, ZONE)].sort()).toEqual([1, 2]);
  });
});
