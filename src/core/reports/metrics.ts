/**
 * Report arithmetic that needs no database: percentiles from a day histogram, rates, who asked
 * for a cancellation, and the zone's offset segments the SQL uses to find each visit's local day.
 * The service folder (service/reports.ts) aggregates in SQL and hands small tables to these.
 */
import { fromDayNumber, localToInstant, offsetAt } from '../time';

export const KEPT_STATUSES = ['arrived', 'in_room', 'completed'] as const;
/** Booked and still to happen (or never closed out). */
export const UPCOMING_STATUSES = ['booked', 'confirmed'] as const;

/** A share, or null when there is nothing to divide by (a report says "—", not 0 %). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/**
 * The p-th percentile (0–100) of whole-day values given as a histogram, by the nearest-rank
 * method: the smallest value with at least p % of the visits at or below it. Nearest rank keeps
 * the answer a whole number of days a manager can check by counting.
 */
export function percentileFromHistogram(
  histogram: readonly { value: number; count: number }[],
  p: number,
): number | null {
  const sorted = [...histogram].filter((h) => h.count > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((s, h) => s + h.count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const h of sorted) {
    seen += h.count;
    if (seen >= rank) return h.value;
  }
  return sorted[sorted.length - 1]!.value;
}

export type CancelParty = 'patient' | 'clinic' | 'provider' | 'unknown';

/** booking.ts records `cancelled_by` as "<who asked> (via <actor>)". */
export function cancelParty(cancelledBy: string | null): CancelParty {
  const who = (cancelledBy ?? '').split(' ')[0];
  return who === 'patient' || who === 'clinic' || who === 'provider' ? who : 'unknown';
}

/** A span of instants over which a zone's UTC offset is constant. */
export interface OffsetSegment {
  /** First instant of the segment (inclusive). */
  fromMs: number;
  offsetMs: number;
}

const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;

/**
 * The zone's offset segments between two instants: a handful per year (two DST changes). SQL adds
 * the segment's offset to `start_ms` and divides by a day to get the visit's local day number, so
 * a 09:00 visit is on its own date and in its 9 o'clock bucket on both sides of a DST change.
 *
 * Looked for a local day at a time: the offset at each local midnight comes from the day bounds
 * the rest of the report works out anyway (cached per day in time/zone.ts), and only a day whose
 * offset differs from the day before is searched, by halves, for the quarter hour of the change.
 * Probing the zone every few hours cost a year's report some 1,500 Intl look-ups on a cold start.
 * Two changes within one day that undo each other would be missed; no zone has them.
 */
export function offsetSegments(zone: string, fromMs: number, toMs: number): OffsetSegment[] {
  const out: OffsetSegment[] = [{ fromMs, offsetMs: offsetAt(zone, fromMs) * 60_000 }];
  const offsetMsAt = (t: number) => offsetAt(zone, t) * 60_000;
  let checkedMs = fromMs;
  let day = Math.floor((fromMs + out[0]!.offsetMs) / DAY_MS);
  while (checkedMs < toMs) {
    day += 1;
    const midnight = localToInstant(zone, fromDayNumber(day), 0);
    const t = Math.min(Math.max(midnight, checkedMs + 1), toMs);
    // The offset of the zone at local midnight, from the day's own bounds; at `toMs` (not a
    // midnight) it is looked up.
    const o = t === midnight ? day * DAY_MS - midnight : offsetMsAt(t);
    let last = out[out.length - 1]!;
    if (o !== last.offsetMs) {
      // One change or more before t: each found by halves on the quarter-hour grid (changes
      // fall on quarter hours), from the start of the segment it ends, where the offset is known.
      while (offsetMsAt(t) !== last.offsetMs) {
        let lo = Math.floor(last.fromMs / QUARTER_MS);
        let hi = Math.ceil(t / QUARTER_MS);
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (offsetMsAt(mid * QUARTER_MS) === last.offsetMs) lo = mid;
          else hi = mid;
        }
        const changeMs = Math.min(hi * QUARTER_MS, t);
        out.push({ fromMs: changeMs, offsetMs: offsetMsAt(changeMs) });
        last = out[out.length - 1]!;
      }
    }
    checkedMs = t;
  }
  return out;
}

/** `CASE` expression giving the zone offset (ms) of the instant in `column`; numbers only. */
export function offsetSql(column: string, segments: readonly OffsetSegment[]): string {
  if (segments.length === 1) return String(segments[0]!.offsetMs);
  const whens = segments
    .slice(1)
    .map((s, i) => `WHEN ${column} < ${s.fromMs} THEN ${segments[i]!.offsetMs}`)
    .join(' ');
  return `(CASE ${whens} ELSE ${segments[segments.length - 1]!.offsetMs} END)`;
}

/** A span of instants whose visits all fall in one local bucket (one local day, or one hour). */
export interface LocalSpan {
  fromMs: number;
  toMs: number;
  /** Local day or hour number since 1970-01-01 00:00 local: `(instant + offset) / bucketMs`. */
  bucket: number;
}

/**
 * [fromMs, toMs) cut wherever the local day (or hour) changes, given the zone's offset segments:
 * the bucket of every instant in a span is the one `offsetSql` would give it. A report probes the
 * index span by span and so groups a year of visits without sorting them by a computed key (that
 * sort was most of a report's time on the large clinic). On the autumn DST change the repeated
 * 01:00 hour is one span two hours long.
 */
export function localSpans(
  segments: readonly OffsetSegment[],
  fromMs: number,
  toMs: number,
  bucketMs: number,
): LocalSpan[] {
  const out: LocalSpan[] = [];
  segments.forEach((seg, i) => {
    const segEnd = Math.min(segments[i + 1]?.fromMs ?? toMs, toMs);
    let t = Math.max(seg.fromMs, fromMs);
    while (t < segEnd) {
      const bucket = Math.floor((t + seg.offsetMs) / bucketMs);
      const next = Math.min((bucket + 1) * bucketMs - seg.offsetMs, segEnd);
      const last = out[out.length - 1];
      if (last && last.bucket === bucket && last.toMs === t) last.toMs = next;
      else out.push({ fromMs: t, toMs: next, bucket });
      t = next;
    }
  });
  return out;
}
