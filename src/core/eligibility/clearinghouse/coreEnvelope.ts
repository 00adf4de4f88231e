/**
 * The CAQH CORE Connectivity Rule vC2.2.0 (Phase II) real-time envelope as HTTP MIME multipart
 * form fields, and what each CORE ErrorCode means for the front desk.
 *
 * The error code list follows the rule's envelope error codes: "Success", the
 * <Field>Required / <Field>Illegal pair for every envelope field, "VersionMismatch",
 * "UnAuthorized", "Receiver Down" and "Server Busy". Clearinghouses spell the last three several
 * ways ("ReceiverDown", "Unauthorized"), so codes are compared without case or spaces. A code not
 * in the list is judged by the HTTP status it came with.
 */
import {
  authFailed,
  rateLimited,
  redact,
  rejectedEnvelope,
  serverError,
  settingsWrong,
} from './failures';
import type { ClearinghouseError } from './port';

export const CORE_RULE_VERSION = '2.2.0';
export const PROCESSING_MODE_REAL_TIME = 'RealTime';
export const PAYLOAD_TYPE_270 = 'X12_270_Request_005010X279A1';
export const PAYLOAD_TYPE_271 = 'X12_271_Response_005010X279A1';
/** The payload type of an answer that only reports an envelope error. */
export const PAYLOAD_TYPE_ENVELOPE_ERROR = 'CoreEnvelopeError';
/** X12 acknowledgments a clearinghouse answers with when the 270 itself is malformed. */
export const PAYLOAD_TYPE_TA1 = 'X12_TA1_Response_00501X231A1';
export const PAYLOAD_TYPE_999 = 'X12_999_Response_005010X231A1';

/** Form field names, spelled as the rule spells them (case matters to some servers). */
export const CORE_FIELD = {
  payloadType: 'PayloadType',
  processingMode: 'ProcessingMode',
  payloadId: 'PayloadID',
  timeStamp: 'TimeStamp',
  userName: 'UserName',
  password: 'Password',
  senderId: 'SenderID',
  receiverId: 'ReceiverID',
  coreRuleVersion: 'CORERuleVersion',
  payload: 'Payload',
  errorCode: 'ErrorCode',
  errorMessage: 'ErrorMessage',
} as const;

export const CORE_SUCCESS = 'Success';

/** ISO 8601 UTC to the second, as the rule's examples write it: 2026-11-25T10:20:34Z. */
export function coreTimeStamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 4122 text form; the rule asks for a UUID as PayloadID. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** "Receiver Down", "ReceiverDown" and "receiverdown" are the same code. */
export function normalizeCoreCode(code: string): string {
  return code.replace(/[\s_-]/g, '').toLowerCase();
}

export function isCoreSuccess(code: string | null): boolean {
  return code === null || code.trim() === '' || normalizeCoreCode(code) === 'success';
}

/** Envelope fields named in <Field>Required / <Field>Illegal codes, in the receptionist's words. */
const ENVELOPE_FIELD_WORDS: Record<string, { words: string; settingsCanFix: boolean }> = {
  payloadtype: { words: 'the payload type', settingsCanFix: false },
  processingmode: { words: 'the processing mode', settingsCanFix: false },
  payloadid: { words: 'the request ID (PayloadID)', settingsCanFix: false },
  timestamp: { words: 'the time stamp', settingsCanFix: false },
  senderid: { words: 'the sender ID', settingsCanFix: true },
  receiverid: { words: 'the receiver ID', settingsCanFix: true },
  coreruleversion: { words: 'the CORE rule version', settingsCanFix: false },
  checksum: { words: 'the checksum', settingsCanFix: false },
  payloadlength: { words: 'the payload length', settingsCanFix: false },
  payload: { words: 'the X12 270 payload', settingsCanFix: false },
};

export interface CoreFailureInput {
  errorCode: string;
  errorMessage: string | null;
  httpStatus: number;
  retryAfterMs?: number | undefined;
  /** Credentials to cut out of anything the server wrote. */
  secrets: readonly string[];
}

/** The typed error for a non-Success CORE ErrorCode. */
export function coreFailure(input: CoreFailureInput): ClearinghouseError {
  const code = normalizeCoreCode(input.errorCode);
  const said = input.errorMessage ? `: ${input.errorMessage}` : '';
  const detail = redact(`HTTP ${input.httpStatus}, CORE ${input.errorCode}${said}`, input.secrets);
  const common = {
    detail,
    httpStatus: input.httpStatus,
    coreErrorCode: input.errorCode,
    retryAfterMs: input.retryAfterMs,
  };
  if (code === 'unauthorized') return authFailed(common);
  if (code === 'receiverdown') {
    return serverError({ ...common, what: "the insurer's system behind it is down" });
  }
  if (code === 'serverbusy') return rateLimited(common);
  if (code === 'versionmismatch') {
    return rejectedEnvelope({
      ...common,
      what: `it does not accept CORE rule version ${CORE_RULE_VERSION}`,
      settingsCanFix: false,
    });
  }
  const field = /^(.*)(required|illegal)$/.exec(code);
  const known = field ? ENVELOPE_FIELD_WORDS[field[1]!] : undefined;
  if (field && known) {
    const problem = field[2] === 'required' ? 'is missing' : 'is not valid';
    return rejectedEnvelope({
      ...common,
      what: `${known.words} ${problem}`,
      settingsCanFix: known.settingsCanFix,
    });
  }
  return httpFailure({
    httpStatus: input.httpStatus,
    detail,
    coreErrorCode: input.errorCode,
    retryAfterMs: input.retryAfterMs,
    fallback: `it answered with the error code "${redact(input.errorCode, input.secrets)}"`,
  });
}

/** The typed error for an HTTP status when the answer carries no usable CORE ErrorCode. */
export function httpFailure(input: {
  httpStatus: number;
  detail: string;
  coreErrorCode?: string;
  retryAfterMs?: number | undefined;
  /** What to say for a 4xx that has no meaning of its own. */
  fallback?: string;
}): ClearinghouseError {
  const { httpStatus: status } = input;
  const common = {
    detail: input.detail,
    httpStatus: status,
    coreErrorCode: input.coreErrorCode,
    retryAfterMs: input.retryAfterMs,
  };
  if (status === 401 || status === 403) return authFailed(common);
  if (status === 429) return rateLimited(common);
  if (status === 408 || status >= 500) {
    return serverError({ ...common, what: `its server reported a problem (HTTP ${status})` });
  }
  if (status === 404 || status === 405 || status === 410) {
    return settingsWrong({
      what: `The clearinghouse has no eligibility service at the address in Settings (HTTP ${status}).`,
      field: 'url',
      detail: input.detail,
      httpStatus: status,
    });
  }
  return rejectedEnvelope({
    ...common,
    what: input.fallback ?? `it answered HTTP ${status}`,
    settingsCanFix: false,
  });
}
