/**
 * When to try a real-time check again, and how long to wait first. Pure: the caller passes the
 * random source and the clock reading.
 */
import type { ClearinghouseError } from './port';

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 8_000;
/**
 * A receptionist will not wait longer than this between tries; a clearinghouse that asks for
 * more (Retry-After: 120) gets the failure shown now, with its wait in the message, instead.
 */
export const MAX_WAIT_BETWEEN_TRIES_MS = 10_000;

/**
 * Transient failures are retried, except a timeout: the receptionist has already waited the full
 * limit (30 s by default) with the patient at the desk, and a second full wait is worse than
 * "try again or verify by phone". Auth failures and envelope rejections are not transient.
 */
export function isRetried(error: ClearinghouseError): boolean {
  return error.transient && error.code !== 'TIMEOUT';
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so two desks
 * that failed together do not retry together, yet no retry comes back at once. Try 1 → 250–500
 * ms, try 2 → 500–1000 ms, try 3 → 1–2 s, capped at 8 s.
 */
export function backoffMs(input: { failedAttempt: number; random: () => number }): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (input.failedAttempt - 1));
  const r = Math.min(Math.max(input.random(), 0), 1);
  return Math.round(step / 2 + (r * step) / 2);
}

/**
 * The wait before the next try, or null when the clearinghouse asked for longer than a
 * receptionist can wait.
 */
export function waitBeforeRetryMs(input: {
  error: ClearinghouseError;
  failedAttempt: number;
  random: () => number;
}): number | null {
  const backoff = backoffMs(input);
  const asked = input.error.retryAfterMs;
  if (asked === undefined) return backoff;
  if (asked > MAX_WAIT_BETWEEN_TRIES_MS) return null;
  return Math.max(backoff, asked);
}

/** HTTP Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date. Undefined if absent/odd. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // HTTP dates in all three RFC 9110 forms start with the day name ("Wed, 25 Nov 2026 …").
  const at = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
