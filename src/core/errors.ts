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

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  field?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
  toJSON(): ApiErrorBody {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export const notFound = (what: string, field?: string) =>
  new AppError('NOT_FOUND', `${what} was not found.`, field);

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}
