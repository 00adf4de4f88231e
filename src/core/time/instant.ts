import { isLocalDate } from './localDate';

/**
 * Instants are epoch milliseconds (UTC) inside core and in the database, and ISO 8601 strings in
 * UTC ("2026-03-09T14:00:00.000Z") at the API boundary. Input may carry any offset; output is Z.
 */
export type EpochMs = number;

const ISO_INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseIsoInstant(value: string): EpochMs | null {
  if (!ISO_INSTANT_RE.test(value)) return null;
  // V8's Date.parse rolls "2026-02-30T10:00Z" over to 2 March instead of refusing it.
  if (!isLocalDate(value.slice(0, 10))) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

export function toIso(ms: EpochMs): string {
  return new Date(ms).toISOString();
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
