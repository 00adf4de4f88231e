/**
 * The CORE client with a scripted fetch: exact request shape, and every answer or network
 * failure → typed error and retry decision. The same client against a real HTTP stand-in is in
 * test/integration/clearinghouseStandin.test.ts.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createCoreClearinghouse, type FetchLike } from './core';
import { ClearinghouseError, type Realtime271Result } from './port';

const NOW = Date.parse('2026-11-25T10:20:34.250Z');
const PAYLOAD_ID = '6dd863c8-f314-4033-b4db-9ed2bfd5add9';
const PASSWORD = 'pw-Zebra-7781';
const USERNAME = 'desk-user-44';
const X12_270 =
  'ISA*00*          *00*          *ZZ*CLINIC01       *ZZ*CH99           *261125*1020*^*00501*000000001*0*T*:~\n' +
  'GS*HS*CLINIC01*CH99*20261125*1020*1*X*005010X279A1~\nST*270*0001*005010X279A1~\n';
const X12_271 = 'ISA*00*          *00*          *ZZ*CH99~\nST*271*0001*005010X279A1~\n';

const CONFIG = {
  url: 'https://ch.example.com/core/realtime',
  senderId: 'CLINIC01',
  receiverId: 'CH99',
  auth: { method: 'password', username: USERNAME, password: PASSWORD },
};

/** A CORE answer written by hand (not with our encoder), CRLF, one part per field. */
function envelope(fields: Record<string, string>, boundary = 'srv-b1'): string {
  let body = '';
  for (const [name, value] of Object.entries(fields)) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  return `${body}--${boundary}--\r\n`;
}

const OK_FIELDS = {
  PayloadType: 'X12_271_Response_005010X279A1',
  ProcessingMode: 'RealTime',
  PayloadID: 'a1b2c3d4-0000-4000-8000-000000000001',
  TimeStamp: '2026-11-25T10:20:35Z',
  SenderID: 'CH99',
  ReceiverID: 'CLINIC01',
  CORERuleVersion: '2.2.0',
  ErrorCode: 'Success',
  ErrorMessage: '',
  Payload: X12_271,
};

function answer(input: {
  status?: number;
  fields?: Record<string, string>;
  text?: string;
  headers?: Record<string, string>;
}): Response {
  if (input.text !== undefined) {
    return new Response(input.text, {
      status: input.status ?? 200,
      headers: { 'content-type': 'text/html', ...input.headers },
    });
  }
  return new Response(envelope(input.fields ?? OK_FIELDS), {
    status: input.status ?? 200,
    headers: { 'content-type': 'multipart/form-data; boundary=srv-b1', ...input.headers },
  });
}

function networkError(code: string): Error {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error(`connect ${code} 203.0.113.9:443`), { code }),
  });
}

type Step = Response | Error | (() => Response);

/** A client whose fetch plays `steps` in order, recording calls and the waits between tries. */
function scripted(steps: Step[], config: Record<string, unknown> = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const sleeps: number[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const step = steps[Math.min(calls.length - 1, steps.length - 1)]!;
    if (step instanceof Error) throw step;
    return typeof step === 'function' ? step() : step.clone();
  };
  const port = createCoreClearinghouse({
    config: { ...CONFIG, ...config },
    deps: {
      fetch,
      now: () => NOW,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0,
      newPayloadId: () => PAYLOAD_ID,
    },
  });
  return { port, calls, sleeps };
}

async function failureOf(promise: Promise<Realtime271Result>): Promise<ClearinghouseError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ClearinghouseError) return error;
    throw error;
  }
  throw new Error('the check succeeded');
}

async function formOf(init: RequestInit): Promise<[string, string][]> {
  const form = await new Request('http://x.invalid/', {
    method: 'POST',
    headers: init.headers,
    body: init.body,
  }).formData();
  return [...form].map(([k, v]) => [k, String(v)]);
}

describe('the request', () => {
  it('is one POST of the CORE real-time envelope, in the rule’s field order', async () => {
    const { port, calls } = scripted([answer({})]);
    await port.submitRealtime270({ x12: X12_270 });
    expect(calls).toHaveLength(1);
    const { url, init } = calls[0]!;
    expect(url).toBe(CONFIG.url);
    expect(init.method).toBe('POST');
    expect(init.redirect).toBe('manual');
    expect(init.signal).toBeInstanceOf(AbortSignal);
    expect((init.headers as Record<string, string>)['content-type']).toMatch(
      /^multipart\/form-data; boundary=----ClinicDeskCORE[0-9a-f]{24}$/,
    );
    expect(await formOf(init)).toEqual([
      ['PayloadType', 'X12_270_Request_005010X279A1'],
      ['ProcessingMode', 'RealTime'],
      ['PayloadID', PAYLOAD_ID],
      ['TimeStamp', '2026-11-25T10:20:34Z'],
      ['UserName', USERNAME],
      ['Password', PASSWORD],
      ['SenderID', 'CLINIC01'],
      ['ReceiverID', 'CH99'],
      ['CORERuleVersion', '2.2.0'],
      ['Payload', X12_270], // byte for byte: its bare LFs are not turned into CRLF
    ]);
  });

  it('uses the caller’s PayloadID when given', async () => {
    const { port, calls } = scripted([answer({})]);
    const given = 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
    const result = await port.submitRealtime270({ x12: X12_270, payloadId: given });
    expect(result.payloadId).toBe(given);
    expect(await formOf(calls[0]!.init)).toContainEqual(['PayloadID', given]);
  });

  it('refuses a payload that is not X12, or a PayloadID that is not a UUID, without sending', async () => {
    const { port, calls } = scripted([answer({})]);
    expect(await failureOf(port.submitRealtime270({ x12: '{"json":true}' }))).toMatchObject({
      code: 'INVALID_REQUEST',
      field: 'x12',
      transient: false,
    });
    expect(
      await failureOf(port.submitRealtime270({ x12: X12_270, payloadId: 'inquiry-7' })),
    ).toMatchObject({ code: 'INVALID_REQUEST', field: 'payloadId' });
    expect(calls).toHaveLength(0);
  });

  it('refuses bad settings when the connection is built', () => {
    expect(() =>
      createCoreClearinghouse({ config: { ...CONFIG, url: 'http://ch.example.com/core' } }),
    ).toThrow(/must start with https:\/\//);
  });
});

describe('a good answer', () => {
  it('gives the 271 exactly, the envelope fields, the clock reading and one attempt', async () => {
    const { port } = scripted([answer({})]);
    expect(await port.submitRealtime270({ x12: X12_270 })).toEqual({
      x12_271: X12_271,
      payloadId: PAYLOAD_ID,
      receivedMs: NOW,
      attempts: 1,
      raw: {
        httpStatus: 200,
        payloadType: 'X12_271_Response_005010X279A1',
        processingMode: 'RealTime',
        payloadId: 'a1b2c3d4-0000-4000-8000-000000000001',
        timeStamp: '2026-11-25T10:20:35Z',
        senderId: 'CH99',
        receiverId: 'CLINIC01',
        coreRuleVersion: '2.2.0',
        errorCode: 'Success',
        errorMessage: '',
      },
    });
  });

  it('accepts an answer without ErrorCode, and a 271 with a byte-order mark', async () => {
    const fields: Record<string, string> = { ...OK_FIELDS, Payload: `\uFEFF${X12_271}` };
    delete fields.ErrorCode;
    const { port } = scripted([answer({ fields })]);
    const result = await port.submitRealtime270({ x12: X12_270 });
    expect(result.x12_271).toBe(`\uFEFF${X12_271}`);
    expect(result.raw.errorCode).toBeNull();
  });
});

describe('retries', () => {
  it('retries a refused connection with growing waits, under the same PayloadID', async () => {
    const refused = networkError('ECONNREFUSED');
    const { port, calls, sleeps } = scripted([refused, refused, answer({})]);
    const result = await port.submitRealtime270({ x12: X12_270 });
    expect(result.attempts).toBe(3);
    expect(sleeps).toEqual([250, 500]);
    const ids = await Promise.all(
      calls.map(async (c) => new Map(await formOf(c.init)).get('PayloadID')),
    );
    expect(ids).toEqual([PAYLOAD_ID, PAYLOAD_ID, PAYLOAD_ID]);
  });

  it('gives up after the configured tries and says how many there were', async () => {
    const { port, calls } = scripted([networkError('ECONNREFUSED')], { maxAttempts: 2 });
    const error = await failureOf(port.submitRealtime270({ x12: X12_270 }));
    expect(calls).toHaveLength(2);
    expect(error).toMatchObject({ code: 'UNREACHABLE', transient: true, attempts: 2 });
    expect(error.message).toBe(
      'ClinicDesk could not reach the clearinghouse (the connection was refused). Check the office internet connection and try again, or verify the coverage by phone with the insurer. (ClinicDesk tried 2 times.)',
    );
    expect(error.detail).toBe('fetch failed: connect ECONNREFUSED 203.0.113.9:443 (ECONNREFUSED)');
  });

  it.each([
    ['ENOTFOUND', 'its address could not be found on the network'],
    ['ECONNRESET', 'the connection was cut'],
    ['UND_ERR_SOCKET', 'the connection was cut'],
    ['EHOSTUNREACH', 'the network is unreachable'],
  ])('names the network failure %s', async (code, words) => {
    const { port } = scripted([networkError(code)], { maxAttempts: 1 });
    const error = await failureOf(port.submitRealtime270({ x12: X12_270 }));
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toContain(`(${words})`);
    expect(error.attempts).toBe(1);
    expect(error.message).not.toMatch(/tried/);
  });

  it('does not send the login to a server whose certificate fails, and does not retry', async () => {
    const { port, calls } = scripted([networkError('CERT_HAS_EXPIRED')]);
    const error = await failureOf(port.submitRealtime270({ x12: X12_270 }));
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ code: 'UNREACHABLE', transient: false });
    expect(error.message).toMatch(/security certificate could not be verified/);
  });

  it('does not retry a timeout, and says how long it waited', async () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const { port, calls } = scripted([timeout]);
    const error = await failureOf(port.submitRealtime270({ x12: X12_270 }));
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ code: 'TIMEOUT', transient: true, attempts: 1 });
    expect(error.message).toBe(
      'The clearinghouse did not answer within 30 s; try again or verify the coverage by phone with the insurer.',
    );
  });

  it('waits as long as Retry-After asks when that is short', async () => {
    const busy = answer({ status: 503, text: 'busy', headers: { 'retry-after': '3' } });
    const { port, sleeps } = scripted([busy, answer({})]);
    expect((await port.submitRealtime270({ x12: X12_270 })).attempts).toBe(2);
    expect(sleeps).toEqual([3000]);
  });

  it('shows a long Retry-After to the receptionist instead of waiting it out', async () => {
    const limited = answer({ status: 429, text: 'slow down', headers: { 'retry-after': '120' } });
    const { port, calls, sleeps } = scripted([limited]);
    const error = await failureOf(port.submitRealtime270({ x12: X12_270 }));
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 120_000 });
    expect(error.message).toMatch(/Wait about 2 min and try again/);
  });
});

describe('answers that are not a 271', () => {
  it('a redirect: not followed, because the login would go with it', async () => {
    const moved = new Response(null, {
      status: 302,
      headers: { location: 'https://elsewhere.example/login' },
    });
    const { port, calls } = scripted([moved]);
    const error = await failureOf(port.submitRealtime270({ x12: X12_270 }));
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', field: 'url', httpStatus: 302 });
    expect(error.message).toMatch(/points elsewhere \(HTTP 302 redirect\)/);
    expect(error.detail).toBe('HTTP 302 to https://elsewhere.example/login');
  });

  it('a CORE error code inside an otherwise normal answer wins', async () => {
    const { port } = scripted([answer({ fields: { ...OK_FIELDS, ErrorCode: 'Receiver Down' } })], {
      maxAttempts: 1,
    });
    const error = await failureOf(port.submitRealtime270({ x12: X12_270 }));
    expect(error).toMatchObject({ code: 'SERVER_ERROR', coreErrorCode: 'Receiver Down' });
  });

  it('an X12 999 or TA1: the 270 itself was refused', async () => {
    for (const type of ['X12_999_Response_005010X231A1', 'X12_TA1_Response_00501X231A1']) {
      const { port, calls } = scripted([answer({ fields: { ...OK_FIELDS, PayloadType: type } })]);
      const error = await failureOf(port.submitRealtime270({ x12: X12_270 }));
      expect(calls).toHaveLength(1);
      expect(error.code).toBe('REJECTED_ENVELOPE');
      expect(error.message).toMatch(type.includes('TA1') ? /a TA1 acknowledgment/ : /a 999/);
    }
  });

  it.each([
    ['no Payload', { Payload: undefined }, /the 271 is empty/],
    ['a Payload that is not X12', { Payload: '<html/>' }, /does not start with ISA/],
    ['no PayloadType', { PayloadType: undefined }, /it has no payload type/],
    ['another payload type', { PayloadType: 'X12_277_Response_005010X212' }, /holds "X12_277/],
    [
      'an envelope error without code',
      { PayloadType: 'CoreEnvelopeError' },
      /without an error code/,
    ],
  ])('a 200 with %s → BAD_RESPONSE, not retried', async (_what, change, message) => {
    const fields: Record<string, string> = { ...OK_FIELDS };
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) delete fields[k];
      else fields[k] = v;
    }
    const { port, calls } = scripted([answer({ fields })]);
    const error = await failureOf(port.submitRealtime270({ x12: X12_270 }));
    expect(calls).toHaveLength(1);
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.message).toMatch(message);
  });

  it('a 200 that is an HTML page or a broken multipart body → BAD_RESPONSE', async () => {
    const html = scripted([answer({ text: '<html>Proxy login</html>' })]);
    const error = await failureOf(html.port.submitRealtime270({ x12: X12_270 }));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.detail).toBe('HTTP 200, not multipart; body starts: <html>Proxy login</html>');
    const dup = `--b\r\nContent-Disposition: form-data; name="Payload"\r\n\r\nISA\r\n--b\r\nContent-Disposition: form-data; name="Payload"\r\n\r\nISA\r\n--b--`;
    const duplicated = scripted([
      new Response(dup, { headers: { 'content-type': 'multipart/form-data; boundary=b' } }),
    ]);
    expect((await failureOf(duplicated.port.submitRealtime270({ x12: X12_270 }))).detail).toMatch(
      /has the field Payload twice/,
    );
  });

  it('an error page with a 502 → SERVER_ERROR, retried', async () => {
    const { port, calls } = scripted([answer({ status: 502, text: 'Bad Gateway' })]);
    const error = await failureOf(port.submitRealtime270({ x12: X12_270 }));
    expect(calls).toHaveLength(3);
    expect(error).toMatchObject({ code: 'SERVER_ERROR', httpStatus: 502, attempts: 3 });
    expect(error.message).toMatch(/its server reported a problem \(HTTP 502\)/);
  });

  it('an answer far too large to be a 271', async () => {
    const huge = new Response('x', {
      headers: { 'content-type': 'multipart/form-data; boundary=b', 'content-length': '99999999' },
    });
    const { port } = scripted([() => huge]);
    expect((await failureOf(port.submitRealtime270({ x12: X12_270 }))).code).toBe('BAD_RESPONSE');
  });
});

describe('credentials', () => {
  it('never appear in an error, even when the server repeats them', async () => {
    const echo = answer({
      status: 401,
      fields: {
        ...OK_FIELDS,
        PayloadType: 'CoreEnvelopeError',
        ErrorCode: 'UnAuthorized',
        ErrorMessage: `Bad login ${USERNAME}/${PASSWORD}`,
      },
    });
    const pages = [
      echo,
      answer({ status: 500, text: `stack: password=${PASSWORD}` }),
      answer({ status: 200, text: `Hello ${USERNAME}` }),
      new Response(null, { status: 301, headers: { location: `https://x/?p=${PASSWORD}` } }),
    ];
    for (const page of pages) {
      const { port } = scripted([page], { maxAttempts: 1 });
      const error = await failureOf(port.submitRealtime270({ x12: X12_270 }));
      const shown = [
        error.message,
        error.detail,
        JSON.stringify(error),
        inspect(error),
        error.stack,
      ];
      for (const text of shown) {
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain(USERNAME);
      }
    }
  });
});
