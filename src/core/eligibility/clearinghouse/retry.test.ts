import { describe, expect, it } from 'vitest';
import { authFailed, rateLimited, serverError, timedOut, unreachable } from './failures';
import { BACKOFF_CAP_MS, backoffMs, isRetried, parseRetryAfter, waitBeforeRetryMs } from './retry';

const NOW = Date.parse('2026-11-25T10:20:34Z');

describe('which failures are tried again', () => {
  it('retries network, server and busy failures', () => {
    expect(isRetried(unreachable({ reason: 'refused', detail: '' }))).toBe(true);
    expect(isRetried(serverError({ what: 'x', detail: '', httpStatus: 500 }))).toBe(true);
    expect(isRetried(rateLimited({ detail: '', httpStatus: 429 }))).toBe(true);
  });

  it('does not retry a login failure, nor a timeout the receptionist already sat through', () => {
    expect(isRetried(authFailed({ detail: '', httpStatus: 401 }))).toBe(false);
    const timeout = timedOut(30_000);
    expect(timeout.transient).toBe(true);
    expect(isRetried(timeout)).toBe(false);
  });
});

describe('backoff', () => {
  it('doubles each try with half of each step random', () => {
    const low = () => 0;
    const high = () => 0.999999;
    expect([1, 2, 3, 4].map((n) => backoffMs({ failedAttempt: n, random: low }))).toEqual([
      250, 500, 1000, 2000,
    ]);
    expect([1, 2, 3, 4].map((n) => backoffMs({ failedAttempt: n, random: high }))).toEqual([
      500, 1000, 2000, 4000,
    ]);
  });

  it('stops growing at the cap', () => {
    expect(backoffMs({ failedAttempt: 30, random: () => 1 })).toBe(BACKOFF_CAP_MS);
    expect(backoffMs({ failedAttempt: 30, random: () => 0 })).toBe(BACKOFF_CAP_MS / 2);
  });

  it('waits at least as long as the clearinghouse asked, unless that is too long', () => {
    const busy = (retryAfterMs: number) =>
      rateLimited({ detail: '', httpStatus: 429, retryAfterMs });
    expect(waitBeforeRetryMs({ error: busy(3000), failedAttempt: 1, random: () => 0 })).toBe(3000);
    expect(waitBeforeRetryMs({ error: busy(100), failedAttempt: 1, random: () => 0 })).toBe(250);
    expect(waitBeforeRetryMs({ error: busy(120_000), failedAttempt: 1, random: () => 0 })).toBe(
      null,
    );
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('5', NOW)).toBe(5000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:21:04 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:00 GMT', NOW)).toBe(0);
  });

  it('ignores an absent or unreadable value', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
  });
});
