import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BACKOFF,
  SendFailure,
  classifySendError,
  describeTwilioCode,
  nextAttemptMs,
} from './retry';

const restException = (status: number, code: number, message = 'x') =>
  Object.assign(new Error(message), {
    status,
    code,
    moreInfo: `https://www.twilio.com/docs/errors/${code}`,
  });

describe('classifySendError', () => {
  it.each([
    [21211, "the patient's phone number is not a valid number"],
    [
      21610,
      'the patient has opted out of texts (replied STOP); they can text START to opt back in',
    ],
    [21614, 'the number is not a mobile phone, so it cannot receive SMS'],
    [21408, "our Twilio account is not allowed to send to this number's country or region"],
  ])('Twilio %i is permanent: %s', (code, reason) => {
    const f = classifySendError(restException(400, code));
    expect(f).toBeInstanceOf(SendFailure);
    expect(f).toMatchObject({
      kind: 'permanent',
      code: 'SEND_PERMANENT',
      reason,
      providerCode: code,
      httpStatus: 400,
    });
  });

  it('treats delivery failures 30003 / 30005 / 30006 as permanent with words', () => {
    expect(describeTwilioCode(30003)).toEqual({
      kind: 'permanent',
      reason: "the patient's phone is unreachable (switched off or out of service)",
    });
    expect(describeTwilioCode(30005).reason).toBe(
      'the number does not exist or is no longer in service',
    );
    expect(describeTwilioCode(30006).reason).toBe(
      'the number is a landline or its carrier cannot receive SMS',
    );
    expect(describeTwilioCode(30008).kind).toBe('transient');
  });

  it('retries 429 and 5xx', () => {
    expect(classifySendError(restException(429, 20429))).toMatchObject({
      kind: 'transient',
      reason: 'Twilio asked us to slow down (too many requests)',
    });
    expect(classifySendError(restException(503, 0))).toMatchObject({
      kind: 'transient',
      reason: 'the provider had a server error (HTTP 503)',
    });
    expect(classifySendError({ status: 429 })).toMatchObject({ kind: 'transient' });
  });

  it('gives up on bad credentials and other 4xx, quoting the provider', () => {
    expect(classifySendError(restException(401, 20003))).toMatchObject({
      kind: 'permanent',
      reason: 'Twilio refused our account SID or auth token; check the SMS settings',
    });
    expect(classifySendError(restException(400, 21999, 'Something odd'))).toMatchObject({
      kind: 'permanent',
      reason: 'the provider refused the message: Something odd (error 21999)',
    });
  });

  it('retries network errors, also when wrapped by fetch', () => {
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'ENOTFOUND']) {
      expect(classifySendError(Object.assign(new Error(code), { code })).kind).toBe('transient');
    }
    const fetchFailure = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(classifySendError(fetchFailure)).toMatchObject({
      kind: 'transient',
      reason: 'network: the server refused the connection',
    });
    expect(classifySendError(new TypeError('fetch failed'))).toMatchObject({
      kind: 'transient',
      reason: 'network: the request failed',
    });
  });

  it('retries SMTP 4xx and gives up on 5xx', () => {
    expect(
      classifySendError(
        Object.assign(new Error('try later'), { code: 'EENVELOPE', responseCode: 451 }),
      ),
    ).toMatchObject({
      kind: 'transient',
      reason: 'the mail server asked us to try later (451)',
      providerCode: 451,
    });
    expect(
      classifySendError(
        Object.assign(new Error('x'), {
          code: 'EENVELOPE',
          responseCode: 550,
          response: '550 5.1.1 No such user\r\nmore',
        }),
      ),
    ).toMatchObject({
      kind: 'permanent',
      reason: 'the mail server refused the message (550: 550 5.1.1 No such user)',
    });
    expect(
      classifySendError(Object.assign(new Error('x'), { code: 'EAUTH', responseCode: 535 })),
    ).toMatchObject({
      kind: 'permanent',
      reason: 'the mail server refused our login (535); check the e-mail settings',
    });
  });

  it('returns a SendFailure unchanged and retries the unknown', () => {
    const f = new SendFailure({ kind: 'permanent', reason: 'r' });
    expect(classifySendError(f)).toBe(f);
    expect(classifySendError('boom')).toMatchObject({
      kind: 'transient',
      reason: 'unexpected error: boom',
    });
  });
});

describe('nextAttemptMs', () => {
  const now = 1_000_000;
  it('doubles the step with equal jitter from the injected random', () => {
    expect(nextAttemptMs({ attempt: 1, now, random: () => 0 })).toBe(now + 15_000);
    expect(nextAttemptMs({ attempt: 1, now, random: () => 0.999999 })).toBe(now + 30_000);
    expect(nextAttemptMs({ attempt: 2, now, random: () => 0.5 })).toBe(now + 45_000);
    expect(nextAttemptMs({ attempt: 3, now, random: () => 0 })).toBe(now + 60_000);
  });

  it('caps the wait, honours Retry-After, and gives up after the last attempt', () => {
    expect(nextAttemptMs({ attempt: 7, now, random: () => 1 })).toBe(now + DEFAULT_BACKOFF.capMs);
    expect(nextAttemptMs({ attempt: 1, now, random: () => 0, retryAfterMs: 120_000 })).toBe(
      now + 120_000,
    );
    expect(
      nextAttemptMs({ attempt: DEFAULT_BACKOFF.maxAttempts, now, random: () => 0 }),
    ).toBeNull();
  });

  it('stays within [step/2, step] for any random value', () => {
    for (let attempt = 1; attempt < 8; attempt++) {
      for (const r of [0, 0.1, 0.37, 0.5, 0.9, 0.999]) {
        const step = Math.min(DEFAULT_BACKOFF.capMs, DEFAULT_BACKOFF.baseMs * 2 ** (attempt - 1));
        const d = nextAttemptMs({ attempt, now, random: () => r })! - now;
        expect(d).toBeGreaterThanOrEqual(step / 2);
        expect(d).toBeLessThanOrEqual(step);
      }
    }
  });
});
