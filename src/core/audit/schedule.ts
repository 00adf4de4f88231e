/**
 * When nightly work is due. The job runner ticks every few minutes; a nightly job runs on the
 * first tick after 02:00 in the clinic's zone, or on the first tick after start-up when the PC
 * was off at 02:00 (a desk PC switched off overnight still gets its check in the morning).
 */
import { DateTime } from 'luxon';

/** The most recent `hour`:00 in `zone` at or before `now`. */
export function lastLocalHour(now: number, zone: string, hour: number): number {
  const local = DateTime.fromMillis(now, { zone });
  let at = local.set({ hour, minute: 0, second: 0, millisecond: 0 });
  if (at.toMillis() > now) at = at.minus({ days: 1 }).set({ hour, minute: 0, second: 0 });
  return at.toMillis();
}

/** Whether work last done at `lastMs` (null: never) is due again at `now`. */
export function nightlyDue(input: {
  now: number;
  zone: string;
  lastMs: number | null;
  hour?: number;
}): boolean {
  if (input.lastMs === null) return true;
  return input.lastMs < lastLocalHour(input.now, input.zone, input.hour ?? 2);
}
