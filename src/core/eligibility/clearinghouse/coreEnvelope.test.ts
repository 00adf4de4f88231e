import { describe, expect, it } from 'vitest';
import {
  coreFailure,
  coreTimeStamp,
  httpFailure,
  isCoreSuccess,
  isUuid,
  normalizeCoreCode,
} from './coreEnvelope';
import { redact } from './failures';

const failure = (errorCode: string, httpStatus = 400, errorMessage: string | null = null) =>
  coreFailure({ errorCode, errorMessage, httpStatus, secrets: ['pw-123456', 'desk-user'] });

describe('CORE envelope basics', () => {
  it('writes TimeStamp as ISO 8601 UTC to the second', () => {
    expect(coreTimeStamp(Date.parse('2026-11-25T10:20:34.567Z'))).toBe('2026-11-25T10:20:34Z');
  });

  it('recognizes a UUID PayloadID', () => {
    expect(isUuid('f81d4fae-7dec-11d0-a765-00a0c91e6bf6')).toBe(true);
    expect(isUuid('F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6')).toBe(true);
    expect(isUuid('12345')).toBe(false);
  });

  it('compares codes without case or spaces, and treats an empty code as success', () => {
    expect(normalizeCoreCode('Receiver Down')).toBe(normalizeCoreCode('ReceiverDown'));
    expect(isCoreSuccess('Success')).toBe(true);
    expect(isCoreSuccess(' success ')).toBe(true);
    expect(isCoreSuccess(null)).toBe(true);
    expect(isCoreSuccess('')).toBe(true);
    expect(isCoreSuccess('UnAuthorized')).toBe(false);
  });
});

describe('what each CORE error code means at the desk', () => {
  it.each([
    ['UnAuthorized', 401, 'AUTH_FAILED', false, /user name and password/],
    ['Unauthorized', 200, 'AUTH_FAILED', false, /update the clearinghouse login/],
    ['Receiver Down', 503, 'SERVER_ERROR', true, /insurer's system behind it is down/],
    ['ReceiverDown', 200, 'SERVER_ERROR', true, /Try again in a few minutes/],
    ['Server Busy', 503, 'RATE_LIMITED', true, /busy/],
    ['VersionMismatch', 400, 'REJECTED_ENVELOPE', false, /CORE rule version 2\.2\.0/],
    ['PayloadIDRequired', 400, 'REJECTED_ENVELOPE', false, /request ID \(PayloadID\) is missing/],
    [
      'SenderIDIllegal',
      400,
      'REJECTED_ENVELOPE',
      false,
      /sender ID is not valid.*sender and receiver IDs/,
    ],
    ['ReceiverIDRequired', 400, 'REJECTED_ENVELOPE', false, /receiver ID is missing/],
    [
      'PayloadTypeIllegal',
      400,
      'REJECTED_ENVELOPE',
      false,
      /payload type is not valid.*ClinicDesk support/,
    ],
    ['TimeStampIllegal', 400, 'REJECTED_ENVELOPE', false, /time stamp is not valid/],
    ['CORERuleVersionRequired', 400, 'REJECTED_ENVELOPE', false, /CORE rule version is missing/],
    ['ProcessingModeIllegal', 400, 'REJECTED_ENVELOPE', false, /processing mode is not valid/],
    ['PayloadRequired', 400, 'REJECTED_ENVELOPE', false, /X12 270 payload is missing/],
  ] as const)('%s (HTTP %d) → %s', (code, status, expected, transient, message) => {
    const error = failure(code, status);
    expect(error.code).toBe(expected);
    expect(error.transient).toBe(transient);
    expect(error.coreErrorCode).toBe(code);
    expect(error.httpStatus).toBe(status);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/verify the coverage by phone/);
  });

  it('judges an unknown code by the HTTP status it came with', () => {
    expect(failure('WeirdThing', 502).code).toBe('SERVER_ERROR');
    expect(failure('WeirdThing', 401).code).toBe('AUTH_FAILED');
    const rejected = failure('WeirdThing', 400);
    expect(rejected.code).toBe('REJECTED_ENVELOPE');
    expect(rejected.message).toMatch(/answered with the error code "WeirdThing"/);
  });

  it("keeps the server's words for support, without the clinic's credentials", () => {
    const error = failure('UnAuthorized', 401, 'User desk-user with password pw-123456 is locked');
    expect(error.detail).toBe(
      'HTTP 401, CORE UnAuthorized: User [redacted] with password [redacted] is locked',
    );
    expect(error.message).not.toContain('desk-user');
  });
});

describe('HTTP statuses without a CORE code', () => {
  it.each([
    [401, 'AUTH_FAILED', false],
    [403, 'AUTH_FAILED', false],
    [429, 'RATE_LIMITED', true],
    [408, 'SERVER_ERROR', true],
    [500, 'SERVER_ERROR', true],
    [503, 'SERVER_ERROR', true],
    [404, 'INVALID_CONFIG', false],
    [413, 'REJECTED_ENVELOPE', false],
    [400, 'REJECTED_ENVELOPE', false],
  ] as const)('HTTP %d → %s', (status, code, transient) => {
    const error = httpFailure({ httpStatus: status, detail: `HTTP ${status}` });
    expect(error.code).toBe(code);
    expect(error.transient).toBe(transient);
    expect(error.httpStatus).toBe(status);
  });

  it('says the address is wrong for a 404', () => {
    const error = httpFailure({ httpStatus: 404, detail: '' });
    expect(error.field).toBe('url');
    expect(error.message).toMatch(/no eligibility service at the address in Settings \(HTTP 404\)/);
  });
});

describe('redact', () => {
  it('removes every secret, strips control characters and caps the length', () => {
    expect(redact('a pw b pw', ['pw'])).toBe('a [redacted] b [redacted]');
    expect(redact('line\u0000one\u0007', [])).toBe('line one');
    expect(redact('x'.repeat(400), [])).toHaveLength(301);
  });
});
