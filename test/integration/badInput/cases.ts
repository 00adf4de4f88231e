/**
 * The shape of a bad-input case, and what every case table is given. Each domain keeps its table
 * in this folder (eligibility.ts, reminders.ts, calsync.ts …); badInput.http.test.ts merges them
 * and checks the merged table against registry.names(), so an operation without cases fails.
 */
import type { ERROR_STATUS } from '../../../src/core/errors';
import type { buildTinyClinic, TestApi } from '../../helpers/tinyClinic';

export type Kind = 'missing' | 'malformed' | 'range' | 'reference' | 'unknown';

export interface Case {
  kind: Kind;
  why: string;
  input: unknown;
  code: keyof typeof ERROR_STATUS;
  /** The field the error must name; null = the request as a whole is at fault. */
  field: string | null;
  /** What the message must say; defaults to the field's path. */
  mention?: RegExp;
}

/** The tiny clinic (test/helpers/tinyClinic.ts) with one booked appointment (apptId). */
export interface CaseContext {
  t: TestApi;
  c: ReturnType<typeof buildTinyClinic>;
  apptId: number;
  NO_SUCH: number;
}

export type CaseTable = Record<string, Case[]>;
