/**
 * The real CORE client against the local clearinghouse stand-in: real HTTP on 127.0.0.1, real
 * multipart both ways, corpus 271s from ../shared/data/x12/271 (when present).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { inspect } from 'node:util';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClearinghouseError,
  createCoreClearinghouse,
  type ClearinghousePort,
  type Realtime271Result,
} from '../../src/core/eligibility/clearinghouse';
import {
  SHARED_271_DIR,
  STANDIN_DEFAULTS,
  STANDIN_ROUTES,
  builtin271,
  memberIdOf270,
  startClearinghouseStandIn,
  type ClearinghouseStandIn,
  type StandInFailure,
} from '../standins/clearinghouse';

const NOW = Date.parse('2026-11-25T10:20:34Z');
const SHARED_270_DIR = path.resolve(SHARED_271_DIR, '../270');
const hasCorpus = existsSync(SHARED_271_DIR) && existsSync(SHARED_270_DIR);
if (!hasCorpus) {
  console.warn(
    `clearinghouse stand-in: ${SHARED_271_DIR} is absent, so the corpus round trips are skipped (the built-in 271 is still tested).`,
  );
}

/** A 270 for one member, with the usual "~" plus newline layout. */
function x12For(memberId: string): string {
  return [
    'ISA*00*          *00*          *ZZ*CLINICDESK01   *ZZ*STANDINCH      *261125*1020*^*00501*000000101*0*T*:',
    'GS*HS*CLINICDESK01*STANDINCH*20261125*1020*101*X*005010X279A1',
    'ST*270*0001*005010X279A1',
    'BHT*0022*13*10001234*20261125*1020',
    'HL*1**20*1',
    'NM1*PR*2*STAND-IN HEALTH PLAN*****PI*STANDIN',
    'HL*2*1*21*1',
    'NM1*1P*2*CLINICDESK TEST CLINIC*****XX*1234567893',
    'HL*3*2*22*0',
    'TRN*1*93175-012547*9877281234',
    `NM1*IL*1*DOE*JANE****MI*${memberId}`,
    'DMG*D8*19800101',
    'DTP*291*D8*20261125',
    'EQ*30',
    'SE*13*0001',
    'GE*1*101',
    'IEA*1*000000101',
  ].join('~\n');
}

function clientFor(input: {
  standIn: ClearinghouseStandIn;
  config?: Record<string, unknown>;
  sleeps?: number[];
}): ClearinghousePort {
  return createCoreClearinghouse({
    config: {
      url: input.standIn.url,
      senderId: STANDIN_DEFAULTS.senderId,
      receiverId: STANDIN_DEFAULTS.receiverId,
      auth: {
        method: 'password',
        username: STANDIN_DEFAULTS.username,
        password: STANDIN_DEFAULTS.password,
      },
      ...input.config,
    },
    deps: {
      now: () => NOW,
      sleep: async (ms) => void input.sleeps?.push(ms),
      random: () => 0.5,
    },
  });
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

describe('round trip with the built-in 271', () => {
  let standIn: ClearinghouseStandIn;
  beforeAll(async () => {
    standIn = await startClearinghouseStandIn({ dataDir: null, now: () => NOW });
  });
  afterAll(() => standIn.close());

  it('sends the CORE envelope and returns the 271 the stand-in wrote', async () => {
    const x12 = x12For('W123456789');
    const payloadId = 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
    const result = await clientFor({ standIn }).submitRealtime270({ x12, payloadId });
    expect(result).toEqual({
      x12_271: builtin271('W123456789'),
      payloadId,
      receivedMs: NOW,
      attempts: 1,
      raw: {
        httpStatus: 200,
        payloadType: 'X12_271_Response_005010X279A1',
        processingMode: 'RealTime',
        payloadId,
        timeStamp: '2026-11-25T10:20:34Z',
        senderId: 'STANDINCH',
        receiverId: 'CLINICDESK01',
        coreRuleVersion: '2.2.0',
        errorCode: 'Success',
        errorMessage: '',
      },
    });
    const seen = standIn.requests().at(-1)!;
    expect(seen.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen.fields).toEqual({
      PayloadType: 'X12_270_Request_005010X279A1',
      ProcessingMode: 'RealTime',
      PayloadID: payloadId,
      TimeStamp: '2026-11-25T10:20:34Z',
      UserName: STANDIN_DEFAULTS.username,
      Password: STANDIN_DEFAULTS.password,
      SenderID: 'CLINICDESK01',
      ReceiverID: 'STANDINCH',
      CORERuleVersion: '2.2.0',
      Payload: x12,
    });
    expect(seen).toMatchObject({ memberId: 'W123456789', answer: 'builtin', status: 200 });
  });

  it('writes a 271 whose ISA is fixed width and whose SE counts its segments', () => {
    const segments = builtin271('W1').split('~\n').filter(Boolean);
    expect(segments[0]).toHaveLength(105);
    const st = segments.findIndex((s) => s.startsWith('ST*'));
    const se = segments.findIndex((s) => s.startsWith('SE*'));
    expect(segments[se]).toBe(`SE*${se - st + 1}*0001`);
    expect(memberIdOf270(builtin271('W1'))).toBe('W1');
  });

  it('answers many concurrent checks, each with its own member', async () => {
    const client = clientFor({ standIn });
    const members = Array.from({ length: 40 }, (_, i) => `M${String(i).padStart(4, '0')}`);
    const results = await Promise.all(
      members.map((m) => client.submitRealtime270({ x12: x12For(m) })),
    );
    expect(results.map((r) => memberIdOf270(r.x12_271))).toEqual(members);
    expect(new Set(results.map((r) => r.payloadId)).size).toBe(40);
  });
});

describe.skipIf(!hasCorpus && !process.env.CI)('round trips with corpus 271s', () => {
  let standIn: ClearinghouseStandIn;
  beforeAll(async () => {
    // CI always has the shared data; its absence there is a failure, not a skip.
    expect(hasCorpus, `${SHARED_271_DIR} must exist in CI`).toBe(true);
    standIn = await startClearinghouseStandIn({ now: () => NOW });
  });
  afterAll(() => standIn?.close());

  it('answers each corpus 270 with the 271 routed to its member, byte for byte', async () => {
    const client = clientFor({ standIn });
    const files = readdirSync(SHARED_270_DIR).filter((f) => f.endsWith('.270'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const x12 = readFileSync(path.join(SHARED_270_DIR, file), 'utf8');
      const member = memberIdOf270(x12);
      expect(member, file).not.toBeNull();
      const routed = STANDIN_ROUTES[member!];
      expect(routed, `${file} (member ${member})`).toBeDefined();
      const result = await client.submitRealtime270({ x12 });
      expect(result.x12_271, file).toBe(readFileSync(path.join(SHARED_271_DIR, routed!), 'utf8'));
      // Node's form reader drops a leading byte-order mark (WHATWG decoding); the bytes on the
      // wire still carry the file exactly as read.
      const seen = standIn.requests().at(-1)!;
      expect(seen.fields.Payload, file).toBe(x12.replace(/^\uFEFF/, ''));
      expect(seen.rawBody.includes(Buffer.from(x12, 'utf8')), file).toBe(true);
    }
  });

  it('reads the member from a 270 whose segment terminator is 0x1D', () => {
    const x12 = readFileSync(
      path.join(SHARED_270_DIR, 'oopfactory_Example1_IG_5010_0x1D_terminator.270'),
      'utf8',
    );
    expect(memberIdOf270(x12)).toBe('11122333301');
  });

  it.each(Object.entries(STANDIN_ROUTES))('member %s gets %s', async (member, file) => {
    const result = await clientFor({ standIn }).submitRealtime270({ x12: x12For(member) });
    expect(result.x12_271).toBe(readFileSync(path.join(SHARED_271_DIR, file), 'utf8'));
  });

  it('answers an unknown member with a "subscriber not found" 271', async () => {
    const result = await clientFor({ standIn }).submitRealtime270({ x12: x12For('NOBODY42') });
    expect(result.x12_271).toMatch(/AAA\*N\*\*75\*C/);
  });
});

const TRANSIENT: [StandInFailure, string, RegExp][] = [
  ['http500', 'SERVER_ERROR', /its server reported a problem \(HTTP 500\)/],
  ['receiverDown', 'SERVER_ERROR', /insurer's system behind it is down/],
  ['serverBusy', 'RATE_LIMITED', /busy and asked ClinicDesk to slow down/],
  ['rateLimited', 'RATE_LIMITED', /busy and asked ClinicDesk to slow down/],
  ['reset', 'UNREACHABLE', /could not reach the clearinghouse \(the connection was cut\)/],
];

describe('failures, typed, with the right retries', () => {
  let standIn: ClearinghouseStandIn;
  beforeAll(async () => {
    standIn = await startClearinghouseStandIn({ dataDir: null, now: () => NOW });
  });
  afterAll(() => standIn.close());

  /** Runs one check with `failures` queued; returns the outcome and the requests it made. */
  async function run(input: { failures: StandInFailure[]; config?: Record<string, unknown> }) {
    const before = standIn.requests().length;
    for (const kind of input.failures) standIn.failNext(kind);
    const sleeps: number[] = [];
    const client = clientFor({ standIn, config: input.config, sleeps });
    const outcome = await client.submitRealtime270({ x12: x12For('R1') }).then(
      (result) => ({ result, error: null }),
      (error: unknown) => ({ result: null, error: error as ClearinghouseError }),
    );
    return { ...outcome, sent: standIn.requests().slice(before), sleeps };
  }

  it.each(TRANSIENT.map(([kind]) => kind))(
    '%s is retried and the next try succeeds',
    async (kind) => {
      const { result, sent } = await run({ failures: [kind] });
      expect(result?.attempts).toBe(2);
      expect(sent.map((r) => r.answer)).toEqual([kind, 'builtin']);
      expect(sent[0]!.fields.PayloadID).toBe(sent[1]!.fields.PayloadID);
    },
  );

  it.each(TRANSIENT)('%s every time → %s after 3 tries', async (kind, code, message) => {
    const { error, sent } = await run({ failures: [kind, kind, kind] });
    expect(sent).toHaveLength(3);
    expect(error).toMatchObject({ code, transient: true, attempts: 3 });
    expect(error!.message).toMatch(message);
    expect(error!.message).toMatch(/\(ClinicDesk tried 3 times\.\)$/);
  });

  it('honours Retry-After from the stand-in between tries', async () => {
    const busy = await run({ failures: ['serverBusy'] });
    expect(busy.sleeps).toEqual([1000]);
    const limited = await run({ failures: ['rateLimited'] });
    expect(limited.sleeps).toEqual([2000]);
    const plain = await run({ failures: ['http500', 'http500'] });
    expect(plain.sleeps).toEqual([375, 750]); // random 0.5: three quarters of 500, 1000
  });

  it.each([
    ['authFailure', 'AUTH_FAILED', /did not accept the clinic's user name and password/],
    ['envelopeError', 'REJECTED_ENVELOPE', /the sender ID is not valid/],
    [
      'x12Rejected',
      'REJECTED_ENVELOPE',
      /X12 270 itself did not pass its checks \(it answered with a 999/,
    ],
    ['garbage', 'BAD_RESPONSE', /cannot read \(it is not a CORE envelope\)/],
  ] as const)('%s → %s, not retried', async (kind, code, message) => {
    const { error, sent } = await run({ failures: [kind] });
    expect(sent).toHaveLength(1);
    expect(error).toMatchObject({ code, transient: false, attempts: 1 });
    expect(error!.message).toMatch(message);
  });

  it('a wrong password → AUTH_FAILED from the stand-in’s own check, once', async () => {
    const { error, sent } = await run({
      failures: [],
      config: { auth: { method: 'password', username: 'clinicdesk-test', password: 'Wr0ng-Pass' } },
    });
    expect(sent.map((r) => [r.answer, r.status])).toEqual([['UnAuthorized', 401]]);
    expect(error).toMatchObject({ code: 'AUTH_FAILED', coreErrorCode: 'UnAuthorized' });
  });

  it('a sender ID the clearinghouse does not know → REJECTED_ENVELOPE pointing to settings', async () => {
    const { error, sent } = await run({ failures: [], config: { senderId: 'SOMEONEELSE' } });
    expect(sent).toHaveLength(1);
    expect(error).toMatchObject({
      code: 'REJECTED_ENVELOPE',
      coreErrorCode: 'SenderIDIllegal',
      httpStatus: 400,
    });
    expect(error!.message).toMatch(/check the sender and receiver IDs/);
  });

  it('a stand-in that never answers → TIMEOUT after the limit, not retried', async () => {
    const { error, sent } = await run({ failures: ['hang'], config: { timeoutMs: 1000 } });
    expect(sent).toHaveLength(1);
    expect(error).toMatchObject({ code: 'TIMEOUT', transient: true, attempts: 1 });
    expect(error!.message).toBe(
      'The clearinghouse did not answer within 1 s; try again or verify the coverage by phone with the insurer.',
    );
  });

  it('a wrong path on the server → INVALID_CONFIG on the address', async () => {
    const url = standIn.url.replace('/core/realtime', '/core/batch');
    const { error } = await run({ failures: [], config: { url } });
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', field: 'url', httpStatus: 404 });
  });

  it('credentials never appear in any error', async () => {
    const kinds: StandInFailure[] = [
      'http500',
      'receiverDown',
      'serverBusy',
      'rateLimited',
      'garbage',
      'authFailure',
      'envelopeError',
      'x12Rejected',
      'reset',
    ];
    for (const kind of kinds) {
      const { error } = await run({ failures: [kind], config: { maxAttempts: 1 } });
      expect(error, kind).toBeInstanceOf(ClearinghouseError);
      for (const text of [error!.message, error!.detail, JSON.stringify(error), inspect(error)]) {
        expect(text, kind).not.toContain(STANDIN_DEFAULTS.password);
        expect(text, kind).not.toContain(STANDIN_DEFAULTS.username);
      }
    }
  });
});

describe('where the client refuses to connect', () => {
  it('refuses plain http to a host that is not this machine, before sending anything', () => {
    let error: unknown;
    try {
      createCoreClearinghouse({
        config: {
          url: 'http://clearinghouse.example.com/core/realtime',
          senderId: 'A',
          receiverId: 'B',
          auth: { method: 'password', username: 'u', password: 'p' },
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClearinghouseError);
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', field: 'url', transient: false });
    expect((error as Error).message).toMatch(
      /must start with https:\/\/ — plain http:\/\/ to clearinghouse\.example\.com would send/,
    );
  });

  it('a closed port → UNREACHABLE after every try', async () => {
    const gone = await startClearinghouseStandIn({ dataDir: null });
    await gone.close();
    const sleeps: number[] = [];
    const error = await failureOf(
      clientFor({ standIn: gone, sleeps }).submitRealtime270({ x12: x12For('R1') }),
    );
    expect(error).toMatchObject({ code: 'UNREACHABLE', transient: true, attempts: 3 });
    expect(error.message).toMatch(/\(the connection was refused\)/);
    expect(sleeps).toHaveLength(2);
  });
});
