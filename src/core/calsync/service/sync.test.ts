import { describe, expect, it } from 'vitest';
import { CalendarSyncError } from '../port';
import { backoffAfter } from './sync';

const MIN = 60_000;
const now = Date.parse('2026-03-02T13:00:00Z');

describe('backoffAfter', () => {
  it('waits a minute after a fresh failure, then half the outage, at most an hour', () => {
    const err = new CalendarSyncError('UNAVAILABLE', 'down');
    expect(backoffAfter({ now, since: now - 10_000, error: err })).toBe(MIN);
    expect(backoffAfter({ now, since: now - 20 * MIN, error: err })).toBe(10 * MIN);
    expect(backoffAfter({ now, since: now - 5 * 60 * MIN, error: err })).toBe(60 * MIN);
  });

  it('waits at least five minutes when the provider asked us to slow down', () => {
    const err = new CalendarSyncError('RATE_LIMITED', 'slow down', 429);
    expect(backoffAfter({ now, since: now - MIN, error: err })).toBe(5 * MIN);
  });
});
