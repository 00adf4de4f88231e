/**
 * The clearinghouse port: how ClinicDesk asks a clearinghouse "is this patient covered?" in real
 * time. One real implementation lives in `core.ts` (CAQH CORE connectivity over HTTP MIME
 * multipart); tests and the benchmark run it against `test/standins/clearinghouse.ts`.
 *
 * The port moves X12 text only: building the 270 and reading the 271 belong to the eligibility
 * builder and parser, so a payer's odd 271 never turns into a connection error here.
 */

export interface Realtime270Input {
  /** A complete X12 270 interchange (ISA … IEA), sent byte for byte as the CORE Payload. */
  x12: string;
  /**
   * CORE PayloadID (a UUID). Give one when the caller already recorded the inquiry under it;
   * otherwise a new one is made. Retries of the same inquiry reuse it so the clearinghouse's log
   * shows one inquiry tried twice, not two inquiries.
   */
  payloadId?: string;
}

/** The CORE envelope fields of the answer, as the clearinghouse sent them (for the audit row). */
export interface CoreEnvelopeFields {
  httpStatus: number;
  payloadType: string | null;
  processingMode: string | null;
  payloadId: string | null;
  timeStamp: string | null;
  senderId: string | null;
  receiverId: string | null;
  coreRuleVersion: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface Realtime271Result {
  /** The X12 271 interchange exactly as received. */
  x12_271: string;
  /** The PayloadID this inquiry was sent under (the clearinghouse's own is in `raw.payloadId`). */
  payloadId: string;
  /** When the answer arrived, epoch milliseconds (from the injected clock). */
  receivedMs: number;
  /** How many tries it took (1 when the first one answered). */
  attempts: number;
  raw: CoreEnvelopeFields;
}

export interface ClearinghousePort {
  submitRealtime270(input: Realtime270Input): Promise<Realtime271Result>;
}

export const CLEARINGHOUSE_ERROR_CODES = [
  'UNREACHABLE',
  'TIMEOUT',
  'AUTH_FAILED',
  'REJECTED_ENVELOPE',
  'BAD_RESPONSE',
  'RATE_LIMITED',
  'SERVER_ERROR',
  /** The clinic's clearinghouse settings are wrong (e.g. an http:// address to a remote host). */
  'INVALID_CONFIG',
  /** The caller handed the port something that is not a 270 (a programming error, not a payer's). */
  'INVALID_REQUEST',
] as const;

export type ClearinghouseErrorCode = (typeof CLEARINGHOUSE_ERROR_CODES)[number];

export interface ClearinghouseErrorInit {
  code: ClearinghouseErrorCode;
  /** For the receptionist: what happened and what to do now. Never holds credentials. */
  message: string;
  /** Trying again later may work (network down, payer down, busy); decides automatic retries. */
  transient: boolean;
  /** For the support log: HTTP status, CORE error code, the server's words (credentials removed). */
  detail?: string | undefined;
  httpStatus?: number | undefined;
  coreErrorCode?: string | undefined;
  /** Which settings field is at fault, for INVALID_CONFIG (dotted path). */
  field?: string | undefined;
  attempts?: number | undefined;
  /** How long the clearinghouse asked us to wait (HTTP Retry-After), when it said so. */
  retryAfterMs?: number | undefined;
}

export class ClearinghouseError extends Error {
  override readonly name = 'ClearinghouseError';
  readonly code: ClearinghouseErrorCode;
  readonly transient: boolean;
  readonly detail: string | undefined;
  readonly httpStatus: number | undefined;
  readonly coreErrorCode: string | undefined;
  readonly field: string | undefined;
  readonly attempts: number;
  readonly retryAfterMs: number | undefined;

  constructor(init: ClearinghouseErrorInit) {
    super(init.message);
    this.code = init.code;
    this.transient = init.transient;
    this.detail = init.detail;
    this.httpStatus = init.httpStatus;
    this.coreErrorCode = init.coreErrorCode;
    this.field = init.field;
    this.attempts = init.attempts ?? 0;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** The same error after `attempts` tries, with the count said in words when there were several. */
  afterAttempts(attempts: number): ClearinghouseError {
    const tried = attempts > 1 ? ` (ClinicDesk tried ${attempts} times.)` : '';
    return new ClearinghouseError({
      code: this.code,
      message: `${this.message}${tried}`,
      transient: this.transient,
      detail: this.detail,
      httpStatus: this.httpStatus,
      coreErrorCode: this.coreErrorCode,
      field: this.field,
      attempts,
      retryAfterMs: this.retryAfterMs,
    });
  }

  toJSON(): {
    code: ClearinghouseErrorCode;
    message: string;
    transient: boolean;
    field?: string;
  } {
    const body = { code: this.code, message: this.message, transient: this.transient };
    return this.field === undefined ? body : { ...body, field: this.field };
  }
}
