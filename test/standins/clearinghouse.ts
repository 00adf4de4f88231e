/**
 * A local stand-in for a CAQH CORE (vC2.2.0) real-time clearinghouse: it speaks the HTTP MIME
 * multipart envelope, checks the fields and the login the way a real one does, and answers the
 * 270 with a real 271 from the shared corpus (`../shared/data/x12/271/`, read at run time, never
 * copied), chosen by the subscriber's member ID (NM1*IL … MI*<id>). Without the shared folder it
 * answers a small built-in 271, so it works on any clone.
 *
 * It deliberately shares no envelope code with the client: the request is read with Node's own
 * multipart reader (Request.formData(), which is strict about CRLF and boundaries, so a body our
 * encoder got wrong is refused here) and the answer is written by hand below. A bug in the
 * client's encoder or parser therefore cannot hide behind the same bug on this side.
 *
 * Controls: `failNext(kind, times)` makes the next requests fail in a chosen way, `requests()`
 * shows what arrived, `close()` ends everything (hanging requests included). Listens on
 * 127.0.0.1, port 0; handles concurrent requests, so the benchmark can use it too.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const STANDIN_PATH = '/core/realtime';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the corpus 271s live on a machine that has the shared data. */
export const SHARED_271_DIR = path.resolve(repoRoot, '../shared/data/x12/271');

/**
 * Member ID → corpus file. The first two are the member IDs in the corpus 270s
 * (`../shared/data/x12/270/`), so sending one of those files gets a matching kind of answer.
 */
export const STANDIN_ROUTES: Readonly<Record<string, string>> = {
  '11122333301': 'lfh_subscriber_tr3_example.271', // SMITH ROBERT, TR3 270 examples
  '00000000001': 'pokitdok_mockpayer_ded_oop_coins_innet_outnet.271', // DOE JOHN, MOCKPAYER
  '123456789': 'oopfactory_Example_3_1_2.271',
  '9UY4R33KV83': 'nodex12_cms_medicare_partAB_qmb_partD.271',
  NOTFOUND01: 'oopfactory_ValidationForSubscriberName.271', // AAA*72 / AAA*75
  INELIGIBLE01: 'lfh_aaa50_provider_ineligible.271', // AAA*50 provider not eligible
  TRYLATER01: 'oopfactory_ValidationForSource.271', // AAA*42 unable to respond now
};

/** What a payer says about a member it does not know: subscriber not found. */
export const STANDIN_UNKNOWN_MEMBER_FILE = 'oopfactory_ValidationForSubscriberName.271';

export type StandInFailure =
  /** HTTP 500 with a plain-text body. */
  | 'http500'
  /** HTTP 503 with a CORE envelope error "Receiver Down". */
  | 'receiverDown'
  /** HTTP 503 with a CORE envelope error "Server Busy" and Retry-After: 1. */
  | 'serverBusy'
  /** HTTP 429 with Retry-After: 2. */
  | 'rateLimited'
  /** Never answers (until close()). */
  | 'hang'
  /** HTTP 200 that claims to be multipart but is an HTML page. */
  | 'garbage'
  /** HTTP 401 with a CORE envelope error "UnAuthorized", whatever the login. */
  | 'authFailure'
  /** HTTP 400 with a CORE envelope error "SenderIDIllegal". */
  | 'envelopeError'
  /** HTTP 200 whose payload is an X12 999 rejecting the 270. */
  | 'x12Rejected'
  /** Drops the connection without answering. */
  | 'reset';

export interface StandInRequest {
  /** 1, 2, 3 … in order of arrival. */
  seq: number;
  contentType: string;
  /** The request body as received. */
  rawBody: Buffer;
  /** The form fields as Node's multipart reader saw them (Password included: it is a test). */
  fields: Record<string, string>;
  memberId: string | null;
  /** What the stand-in did: the corpus file or 'builtin', an envelope error code, a failure. */
  answer: string;
  status: number | null;
}

export interface ClearinghouseStandIn {
  /** http://127.0.0.1:<port>/core/realtime */
  url: string;
  failNext(kind: StandInFailure, times?: number): void;
  requests(): StandInRequest[];
  close(): Promise<void>;
}

export interface StandInOptions {
  username?: string;
  password?: string;
  /** The clinic's CORE SenderID the stand-in expects. */
  senderId?: string;
  /** The clearinghouse's own CORE ReceiverID. */
  receiverId?: string;
  /** Folder of 271 files; null forces the built-in 271. Defaults to the shared corpus. */
  dataDir?: string | null;
  /** Extra or replacement member ID → file routes. */
  routes?: Record<string, string>;
  /** Fixed clock for the answer's TimeStamp; defaults to the real one. */
  now?: () => number;
}

export const STANDIN_DEFAULTS = {
  username: 'clinicdesk-test',
  password: 'S3cret-Pa55word!',
  senderId: 'CLINICDESK01',
  receiverId: 'STANDINCH',
} as const;

export async function startClearinghouseStandIn(
  options: StandInOptions = {},
): Promise<ClearinghouseStandIn> {
  const settings = {
    username: options.username ?? STANDIN_DEFAULTS.username,
    password: options.password ?? STANDIN_DEFAULTS.password,
    senderId: options.senderId ?? STANDIN_DEFAULTS.senderId,
    receiverId: options.receiverId ?? STANDIN_DEFAULTS.receiverId,
    now: options.now ?? Date.now,
  };
  const dataDir = options.dataDir === undefined ? SHARED_271_DIR : options.dataDir;
  const corpus = dataDir !== null && existsSync(dataDir) ? dataDir : null;
  const routes = { ...STANDIN_ROUTES, ...options.routes };
  const fileCache = new Map<string, string>();
  const failures: StandInFailure[] = [];
  const recorded: StandInRequest[] = [];

  const answer271For = (memberId: string | null): { x12: string; source: string } => {
    if (corpus === null) return { x12: builtin271(memberId ?? 'UNKNOWN'), source: 'builtin' };
    const file = (memberId !== null && routes[memberId]) || STANDIN_UNKNOWN_MEMBER_FILE;
    let x12 = fileCache.get(file);
    if (x12 === undefined) {
      x12 = readFileSync(path.join(corpus, file), 'utf8');
      fileCache.set(file, x12);
    }
    return { x12, source: file };
  };

  const server = createServer((req, res) => {
    handle({ req, res }).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`stand-in fault: ${String(error)}`);
    });
  });

  async function handle({ req, res }: { req: IncomingMessage; res: ServerResponse }) {
    const body = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    const entry: StandInRequest = {
      seq: recorded.length + 1,
      contentType,
      rawBody: body,
      fields: {},
      memberId: null,
      answer: '',
      status: null,
    };
    recorded.push(entry);
    if (req.method !== 'POST' || req.url !== STANDIN_PATH) {
      entry.answer = 'not found';
      return sendText({ res, entry, status: 404, text: 'Not Found' });
    }
    const fields = await readForm({ body, contentType });
    if (fields === null) {
      entry.answer = 'unreadable multipart';
      return sendText({ res, entry, status: 400, text: 'Request body is not multipart/form-data' });
    }
    entry.fields = fields;
    entry.memberId = fields.Payload ? memberIdOf270(fields.Payload) : null;
    const failure = failures.shift();
    if (failure !== undefined) return fail({ res, entry, failure });
    const problem = envelopeProblem(fields);
    if (problem !== null) {
      entry.answer = problem;
      return sendEnvelope({
        res,
        entry,
        status: problem === 'UnAuthorized' ? 401 : 400,
        fields: errorFields(fields, problem),
      });
    }
    const { x12, source } = answer271For(entry.memberId);
    entry.answer = source;
    return sendEnvelope({
      res,
      entry,
      status: 200,
      fields: {
        ...answerHeader(fields),
        PayloadType: 'X12_271_Response_005010X279A1',
        ErrorCode: 'Success',
        ErrorMessage: '',
        Payload: x12,
      },
    });
  }

  /** The checks a CORE server makes, in the order it makes them; null when all pass. */
  function envelopeProblem(fields: Record<string, string>): string | null {
    if (fields.UserName !== settings.username || fields.Password !== settings.password) {
      return 'UnAuthorized';
    }
    const required: [string, (v: string) => boolean][] = [
      ['PayloadType', (v) => v === 'X12_270_Request_005010X279A1'],
      ['ProcessingMode', (v) => v === 'RealTime'],
      [
        'PayloadID',
        (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
      ],
      ['TimeStamp', (v) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v)],
      ['SenderID', (v) => v === settings.senderId],
      ['ReceiverID', (v) => v === settings.receiverId],
      ['CORERuleVersion', (v) => v === '2.2.0'],
      ['Payload', (v) => /^\uFEFF?\s*ISA/.test(v)],
    ];
    for (const [name, ok] of required) {
      const value = fields[name];
      if (value === undefined || value === '') return `${name}Required`;
      if (!ok(value)) return name === 'CORERuleVersion' ? 'VersionMismatch' : `${name}Illegal`;
    }
    return null;
  }

  function answerHeader(fields: Record<string, string>): Record<string, string> {
    return {
      ProcessingMode: 'RealTime',
      PayloadID: fields.PayloadID ?? '',
      TimeStamp: new Date(settings.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      SenderID: settings.receiverId,
      ReceiverID: fields.SenderID ?? '',
      CORERuleVersion: '2.2.0',
    };
  }

  function errorFields(fields: Record<string, string>, code: string): Record<string, string> {
    return {
      ...answerHeader(fields),
      PayloadType: 'CoreEnvelopeError',
      ErrorCode: code,
      ErrorMessage: `Stand-in rejected the envelope: ${code}`,
    };
  }

  function fail(input: { res: ServerResponse; entry: StandInRequest; failure: StandInFailure }) {
    const { res, entry, failure } = input;
    entry.answer = failure;
    const fields = entry.fields;
    switch (failure) {
      case 'http500':
        return sendText({ res, entry, status: 500, text: 'Internal Server Error' });
      case 'receiverDown':
        return sendEnvelope({
          res,
          entry,
          status: 503,
          fields: errorFields(fields, 'Receiver Down'),
        });
      case 'serverBusy':
        return sendEnvelope({
          res,
          entry,
          status: 503,
          fields: errorFields(fields, 'Server Busy'),
          headers: { 'retry-after': '1' },
        });
      case 'rateLimited':
        return sendText({
          res,
          entry,
          status: 429,
          text: 'Too Many Requests',
          headers: { 'retry-after': '2' },
        });
      case 'hang':
        return; // the socket stays open until the client gives up or close() ends it
      case 'garbage':
        entry.status = 200;
        res.writeHead(200, { 'content-type': 'multipart/form-data; boundary=never-sent' });
        return res.end('<html><body>Gateway login required</body></html>');
      case 'authFailure':
        return sendEnvelope({
          res,
          entry,
          status: 401,
          fields: errorFields(fields, 'UnAuthorized'),
        });
      case 'envelopeError':
        return sendEnvelope({
          res,
          entry,
          status: 400,
          fields: errorFields(fields, 'SenderIDIllegal'),
        });
      case 'x12Rejected':
        return sendEnvelope({
          res,
          entry,
          status: 200,
          fields: {
            ...answerHeader(fields),
            PayloadType: 'X12_999_Response_005010X231A1',
            ErrorCode: 'Success',
            ErrorMessage: '',
            Payload: SAMPLE_999,
          },
        });
      case 'reset':
        return res.socket?.destroy();
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${STANDIN_PATH}`,
    failNext(kind, times = 1) {
      for (let i = 0; i < times; i++) failures.push(kind);
    },
    requests: () => recorded.map((r) => ({ ...r, fields: { ...r.fields } })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // ends hanging requests and idle keep-alive sockets
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Node's own multipart/form-data reader; null when it refuses the body. */
async function readForm(input: {
  body: Buffer;
  contentType: string;
}): Promise<Record<string, string> | null> {
  if (!/^multipart\/form-data\s*;/i.test(input.contentType)) return null;
  try {
    const form = await new Request('http://stand-in.invalid/', {
      method: 'POST',
      headers: { 'content-type': input.contentType },
      body: new Uint8Array(input.body),
    }).formData();
    const fields: Record<string, string> = {};
    for (const [name, value] of form) {
      fields[name] = typeof value === 'string' ? value : await value.text();
    }
    return fields;
  } catch {
    return null;
  }
}

function sendText(input: {
  res: ServerResponse;
  entry: StandInRequest;
  status: number;
  text: string;
  headers?: Record<string, string>;
}) {
  input.entry.status = input.status;
  input.res.writeHead(input.status, { 'content-type': 'text/plain', ...input.headers });
  input.res.end(input.text);
}

/** A CORE answer envelope, written by hand: CRLF line breaks, one form-data part per field. */
function sendEnvelope(input: {
  res: ServerResponse;
  entry: StandInRequest;
  status: number;
  fields: Record<string, string>;
  headers?: Record<string, string>;
}) {
  const boundary = `StandIn-${randomBytes(8).toString('hex')}`;
  let body = '';
  for (const [name, value] of Object.entries(input.fields)) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  body += `--${boundary}--\r\n`;
  input.entry.status = input.status;
  input.res.writeHead(input.status, {
    'content-type': `multipart/form-data; boundary=${boundary}`,
    ...input.headers,
  });
  input.res.end(Buffer.from(body, 'utf8'));
}

/**
 * The member ID of the 270's subscriber (NM1*IL, element 9), using the delimiters the ISA
 * declares: element separator at ISA position 3, segment terminator at 105 (the ISA is fixed
 * width). Handles "~", "~" plus line breaks, and the 0x1D terminator in the corpus.
 */
export function memberIdOf270(x12: string): string | null {
  const start = x12.indexOf('ISA');
  if (start < 0 || x12.length < start + 106) return null;
  const elementSeparator = x12[start + 3]!;
  const segmentTerminator = x12[start + 105]!;
  for (const segment of x12.slice(start).split(segmentTerminator)) {
    const elements = segment.trim().split(elementSeparator);
    if (elements[0] === 'NM1' && elements[1] === 'IL') {
      const id = elements[9]?.trim();
      return id ? id : null;
    }
  }
  return null;
}

/**
 * A small, valid 5010 271 (active coverage, health benefit plan coverage) for the given member,
 * used when the shared corpus is absent. ISA is fixed width (106 characters with its
 * terminator); SE01 counts ST through SE.
 */
export function builtin271(memberId: string): string {
  const id = /^[A-Za-z0-9-]{1,80}$/.test(memberId) ? memberId : 'UNKNOWN';
  const body = [
    'ST*271*0001*005010X279A1',
    'BHT*0022*11*STANDIN0001*20261125*1020',
    'HL*1**20*1',
    'NM1*PR*2*STAND-IN HEALTH PLAN*****PI*STANDIN',
    'HL*2*1*21*1',
    'NM1*1P*2*CLINICDESK TEST CLINIC*****XX*1234567893',
    'HL*3*2*22*0',
    `NM1*IL*1*DOE*JANE****MI*${id}`,
    'DMG*D8*19800101*F',
    'DTP*346*D8*20260101',
    'EB*1**30**STAND-IN GOLD PLAN',
  ];
  const segments = [
    'ISA*00*          *00*          *ZZ*STANDINCH      *ZZ*CLINICDESK01   *261125*1020*^*00501*000000001*0*T*:',
    'GS*HB*STANDINCH*CLINICDESK01*20261125*1020*1*X*005010X279A1',
    ...body,
    `SE*${body.length + 1}*0001`,
    'GE*1*1',
    'IEA*1*000000001',
  ];
  return `${segments.join('~\n')}~\n`;
}

/** A 999 rejecting a 270 (IK5*R): the clearinghouse's "your X12 is malformed" answer. */
const SAMPLE_999 = [
  'ISA*00*          *00*          *ZZ*STANDINCH      *ZZ*CLINICDESK01   *261125*1020*^*00501*000000002*0*T*:',
  'GS*FA*STANDINCH*CLINICDESK01*20261125*1020*2*X*005010X231A1',
  'ST*999*0001*005010X231A1',
  'AK1*HS*1*005010X279A1',
  'AK2*270*0001*005010X279A1',
  'IK5*R*5',
  'AK9*R*1*1*0',
  'SE*6*0001',
  'GE*1*2',
  'IEA*1*000000002',
].join('~\n');
