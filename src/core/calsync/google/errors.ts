/**
 * Turns whatever the googleapis client threw (a GaxiosError with Google's JSON error body, a token
 * endpoint refusal, a refused connection) into a CalendarSyncError whose message a receptionist can
 * act on. Duck-typed on purpose: gaxios is not our direct dependency and its class may come in
 * several copies.
 */
import { CalendarSyncError } from '../port';

interface HttpFailure {
  status: number | null;
  /** Google's `error.errors[0].reason` ("rateLimitExceeded") or the token endpoint's `error`. */
  reason: string | null;
  retryAfterMs: number | null;
  /** The request went out through the HTTP client but no answer came back (refused, reset). */
  noAnswer: boolean;
}

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
}

function headerValue(headers: unknown, name: string): string | null {
  if (headers && typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name);
  }
  const h = record(headers);
  const v = h?.[name] ?? h?.[name.toLowerCase()];
  return typeof v === 'string' ? v : null;
}

export function describeFailure(e: unknown): HttpFailure {
  const err = record(e);
  const response = record(err?.response);
  const statusRaw = response?.status ?? err?.status;
  const status = typeof statusRaw === 'number' ? statusRaw : null;
  const data = record(response?.data);
  let reason: string | null = null;
  const apiError = record(data?.error);
  if (apiError) {
    const first = Array.isArray(apiError.errors) ? record(apiError.errors[0]) : null;
    reason = typeof first?.reason === 'string' ? first.reason : null;
    if (!reason && typeof apiError.status === 'string') reason = apiError.status;
  } else if (typeof data?.error === 'string') {
    reason = data.error; // the OAuth token endpoint: { error: 'invalid_grant', ... }
  }
  const retryAfter = headerValue(response?.headers, 'retry-after');
  const seconds = retryAfter !== null ? Number(retryAfter) : NaN;
  return {
    status,
    reason,
    retryAfterMs: Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null,
    // A GaxiosError always carries its request `config`; a bug of ours (TypeError) does not, and
    // must not be retried or reported as "Google could not be reached".
    noAnswer:
      status === null && err !== null && 'config' in err && !(e instanceof CalendarSyncError),
  };
}

const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);

export function isRateLimit(f: HttpFailure): boolean {
  return f.status === 429 || (f.status === 403 && f.reason !== null && RATE_REASONS.has(f.reason));
}

/** Worth another attempt after a pause: rate limits, Google's 5xx, and no answer at all. */
export function isTransient(f: HttpFailure): boolean {
  return isRateLimit(f) || f.noAnswer || (f.status !== null && f.status >= 500);
}

export interface FailureContext {
  /** Whose sign-in this is, for messages: "dr.patel@northside.example". */
  accountLabel: string;
  /** What we were doing: "reading calendar Dr. Patel". */
  doing: string;
}

export function toCalendarSyncError(e: unknown, ctx: FailureContext): CalendarSyncError {
  if (e instanceof CalendarSyncError) return e;
  const f = describeFailure(e);
  const who = ctx.accountLabel;
  const s = f.status;
  if (f.reason === 'invalid_grant' || s === 401) {
    return new CalendarSyncError(
      'AUTH_REVOKED',
      `Google refused the saved sign-in for ${who} (it was revoked or has expired); sign in again to keep calendars in sync.`,
      s,
    );
  }
  if (isRateLimit(f)) {
    return new CalendarSyncError(
      'RATE_LIMITED',
      `Google asked ClinicDesk to slow down while ${ctx.doing} for ${who}; it will try again in a few minutes.`,
      s,
    );
  }
  if (s === 403) {
    return new CalendarSyncError(
      'AUTH_REVOKED',
      `Google did not allow ClinicDesk to use the calendar of ${who} while ${ctx.doing}; sign in again and allow calendar access.`,
      s,
    );
  }
  if (s === 410 && f.reason === 'fullSyncRequired') {
    return new CalendarSyncError(
      'CURSOR_EXPIRED',
      `Google asked for a full resync of the calendar of ${who}.`,
      s,
    );
  }
  if (s === 404 || s === 410) {
    return new CalendarSyncError(
      'NOT_FOUND',
      `Google could not find what ClinicDesk asked for while ${ctx.doing} for ${who}; it may have been deleted or unshared.`,
      s,
    );
  }
  if (s === 409 || s === 412) {
    return new CalendarSyncError(
      'CONFLICT',
      `The event was changed in Google Calendar by someone else while ${ctx.doing} for ${who}; it was not overwritten.`,
      s,
    );
  }
  if (f.noAnswer || (s !== null && s >= 500)) {
    return new CalendarSyncError(
      'UNAVAILABLE',
      `Google Calendar could not be reached while ${ctx.doing} for ${who}; ClinicDesk will try again when the connection is back.`,
      s,
    );
  }
  if (s === null) {
    const detail = e instanceof Error ? e.message : String(e);
    return new CalendarSyncError(
      'BAD_DATA',
      `ClinicDesk could not use Google's answer while ${ctx.doing} for ${who}: ${detail}`,
    );
  }
  return new CalendarSyncError(
    'BAD_DATA',
    `Google Calendar refused the request while ${ctx.doing} for ${who} (HTTP ${s}${f.reason ? `, ${f.reason}` : ''}).`,
    s,
  );
}
