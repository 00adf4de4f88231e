import { describe, expect, it } from 'vitest';
import { RateLimits, SenderRateLimiter } from './rateLimit';

describe('SenderRateLimiter', () => {
  it('spaces messages one second apart by default', () => {
    const l = new SenderRateLimiter();
    const t = 1_000_000;
    expect(l.canSend(t)).toBe(true);
    expect(l.reserve(t)).toBe(t);
    expect(l.canSend(t + 500)).toBe(false);
    expect(l.nextAllowedMs(t + 500)).toBe(t + 1000);
    expect(l.reserve(t + 500)).toBe(t + 1000);
    expect(l.reserve(t + 500)).toBe(t + 2000);
    expect(l.canSend(t + 2999)).toBe(false);
    expect(l.canSend(t + 3000)).toBe(true);
  });

  it('does not bank unused time beyond the burst after a quiet spell', () => {
    const l = new SenderRateLimiter({ perSecond: 1 });
    l.reserve(0);
    expect(l.reserve(60_000)).toBe(60_000);
    expect(l.reserve(60_000)).toBe(61_000);
  });

  it('allows a burst, then the steady rate', () => {
    const l = new SenderRateLimiter({ perSecond: 2, burst: 3 });
    expect([0, 0, 0, 0, 0].map(() => l.reserve(0))).toEqual([0, 0, 0, 500, 1000]);
  });

  it("never holds anything back when 'off'", () => {
    const l = new SenderRateLimiter({ perSecond: 'off' });
    expect([5, 5, 5].map((t) => l.reserve(t))).toEqual([5, 5, 5]);
    expect(l.canSend(5)).toBe(true);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => new SenderRateLimiter({ perSecond: 0 })).toThrow(
      'messages per second must be a positive number, got 0',
    );
  });
});

describe('RateLimits', () => {
  it('keeps one budget per sender', () => {
    const limits = new RateLimits();
    expect(limits.forSender('+15125550000').reserve(0)).toBe(0);
    expect(limits.forSender('+15125550001').reserve(0)).toBe(0);
    expect(limits.forSender('+15125550000').reserve(0)).toBe(1000);
  });
});
