/**
 * Half-open intervals of instants [start, end) in epoch milliseconds, and the algebra the
 * availability engine is built from. Lists are kept sorted by start and non-overlapping
 * ("normalized"); every function here returns normalized lists.
 */
export interface Interval {
  start: number;
  end: number;
}

export function isEmpty(i: Interval): boolean {
  return i.end <= i.start;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Sort and merge touching or overlapping intervals; drops empty ones. */
export function merge(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) {
      if (i.end > last.end) last.end = i.end;
    } else {
      out.push({ start: i.start, end: i.end });
    }
  }
  return out;
}

/** `from` minus every interval in `remove`. Both must be normalized. */
export function subtract(from: readonly Interval[], remove: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const f of from) {
    let cursor = f.start;
    while (j < remove.length && remove[j]!.end <= cursor) j++;
    let k = j;
    while (k < remove.length && remove[k]!.start < f.end) {
      const r = remove[k]!;
      if (r.start > cursor) out.push({ start: cursor, end: r.start });
      if (r.end > cursor) cursor = r.end;
      if (cursor >= f.end) break;
      k++;
    }
    if (cursor < f.end) out.push({ start: cursor, end: f.end });
  }
  return out;
}

/** Parts covered by both lists. Both must be normalized. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (start < end) out.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return out;
}

/** Each interval grown by `before` ms at its start and `after` ms at its end, then merged. */
export function widen(intervals: readonly Interval[], before: number, after: number): Interval[] {
  return merge(intervals.map((i) => ({ start: i.start - before, end: i.end + after })));
}

export function containsInterval(list: readonly Interval[], x: Interval): boolean {
  return list.some((i) => i.start <= x.start && x.end <= i.end);
}
