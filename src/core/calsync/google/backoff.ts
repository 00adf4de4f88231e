/**
 * Truncated exponential backoff with jitter, as Google asks of API clients: wait 1 s, 2 s, 4 s …
 * (each times a random 0.5–1.0 so many desks do not retry in step), at most `maxDelayMs`, and
 * honour Retry-After when Google sends one. The sleep and the random source are injected so tests
 * run in no time and can check the waits.
 */
import { describeFailure, isTransient } from './errors';

export interface BackoffOptions {
  /** Total tries, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  /** In [0, 1). */
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 32_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export function backoffDelay(attempt: number, o: BackoffOptions, retryAfterMs: number | null) {
  const exp = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** attempt);
  const jittered = Math.round(exp * (0.5 + o.random() / 2));
  return retryAfterMs !== null
    ? Math.min(o.maxDelayMs, Math.max(retryAfterMs, jittered))
    : jittered;
}

/** Runs `call` until it succeeds, fails for good, or runs out of attempts; rethrows the last error. */
export async function withBackoff<T>(call: () => Promise<T>, o: BackoffOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const f = describeFailure(e);
      if (!isTransient(f) || attempt + 1 >= o.maxAttempts) throw e;
      await o.sleep(backoffDelay(attempt, o, f.retryAfterMs));
    }
  }
}
