/**
 * Typed failures of the eligibility core. Every message is written for the receptionist or the
 * practice manager ("The file is empty — there is no eligibility response in it"), and names the
 * segment and its position when the fault is inside the X12 text, so a clearinghouse ticket can
 * quote it. The API layer maps these to its own `AppError('VALIDATION', …)`; this module does not
 * import the API so the dependency points one way (api -> eligibility).
 */

export type X12ErrorCode =
  /** Nothing but whitespace (or a byte-order mark). */
  | 'EMPTY_FILE'
  /** Does not start with ISA, or holds binary data. */
  | 'NOT_X12'
  /** The ISA header is cut short, has the wrong length or an unusable delimiter. */
  | 'BAD_ISA'
  /** 004010 or another version we do not read. */
  | 'UNSUPPORTED_VERSION'
  /** A 270 given where a 271 is expected, an 835, … */
  | 'WRONG_TRANSACTION'
  /** A segment that cannot be read (bad name, control characters, impossible HL structure). */
  | 'MALFORMED_SEGMENT'
  /** A required envelope segment (GS, ST, SE) is missing: the file was cut short. */
  | 'MISSING_SEGMENT'
  /** A 270 request could not be built from what was given (see `field`). */
  | 'INVALID_INPUT';

export interface X12ErrorBody {
  code: X12ErrorCode;
  message: string;
  /** 1-based position of the segment in the file (ISA = 1), when the fault is in a segment. */
  segment: number | null;
  /** The segment's name (EB, HL, …) when known. */
  segmentId: string | null;
  /** Dotted input field at fault, for INVALID_INPUT. */
  field: string | null;
}

export class X12Error extends Error {
  readonly code: X12ErrorCode;
  readonly segment: number | null;
  readonly segmentId: string | null;
  readonly field: string | null;

  constructor(
    code: X12ErrorCode,
    message: string,
    where: { segment?: number; segmentId?: string; field?: string } = {},
  ) {
    super(message);
    this.name = 'X12Error';
    this.code = code;
    this.segment = where.segment ?? null;
    this.segmentId = where.segmentId ?? null;
    this.field = where.field ?? null;
  }

  toJSON(): X12ErrorBody {
    return {
      code: this.code,
      message: this.message,
      segment: this.segment,
      segmentId: this.segmentId,
      field: this.field,
    };
  }
}

/** "segment 7 (EB): " — the prefix every in-file message starts with. */
export function at(segment: number, segmentId: string): string {
  return `segment ${segment} (${segmentId})`;
}

export const invalidInput = (field: string, message: string) =>
  new X12Error('INVALID_INPUT', message, { field });

/**
 * Tolerated oddities. The corpus has real files whose SE01 count is wrong, whose SE02 does not
 * repeat ST02, that end without GE/IEA, or that omit GS08/ST03: none of these changes what the
 * payer said about the patient, so refusing them would only send the receptionist to the phone.
 * They are reported here instead, for the log and for a "details" view.
 */
export type X12WarningCode =
  | 'SEGMENT_COUNT'
  | 'CONTROL_NUMBER_MISMATCH'
  | 'MISSING_TRAILER'
  | 'VERSION_MISSING'
  | 'VERSION_MIXED'
  | 'UNEXPECTED_SEGMENT'
  | 'BAD_VALUE'
  | 'UNKNOWN_CODE'
  | 'HL_STRUCTURE';

export interface X12Warning {
  code: X12WarningCode;
  message: string;
  /** 1-based position in the file, or null when the warning is about the whole file. */
  segment: number | null;
}
