/**
 * Every way a real-time eligibility check can fail, in words a receptionist can act on while the
 * patient is at the desk: what happened, whether trying again can help, and the fallback (verify
 * by phone). Technical facts (HTTP status, CORE error code, the server's own words) go to
 * `detail` for the support log, with the clinic's credentials cut out.
 */
import { ClearinghouseError } from './port';

const BY_PHONE = 'verify the coverage by phone with the insurer';

/** Removes every credential from text a server or a library produced, and caps its length. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== '') out = out.split(secret).join('[redacted]');
  }
  // Control characters would garble a log line; a 271-sized error page is no use in one either.
  // eslint-disable-next-line no-control-regex
  out = out.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ').trim();
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}

export function unreachable(input: { reason: string; detail: string }): ClearinghouseError {
  return new ClearinghouseError({
    code: 'UNREACHABLE',
    message: `ClinicDesk could not reach the clearinghouse (${input.reason}). Check the office internet connection and try again, or ${BY_PHONE}.`,
    transient: true,
    detail: input.detail,
  });
}

/** A certificate that does not check out: the login is not sent, and retrying will not fix it. */
export function untrustedCertificate(detail: string): ClearinghouseError {
  return new ClearinghouseError({
    code: 'UNREACHABLE',
    message: `The clearinghouse's security certificate could not be verified, so ClinicDesk did not send the clinic's login. Ask the practice manager to check the clearinghouse address in Settings; meanwhile ${BY_PHONE}.`,
    transient: false,
    detail,
  });
}

export function timedOut(timeoutMs: number): ClearinghouseError {
  const seconds = Math.round(timeoutMs / 100) / 10;
  return new ClearinghouseError({
    code: 'TIMEOUT',
    message: `The clearinghouse did not answer within ${seconds} s; try again or ${BY_PHONE}.`,
    transient: true,
    detail: `no complete answer within ${timeoutMs} ms`,
  });
}

export function authFailed(input: {
  detail: string;
  httpStatus: number;
  coreErrorCode?: string;
}): ClearinghouseError {
  return new ClearinghouseError({
    code: 'AUTH_FAILED',
    message: `The clearinghouse did not accept the clinic's user name and password. Ask the practice manager to update the clearinghouse login in Settings; meanwhile ${BY_PHONE}.`,
    transient: false,
    detail: input.detail,
    httpStatus: input.httpStatus,
    coreErrorCode: input.coreErrorCode,
  });
}

export function rejectedEnvelope(input: {
  /** What the clearinghouse objected to, in words: "the sender ID is not valid". */
  what: string;
  /** Whether the clinic's settings can fix it (sender/receiver IDs) or only support can. */
  settingsCanFix: boolean;
  detail: string;
  httpStatus: number;
  coreErrorCode?: string;
}): ClearinghouseError {
  const todo = input.settingsCanFix
    ? 'Ask the practice manager to check the sender and receiver IDs in the clearinghouse settings'
    : "Call ClinicDesk support with the time of this check; the clearinghouse's own support can also help";
  return new ClearinghouseError({
    code: 'REJECTED_ENVELOPE',
    message: `The clearinghouse refused the eligibility request: ${input.what}. ${todo}. Meanwhile ${BY_PHONE}.`,
    transient: false,
    detail: input.detail,
    httpStatus: input.httpStatus,
    coreErrorCode: input.coreErrorCode,
  });
}

export function badResponse(input: { what: string; detail: string; httpStatus?: number }) {
  return new ClearinghouseError({
    code: 'BAD_RESPONSE',
    message: `The clearinghouse sent an answer ClinicDesk cannot read (${input.what}). Please ${BY_PHONE}; if it keeps happening, call ClinicDesk support.`,
    transient: false,
    detail: input.detail,
    httpStatus: input.httpStatus,
  });
}

export function rateLimited(input: {
  detail: string;
  httpStatus: number;
  coreErrorCode?: string;
  retryAfterMs?: number | undefined;
}): ClearinghouseError {
  const wait =
    input.retryAfterMs !== undefined && input.retryAfterMs >= 60_000
      ? `about ${Math.ceil(input.retryAfterMs / 60_000)} min`
      : 'a minute';
  return new ClearinghouseError({
    code: 'RATE_LIMITED',
    message: `The clearinghouse is busy and asked ClinicDesk to slow down. Wait ${wait} and try again, or ${BY_PHONE}.`,
    transient: true,
    detail: input.detail,
    httpStatus: input.httpStatus,
    coreErrorCode: input.coreErrorCode,
    retryAfterMs: input.retryAfterMs,
  });
}

export function serverError(input: {
  /** "the insurer's system behind the clearinghouse is down", or the HTTP status in words. */
  what: string;
  detail: string;
  httpStatus: number;
  coreErrorCode?: string;
  retryAfterMs?: number | undefined;
}): ClearinghouseError {
  return new ClearinghouseError({
    code: 'SERVER_ERROR',
    message: `The clearinghouse could not answer: ${input.what}. Try again in a few minutes, or ${BY_PHONE}.`,
    transient: true,
    detail: input.detail,
    httpStatus: input.httpStatus,
    coreErrorCode: input.coreErrorCode,
    retryAfterMs: input.retryAfterMs,
  });
}

/** The clinic's settings point somewhere wrong; nothing changes until someone edits them. */
export function settingsWrong(input: {
  what: string;
  field: string;
  detail?: string;
  httpStatus?: number;
}): ClearinghouseError {
  return new ClearinghouseError({
    code: 'INVALID_CONFIG',
    message: `${input.what} Ask the practice manager to correct the clearinghouse settings; meanwhile ${BY_PHONE}.`,
    transient: false,
    field: input.field,
    detail: input.detail,
    httpStatus: input.httpStatus,
  });
}
