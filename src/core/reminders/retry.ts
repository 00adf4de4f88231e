/**
 * Whether a failed send is worth trying again, and when. Transient: the network, a provider's
 * 5xx, 429 "too many requests", an SMTP 4xx. Permanent: the number or address is wrong, the
 * patient opted out, our account is not allowed to send there. Each gets words a receptionist can
 * act on, shown on the outbox row.
 */

export type FailureKind = 'transient' | 'permanent';

export class SendFailure extends Error {
  readonly code: 'SEND_TRANSIENT' | 'SEND_PERMANENT';
  readonly kind: FailureKind;
  /** Words for the reminder queue: "the number is not a mobile phone; it cannot receive SMS". */
  readonly reason: string;
  /** Twilio error code or SMTP reply code, when there was one. */
  readonly providerCode: number | null;
  readonly httpStatus: number | null;
  constructor(args: {
    kind: FailureKind;
    reason: string;
    providerCode?: number | null;
    httpStatus?: number | null;
    cause?: unknown;
  }) {
    super(args.reason, { cause: args.cause });
    this.name = 'SendFailure';
    this.kind = args.kind;
    this.code = args.kind === 'transient' ? 'SEND_TRANSIENT' : 'SEND_PERMANENT';
    this.reason = args.reason;
    this.providerCode = args.providerCode ?? null;
    this.httpStatus = args.httpStatus ?? null;
  }
}

/** Twilio codes we know, with words. https://www.twilio.com/docs/api/errors/<code> */
const TWILIO_CODES: Record<number, { kind: FailureKind; reason: string }> = {
  20003: {
    kind: 'permanent',
    reason: 'Twilio refused our account SID or auth token; check the SMS settings',
  },
  20429: { kind: 'transient', reason: 'Twilio asked us to slow down (too many requests)' },
  21211: { kind: 'permanent', reason: "the patient's phone number is not a valid number" },
  21408: {
    kind: 'permanent',
    reason: "our Twilio account is not allowed to send to this number's country or region",
  },
  21610: {
    kind: 'permanent',
    reason: 'the patient has opted out of texts (replied STOP); they can text START to opt back in',
  },
  21612: { kind: 'permanent', reason: 'Twilio cannot route a message to this number' },
  21614: {
    kind: 'permanent',
    reason: 'the number is not a mobile phone, so it cannot receive SMS',
  },
  21617: { kind: 'permanent', reason: 'the message is too long (over 1,600 characters)' },
  30003: {
    kind: 'permanent',
    reason: "the patient's phone is unreachable (switched off or out of service)",
  },
  30005: {
    kind: 'permanent',
    reason: 'the number does not exist or is no longer in service',
  },
  30006: {
    kind: 'permanent',
    reason: 'the number is a landline or its carrier cannot receive SMS',
  },
  30007: { kind: 'permanent', reason: "the patient's carrier filtered the message as spam" },
  30008: { kind: 'transient', reason: 'the carrier reported an unknown delivery error' },
};

/** Words for a Twilio delivery ErrorCode reported on a status callback. */
export function describeTwilioCode(code: number): { kind: FailureKind; reason: string } {
  return (
    TWILIO_CODES[code] ?? {
      kind: code >= 30000 && code < 31000 ? 'transient' : 'permanent',
      reason: `Twilio error ${code}`,
    }
  );
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'the server refused the connection',
  ECONNRESET: 'the connection was cut',
  ETIMEDOUT: 'the connection timed out',
  ECONNABORTED: 'the request timed out',
  ENOTFOUND: 'the server name could not be found (no internet?)',
  EAI_AGAIN: 'the server name could not be looked up (no internet?)',
  ENETUNREACH: 'the network is unreachable',
  EHOSTUNREACH: 'the server is unreachable',
  EPIPE: 'the connection was closed',
  ECONNECTION: 'could not connect to the mail server',
  ESOCKET: 'the connection to the mail server failed',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was cut',
};

type ErrorLike = {
  code?: unknown;
  status?: unknown;
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
  cause?: unknown;
  name?: unknown;
};

function asRecord(e: unknown): ErrorLike | null {
  return e !== null && typeof e === 'object' ? (e as ErrorLike) : null;
}

function networkCode(e: ErrorLike | null, depth = 0): string | null {
  if (!e || depth > 3) return null;
  if (typeof e.code === 'string' && e.code in NETWORK_CODES) return e.code;
  // Node's fetch wraps the socket error: TypeError("fetch failed", { cause: { code } }).
  return networkCode(asRecord(e.cause), depth + 1);
}

/**
 * Turns whatever a send threw (twilio's RestException, a Node network error, a fetch failure,
 * a nodemailer SMTP error) into a SendFailure.
 */
export function classifySendError(error: unknown): SendFailure {
  if (error instanceof SendFailure) return error;
  const e = asRecord(error);
  const message = typeof e?.message === 'string' ? e.message : String(error);

  // SMTP: nodemailer sets responseCode from the server's reply (421, 450, 550, 554 …).
  if (e && typeof e.responseCode === 'number') {
    const rc = e.responseCode;
    const transient = rc >= 400 && rc < 500;
    return new SendFailure({
      kind: transient ? 'transient' : 'permanent',
      reason: transient
        ? `the mail server asked us to try later (${rc})`
        : rc === 535 || rc === 530
          ? `the mail server refused our login (${rc}); check the e-mail settings`
          : `the mail server refused the message (${rc}: ${firstLine(e.response) ?? message})`,
      providerCode: rc,
      cause: error,
    });
  }
  if (e && e.code === 'EAUTH') {
    return new SendFailure({
      kind: 'permanent',
      reason: 'the mail server refused our login; check the e-mail settings',
      cause: error,
    });
  }

  const net = networkCode(e);
  if (net) {
    return new SendFailure({
      kind: 'transient',
      reason: `network: ${NETWORK_CODES[net]}`,
      cause: error,
    });
  }
  if (e && e.name === 'TypeError' && message === 'fetch failed') {
    return new SendFailure({
      kind: 'transient',
      reason: 'network: the request failed',
      cause: error,
    });
  }

  // Twilio REST: RestException has `status` (HTTP) and a numeric `code`.
  const status = e && typeof e.status === 'number' ? e.status : null;
  const twilioCode = e && typeof e.code === 'number' ? e.code : null;
  if (twilioCode !== null && TWILIO_CODES[twilioCode]) {
    const known = TWILIO_CODES[twilioCode];
    return new SendFailure({
      ...known,
      providerCode: twilioCode,
      httpStatus: status,
      cause: error,
    });
  }
  if (status !== null) {
    if (status === 429 || status >= 500) {
      return new SendFailure({
        kind: 'transient',
        reason:
          status === 429
            ? 'the provider asked us to slow down (too many requests)'
            : `the provider had a server error (HTTP ${status})`,
        providerCode: twilioCode,
        httpStatus: status,
        cause: error,
      });
    }
    if (status === 401 || status === 403) {
      return new SendFailure({
        kind: 'permanent',
        reason: `the provider refused our credentials (HTTP ${status}); check the settings`,
        providerCode: twilioCode,
        httpStatus: status,
        cause: error,
      });
    }
    return new SendFailure({
      kind: 'permanent',
      reason: `the provider refused the message: ${message}${twilioCode ? ` (error ${twilioCode})` : ''}`,
      providerCode: twilioCode,
      httpStatus: status,
      cause: error,
    });
  }
  // Unknown failures are retried: attempts are bounded, and a bug fixed by an update then still
  // gets the message out; a wrong number never looks like this.
  return new SendFailure({
    kind: 'transient',
    reason: `unexpected error: ${message}`,
    cause: error,
  });
}

function firstLine(v: unknown): string | null {
  return typeof v === 'string' ? (v.split(/\r?\n/)[0] ?? null) : null;
}

export interface BackoffPolicy {
  /** Delay after the first failure. */
  baseMs: number;
  /** No wait grows beyond this. */
  capMs: number;
  /** Total attempts, the first send included; after that the message is given up. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 30_000,
  capMs: 30 * 60_000,
  maxAttempts: 8,
};

/**
 * When to try again after `attempt` failed attempts (1 after the first failure), or null to give
 * up. "Equal jitter": half the exponential step fixed, half random, so ten messages that failed
 * together during an outage do not all return in the same second, yet none retries at once.
 */
export function nextAttemptMs(args: {
  attempt: number;
  now: number;
  /** A number in [0, 1), e.g. Math.random; injected so tests are exact. */
  random: () => number;
  policy?: BackoffPolicy;
  /** A provider's Retry-After, when it sent one; never retry sooner than that. */
  retryAfterMs?: number | null;
}): number | null {
  const policy = args.policy ?? DEFAULT_BACKOFF;
  if (args.attempt >= policy.maxAttempts) return null;
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, args.attempt - 1));
  const r = Math.min(Math.max(args.random(), 0), 1);
  const delay = Math.max(step / 2 + r * (step / 2), args.retryAfterMs ?? 0);
  return args.now + Math.round(delay);
}
