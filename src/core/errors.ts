/**
 * The only way a handler fails. `message` is written for the receptionist ("Dr. Patel already has
 * an appointment at 9:30"), `field` names the input field at fault (dotted path) when there is one.
 */
export const ERROR_STATUS = {
  VALIDATION: 400,
  /** No session, an expired or forged one, or a wrong password: sign in (again). */
  UNAUTHENTICATED: 401,
  /** Signed in, but this role may not do this. */
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  OUTSIDE_HOURS: 422,
  RULE: 422,
  UNKNOWN_OPERATION: 404,
  /** The screen locked after idle time: unlock with the password or PIN (the screen is kept). */
  LOCKED: 423,
  BUSY: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * What a refusal carries besides its sentence, so the screen can offer the next step instead of
 * guessing: the next openings when a chosen slot was just taken, the provider rules a booking
 * breaks, the booked visits a schedule change would leave outside hours. JSON only.
 */
export type ErrorDetails = Record<string, unknown>;

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  field?: string;
  details?: ErrorDetails;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: ErrorDetails | undefined;
  constructor(code: ErrorCode, message: string, field?: string, details?: ErrorDetails) {
    super(message);
    this.code = code;
    this.field = field;
    this.details = details;
  }
  toJSON(): ApiErrorBody {
    const body: ApiErrorBody = { code: this.code, message: this.message };
    if (this.field !== undefined) body.field = this.field;
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

export const notFound = (what: string, field?: string) =>
  new AppError('NOT_FOUND', `${what} was not found.`, field);

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}
