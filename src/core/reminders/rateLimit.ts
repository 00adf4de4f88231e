/**
 * How fast one sender (a Twilio number, a messaging service, an SMTP account) may send. A US
 * long code is held to about 1 message per second, so the default is 1/s with no burst. It is a
 * GCRA ("virtual scheduling") limiter, a token bucket kept as one number: the theoretical arrival
 * time of the next message. The clock is passed in; nothing here reads the time.
 */

export interface RateLimitConfig {
  /** Messages per second, or 'off' for providers that limit for us (e.g. a relay with a queue). */
  perSecond: number | 'off';
  /** How many may go back to back after a quiet spell; 1 = evenly spaced. */
  burst?: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { perSecond: 1, burst: 1 };

export class SenderRateLimiter {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  /** The earliest moment the next message would be exactly on schedule. */
  private tat = -Infinity;

  constructor(config: RateLimitConfig = DEFAULT_RATE_LIMIT) {
    if (config.perSecond === 'off') {
      this.intervalMs = 0;
      this.toleranceMs = 0;
      return;
    }
    if (!(config.perSecond > 0) || !Number.isFinite(config.perSecond)) {
      throw new RangeError(
        `messages per second must be a positive number, got ${config.perSecond}`,
      );
    }
    const burst = Math.max(1, Math.floor(config.burst ?? 1));
    this.intervalMs = 1000 / config.perSecond;
    this.toleranceMs = (burst - 1) * this.intervalMs;
  }

  /** Whether a message may go now without waiting. */
  canSend(now: number): boolean {
    return this.intervalMs === 0 || now >= this.tat - this.toleranceMs;
  }

  /** Takes the next slot and returns when it is (now or later): the caller waits until then. */
  reserve(now: number): number {
    if (this.intervalMs === 0) return now;
    const at = Math.max(now, this.tat - this.toleranceMs);
    this.tat = Math.max(this.tat, now) + this.intervalMs;
    return Math.ceil(at);
  }

  /** When the next message could go, without taking the slot. */
  nextAllowedMs(now: number): number {
    if (this.intervalMs === 0) return now;
    return Math.ceil(Math.max(now, this.tat - this.toleranceMs));
  }
}

/** One limiter per sender, created on first use with the same configuration. */
export class RateLimits {
  private readonly bySender = new Map<string, SenderRateLimiter>();
  constructor(private readonly config: RateLimitConfig = DEFAULT_RATE_LIMIT) {}

  forSender(sender: string): SenderRateLimiter {
    let l = this.bySender.get(sender);
    if (!l) {
      l = new SenderRateLimiter(this.config);
      this.bySender.set(sender, l);
    }
    return l;
  }
}
