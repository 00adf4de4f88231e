/**
 * The real clearinghouse connection: CAQH CORE Connectivity Rule vC2.2.0 (Phase II), real-time
 * 270/271 over HTTP MIME multipart, user name/password variant.
 *
 * One inquiry = one POST of a multipart/form-data envelope (PayloadType
 * X12_270_Request_005010X279A1, ProcessingMode RealTime, PayloadID, TimeStamp, SenderID,
 * ReceiverID, CORERuleVersion 2.2.0, UserName, Password, Payload) answered by a multipart
 * envelope holding an X12_271_Response_005010X279A1 payload, or an error (CORE ErrorCode, HTTP
 * status, X12 TA1/999).
 *
 * Time limit: the rule gives the payer 20 s to answer a real-time inquiry; the clearinghouse
 * adds its own hop, so the client waits 30 s by default before telling the receptionist.
 *
 * Nothing here logs. Credentials go into the request body only, and are cut out of any server
 * text that ends up in an error.
 */
import { randomUUID } from 'node:crypto';
import {
  CORE_FIELD,
  CORE_RULE_VERSION,
  PAYLOAD_TYPE_270,
  PAYLOAD_TYPE_271,
  PAYLOAD_TYPE_999,
  PAYLOAD_TYPE_ENVELOPE_ERROR,
  PAYLOAD_TYPE_TA1,
  PROCESSING_MODE_REAL_TIME,
  coreFailure,
  coreTimeStamp,
  httpFailure,
  isCoreSuccess,
  isUuid,
  normalizeCoreCode,
} from './coreEnvelope';
import { parseClearinghouseConfig, type ClearinghouseConfig } from './config';
import {
  badResponse,
  redact,
  rejectedEnvelope,
  settingsWrong,
  timedOut,
  unreachable,
  untrustedCertificate,
} from './failures';
import { MultipartError, encodeMultipartForm, parseMultipart } from './multipart';
import {
  ClearinghouseError,
  type ClearinghousePort,
  type CoreEnvelopeFields,
  type Realtime270Input,
  type Realtime271Result,
} from './port';
import { isRetried, parseRetryAfter, waitBeforeRetryMs } from './retry';

/** A real-time 271 is a few kB; anything near this is not an eligibility answer. */
const MAX_ANSWER_BYTES = 5 * 1024 * 1024;

/** The slice of fetch the client uses; tests pass a fake that throws network errors. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface CoreClientDeps {
  /** Defaults to Node's global fetch. */
  fetch?: FetchLike;
  /** Epoch ms; stamps TimeStamp and `receivedMs`. Defaults to Date.now. */
  now?: () => number;
  /** Waits between tries; tests pass one that returns at once and records the delays. */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); jitter for the backoff. */
  random?: () => number;
  newPayloadId?: () => string;
}

/** Builds the port from one clinic's settings (checked here; INVALID_CONFIG if wrong). */
export function createCoreClearinghouse(input: {
  config: unknown;
  deps?: CoreClientDeps;
}): ClearinghousePort {
  const config = parseClearinghouseConfig(input.config);
  const deps = {
    fetch: input.deps?.fetch ?? ((url: string, init: RequestInit) => fetch(url, init)),
    now: input.deps?.now ?? Date.now,
    sleep: input.deps?.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    random: input.deps?.random ?? Math.random,
    newPayloadId: input.deps?.newPayloadId ?? randomUUID,
  } satisfies Required<CoreClientDeps>;
  return {
    submitRealtime270: (request) => submitWithRetries({ config, deps, request }),
  };
}

type Deps = Required<CoreClientDeps>;

async function submitWithRetries(input: {
  config: ClearinghouseConfig;
  deps: Deps;
  request: Realtime270Input;
}): Promise<Realtime271Result> {
  const { config, deps } = input;
  const x12 = checkedPayload(input.request.x12);
  const payloadId = checkedPayloadId(input.request.payloadId) ?? deps.newPayloadId();
  for (let attempt = 1; ; attempt++) {
    let failure: ClearinghouseError;
    try {
      const answer = await sendOnce({ config, deps, x12, payloadId });
      return { ...answer, payloadId, attempts: attempt };
    } catch (error) {
      failure = asClearinghouseError(error, secretsOf(config));
    }
    const wait =
      attempt < config.maxAttempts && isRetried(failure)
        ? waitBeforeRetryMs({ error: failure, failedAttempt: attempt, random: deps.random })
        : null;
    if (wait === null) throw failure.afterAttempts(attempt);
    await deps.sleep(wait);
  }
}

function checkedPayload(x12: unknown): string {
  // A byte-order mark or a blank line before ISA is common in files; the payer sees it as sent.
  if (typeof x12 !== 'string' || !/^\uFEFF?\s*ISA/.test(x12)) {
    throw new ClearinghouseError({
      code: 'INVALID_REQUEST',
      message:
        'The eligibility request is not an X12 270 (it must start with "ISA"). This is a ClinicDesk fault; please report it.',
      transient: false,
      field: 'x12',
    });
  }
  return x12;
}

function checkedPayloadId(payloadId: unknown): string | null {
  if (payloadId === undefined) return null;
  if (typeof payloadId === 'string' && isUuid(payloadId)) return payloadId;
  throw new ClearinghouseError({
    code: 'INVALID_REQUEST',
    message:
      'The eligibility request ID must be a UUID such as 3f2b8c1e-5a4d-4e8f-9b7a-2c1d0e9f8a7b. This is a ClinicDesk fault; please report it.',
    transient: false,
    field: 'payloadId',
  });
}

function secretsOf(config: ClearinghouseConfig): string[] {
  return [config.auth.password.reveal(), config.auth.username];
}

/** One POST, one answer; every failure comes out as a ClearinghouseError. */
async function sendOnce(input: {
  config: ClearinghouseConfig;
  deps: Deps;
  x12: string;
  payloadId: string;
}): Promise<Omit<Realtime271Result, 'payloadId' | 'attempts'>> {
  const { config, deps } = input;
  const envelope = encodeMultipartForm({
    fields: [
      { name: CORE_FIELD.payloadType, value: PAYLOAD_TYPE_270 },
      { name: CORE_FIELD.processingMode, value: PROCESSING_MODE_REAL_TIME },
      { name: CORE_FIELD.payloadId, value: input.payloadId },
      { name: CORE_FIELD.timeStamp, value: coreTimeStamp(deps.now()) },
      { name: CORE_FIELD.userName, value: config.auth.username },
      { name: CORE_FIELD.password, value: config.auth.password.reveal() },
      { name: CORE_FIELD.senderId, value: config.senderId },
      { name: CORE_FIELD.receiverId, value: config.receiverId },
      { name: CORE_FIELD.coreRuleVersion, value: CORE_RULE_VERSION },
      { name: CORE_FIELD.payload, value: input.x12 },
    ],
  });
  let status: number;
  let headers: Headers;
  let body: Uint8Array;
  try {
    const response = await deps.fetch(config.url, {
      method: 'POST',
      headers: { 'content-type': envelope.contentType, accept: 'multipart/form-data' },
      body: new Uint8Array(envelope.body),
      // The limit covers the answer's body too: a server that sends headers and then stalls
      // is still a timeout.
      signal: AbortSignal.timeout(config.timeoutMs),
      // A redirected POST would carry the login to wherever the redirect points.
      redirect: 'manual',
    });
    status = response.status;
    headers = response.headers;
    body = await readCapped(response);
  } catch (error) {
    throw transportFailure({ error, config });
  }
  const fields = interpretAnswer({ status, headers, body, config, now: deps.now() });
  return { x12_271: fields.payload, receivedMs: deps.now(), raw: fields.raw };
}

async function readCapped(response: Response): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_ANSWER_BYTES) throw tooLarge(declared);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > MAX_ANSWER_BYTES) throw tooLarge(bytes.byteLength);
  return bytes;
}

function tooLarge(bytes: number): ClearinghouseError {
  return badResponse({
    what: 'the answer is far too large for an eligibility response',
    detail: `${bytes} bytes`,
  });
}

const TLS_CODES =
  /^(CERT_|UNABLE_TO_(GET|VERIFY)|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was cut',
  EPIPE: 'the connection was cut',
  UND_ERR_SOCKET: 'the connection was cut',
  UND_ERR_CLOSED: 'the connection was cut',
  ENOTFOUND: 'its address could not be found on the network',
  EAI_AGAIN: 'its address could not be found on the network',
  ENETUNREACH: 'the network is unreachable',
  EHOSTUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection could not be opened in time',
  UND_ERR_CONNECT_TIMEOUT: 'the connection could not be opened in time',
};

/** fetch throws a TypeError whose `cause` carries the system error code. */
function transportFailure(input: { error: unknown; config: ClearinghouseConfig }) {
  const { error, config } = input;
  if (error instanceof ClearinghouseError) return error;
  if (isNamed(error, 'TimeoutError')) return timedOut(config.timeoutMs);
  const code = systemCode(error);
  const detail = redact(`${describe(error)}${code ? ` (${code})` : ''}`, secretsOf(config));
  if (code && TLS_CODES.test(code)) return untrustedCertificate(detail);
  return unreachable({
    reason: (code && NETWORK_REASONS[code]) || 'the connection failed',
    detail,
  });
}

function isNamed(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

function systemCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

interface AnswerFields {
  payload: string;
  raw: CoreEnvelopeFields;
}

/** Reads the HTTP answer: a 271, or the most specific error it allows. */
function interpretAnswer(input: {
  status: number;
  headers: Headers;
  body: Uint8Array;
  config: ClearinghouseConfig;
  now: number;
}): AnswerFields {
  const { status, headers, config } = input;
  const secrets = secretsOf(config);
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), input.now);
  if (status >= 300 && status < 400) {
    throw settingsWrong({
      what: `The clearinghouse address in Settings now points elsewhere (HTTP ${status} redirect); ClinicDesk does not follow it, so the clinic's login is not sent to an unknown place.`,
      field: 'url',
      detail: redact(`HTTP ${status} to ${headers.get('location') ?? '(no location)'}`, secrets),
      httpStatus: status,
    });
  }
  const envelope = readEnvelope({ headers, body: input.body });
  if (envelope === null || envelope instanceof MultipartError) {
    const why =
      envelope instanceof MultipartError ? envelope.message.replace(/\.$/, '') : 'not multipart';
    const detail = redact(`HTTP ${status}, ${why}; body starts: ${snippet(input.body)}`, secrets);
    if (status >= 200 && status < 300) {
      throw badResponse({ what: 'it is not a CORE envelope', detail, httpStatus: status });
    }
    throw httpFailure({ httpStatus: status, detail, retryAfterMs });
  }
  const raw = rawFields(envelope, status);
  if (!isCoreSuccess(raw.errorCode)) {
    throw coreFailure({
      errorCode: raw.errorCode!,
      errorMessage: raw.errorMessage,
      httpStatus: status,
      retryAfterMs,
      secrets,
    });
  }
  if (status < 200 || status >= 300) {
    throw httpFailure({
      httpStatus: status,
      detail: redact(`HTTP ${status}, PayloadType ${raw.payloadType ?? '(none)'}`, secrets),
      retryAfterMs,
    });
  }
  return { payload: checked271({ envelope, raw, secrets }), raw };
}

function readEnvelope(input: {
  headers: Headers;
  body: Uint8Array;
}): Map<string, string> | MultipartError | null {
  const contentType = input.headers.get('content-type') ?? '';
  if (!/^\s*multipart\//i.test(contentType)) return null;
  try {
    const fields = new Map<string, string>();
    for (const part of parseMultipart({ body: input.body, contentType })) {
      if (part.name === null) continue;
      if (fields.has(part.name)) {
        return new MultipartError(`The answer has the field ${part.name} twice.`);
      }
      fields.set(part.name, part.value);
    }
    return fields;
  } catch (error) {
    if (error instanceof MultipartError) return error;
    throw error;
  }
}

function rawFields(fields: Map<string, string>, httpStatus: number): CoreEnvelopeFields {
  const get = (name: string) => {
    const value = fields.get(name);
    return value === undefined ? null : value.trim();
  };
  return {
    httpStatus,
    payloadType: get(CORE_FIELD.payloadType),
    processingMode: get(CORE_FIELD.processingMode),
    payloadId: get(CORE_FIELD.payloadId),
    timeStamp: get(CORE_FIELD.timeStamp),
    senderId: get(CORE_FIELD.senderId),
    receiverId: get(CORE_FIELD.receiverId),
    coreRuleVersion: get(CORE_FIELD.coreRuleVersion),
    errorCode: get(CORE_FIELD.errorCode),
    errorMessage: get(CORE_FIELD.errorMessage),
  };
}

function checked271(input: {
  envelope: Map<string, string>;
  raw: CoreEnvelopeFields;
  secrets: readonly string[];
}): string {
  const { raw, secrets } = input;
  const type = raw.payloadType ?? '';
  const status = raw.httpStatus;
  const sameType = (expected: string) => normalizeCoreCode(type) === normalizeCoreCode(expected);
  if (sameType(PAYLOAD_TYPE_TA1) || sameType(PAYLOAD_TYPE_999)) {
    throw rejectedEnvelope({
      what: `the X12 270 itself did not pass its checks (it answered with ${type.includes('TA1') ? 'a TA1' : 'a 999'} acknowledgment)`,
      settingsCanFix: false,
      detail: redact(`HTTP ${status}, PayloadType ${type}`, secrets),
      httpStatus: status,
    });
  }
  if (!sameType(PAYLOAD_TYPE_271)) {
    const what =
      type === ''
        ? 'it has no payload type'
        : sameType(PAYLOAD_TYPE_ENVELOPE_ERROR)
          ? 'it reports an envelope error without an error code'
          : `it holds "${redact(type, secrets)}" instead of a 271`;
    throw badResponse({ what, detail: `HTTP ${status}, PayloadType ${type}`, httpStatus: status });
  }
  const payload = input.envelope.get(CORE_FIELD.payload) ?? '';
  if (!/^\uFEFF?\s*ISA/.test(payload)) {
    throw badResponse({
      what: payload.trim() === '' ? 'the 271 is empty' : 'the 271 does not start with ISA',
      detail: redact(`HTTP ${status}, Payload starts: ${payload.slice(0, 40)}`, secrets),
      httpStatus: status,
    });
  }
  return payload;
}

function snippet(body: Uint8Array): string {
  return Buffer.from(body.subarray(0, 120)).toString('utf8');
}

/** A ClearinghouseError from anything thrown while trying once (defensive: a bug is not a 500). */
function asClearinghouseError(error: unknown, secrets: readonly string[]): ClearinghouseError {
  if (error instanceof ClearinghouseError) return error;
  return badResponse({
    what: 'ClinicDesk failed while reading it',
    detail: redact(describe(error), secrets),
  });
}
