import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  containsInterval,
  intersect,
  isEmpty,
  merge,
  overlaps,
  subtract,
  widen,
  type Interval,
} from './interval';

const iv = (start: number, end: number): Interval => ({ start, end });
const length = (list: readonly Interval[]) => list.reduce((sum, i) => sum + (i.end - i.start), 0);
const covers = (list: readonly Interval[], p: number) =>
  list.some((i) => i.start <= p && p < i.end);

/** Sorted, every interval non-empty, and a real gap between neighbours (touching ones are merged). */
function expectNormalized(list: readonly Interval[]) {
  for (const [k, i] of list.entries()) {
    expect(i.end).toBeGreaterThan(i.start);
    if (k > 0) expect(i.start).toBeGreaterThan(list[k - 1]!.end);
  }
}

// Small integer endpoints: membership of half-open intervals only changes at integers, so checking
// every integer point in the range checks every point.
const LO = 0;
const HI = 60;
const rawInterval = fc
  .tuple(fc.integer({ min: LO, max: HI }), fc.integer({ min: LO, max: HI }))
  .map(([a, b]) => iv(a, b)); // may be empty or reversed on purpose
const rawList = fc.array(rawInterval, { maxLength: 8 });
const normalList = rawList.map((l) => merge(l));
const points = Array.from({ length: HI - LO + 3 }, (_, k) => LO - 1 + k);

describe('isEmpty and overlaps', () => {
  it('treats intervals as half-open [start, end)', () => {
    expect(isEmpty(iv(5, 5))).toBe(true);
    expect(isEmpty(iv(6, 5))).toBe(true);
    expect(isEmpty(iv(5, 6))).toBe(false);
    expect(overlaps(iv(0, 10), iv(5, 15))).toBe(true);
    expect(overlaps(iv(0, 10), iv(2, 3))).toBe(true);
    expect(overlaps(iv(0, 10), iv(10, 20))).toBe(false); // touching is not overlapping
    expect(overlaps(iv(10, 20), iv(0, 10))).toBe(false);
    expect(overlaps(iv(0, 10), iv(11, 20))).toBe(false);
  });
});

describe('merge', () => {
  it('sorts, joins overlapping and touching intervals, and drops empty ones', () => {
    expect(merge([iv(20, 30), iv(0, 10), iv(5, 12), iv(12, 15), iv(40, 40), iv(50, 45)])).toEqual([
      iv(0, 15),
      iv(20, 30),
    ]);
  });

  it('keeps an interval swallowed by another', () => {
    expect(merge([iv(0, 100), iv(10, 20), iv(30, 40)])).toEqual([iv(0, 100)]);
  });

  it('returns [] for no intervals', () => {
    expect(merge([])).toEqual([]);
  });

  it('does not change its input', () => {
    const input = [iv(5, 12), iv(0, 10)];
    merge(input);
    expect(input).toEqual([iv(5, 12), iv(0, 10)]);
  });

  it('returns a normalized list covering exactly the union of its input', () => {
    fc.assert(
      fc.property(rawList, (list) => {
        const m = merge(list);
        expectNormalized(m);
        for (const p of points) expect(covers(m, p)).toBe(covers(list, p));
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(rawList, (list) => {
        expect(merge(merge(list))).toEqual(merge(list));
      }),
    );
  });
});

describe('subtract', () => {
  it('cuts a hole out of the middle', () => {
    expect(subtract([iv(0, 100)], [iv(40, 60)])).toEqual([iv(0, 40), iv(60, 100)]);
  });

  it('trims either end and removes a whole interval', () => {
    expect(subtract([iv(0, 100)], [iv(-10, 10), iv(90, 110)])).toEqual([iv(10, 90)]);
    expect(subtract([iv(0, 10), iv(20, 30)], [iv(0, 10)])).toEqual([iv(20, 30)]);
    expect(subtract([iv(0, 100)], [iv(-1, 101)])).toEqual([]);
  });

  it('leaves touching intervals alone (half-open)', () => {
    expect(subtract([iv(10, 20)], [iv(0, 10), iv(20, 30)])).toEqual([iv(10, 20)]);
  });

  it('handles one removal spanning several intervals and several removals in one interval', () => {
    expect(subtract([iv(0, 10), iv(20, 30), iv(40, 50)], [iv(5, 45)])).toEqual([
      iv(0, 5),
      iv(45, 50),
    ]);
    expect(subtract([iv(0, 100)], [iv(10, 20), iv(30, 40), iv(50, 60)])).toEqual([
      iv(0, 10),
      iv(20, 30),
      iv(40, 50),
      iv(60, 100),
    ]);
  });

  it('with nothing to remove, or nothing to remove from', () => {
    expect(subtract([iv(0, 10)], [])).toEqual([iv(0, 10)]);
    expect(subtract([], [iv(0, 10)])).toEqual([]);
  });

  it('covers exactly the points in `from` and not in `remove`', () => {
    fc.assert(
      fc.property(normalList, normalList, (a, b) => {
        const d = subtract(a, b);
        expectNormalized(d);
        for (const p of points) expect(covers(d, p)).toBe(covers(a, p) && !covers(b, p));
      }),
    );
  });

  it('subtract(a, b) ∩ b is empty', () => {
    fc.assert(
      fc.property(normalList, normalList, (a, b) => {
        expect(intersect(subtract(a, b), b)).toEqual([]);
      }),
    );
  });

  it('subtract(a, b) ∪ (a ∩ b) is a, measured by total length and as a list', () => {
    fc.assert(
      fc.property(normalList, normalList, (a, b) => {
        const d = subtract(a, b);
        const i = intersect(a, b);
        expect(length(d) + length(i)).toBe(length(a));
        expect(merge([...d, ...i])).toEqual(a);
      }),
    );
  });

  it('subtracting the same list, or everything, leaves nothing', () => {
    fc.assert(
      fc.property(normalList, (a) => {
        expect(subtract(a, a)).toEqual([]);
        expect(subtract(a, [iv(LO - 1, HI + 1)])).toEqual([]);
        expect(subtract(a, [])).toEqual(a);
      }),
    );
  });
});

describe('intersect', () => {
  it('keeps the parts both lists cover', () => {
    expect(intersect([iv(0, 10), iv(20, 30)], [iv(5, 25)])).toEqual([iv(5, 10), iv(20, 25)]);
    expect(intersect([iv(0, 100)], [iv(10, 20), iv(30, 40)])).toEqual([iv(10, 20), iv(30, 40)]);
  });

  it('is empty for touching or disjoint lists', () => {
    expect(intersect([iv(0, 10)], [iv(10, 20)])).toEqual([]);
    expect(intersect([iv(0, 10)], [])).toEqual([]);
  });

  it('covers exactly the points in both, and is commutative', () => {
    fc.assert(
      fc.property(normalList, normalList, (a, b) => {
        const i = intersect(a, b);
        expectNormalized(i);
        expect(intersect(b, a)).toEqual(i);
        for (const p of points) expect(covers(i, p)).toBe(covers(a, p) && covers(b, p));
      }),
    );
  });

  it('a ∩ a is a', () => {
    fc.assert(
      fc.property(normalList, (a) => {
        expect(intersect(a, a)).toEqual(a);
      }),
    );
  });
});

describe('widen', () => {
  it('grows each interval at its start and end, then merges', () => {
    expect(widen([iv(10, 20), iv(40, 50)], 5, 10)).toEqual([iv(5, 30), iv(35, 60)]);
    // Grown into each other: 10–20 +10 after reaches 30, 40–50 −10 before reaches 30.
    expect(widen([iv(10, 20), iv(40, 50)], 10, 10)).toEqual([iv(0, 60)]);
  });

  it('by zero is merge', () => {
    fc.assert(
      fc.property(rawList, (l) => {
        expect(widen(l, 0, 0)).toEqual(merge(l));
      }),
    );
  });

  it('covers a point exactly when some interval, grown, covers it', () => {
    fc.assert(
      fc.property(normalList, fc.nat(10), fc.nat(10), (a, before, after) => {
        const w = widen(a, before, after);
        expectNormalized(w);
        for (const p of points) {
          expect(covers(w, p)).toBe(a.some((i) => i.start - before <= p && p < i.end + after));
        }
      }),
    );
  });
});

describe('containsInterval', () => {
  it('is true when one interval of the list holds the whole of x', () => {
    const list = [iv(0, 10), iv(20, 30)];
    expect(containsInterval(list, iv(0, 10))).toBe(true);
    expect(containsInterval(list, iv(2, 8))).toBe(true);
    expect(containsInterval(list, iv(25, 30))).toBe(true);
    expect(containsInterval(list, iv(5, 25))).toBe(false); // spans the gap
    expect(containsInterval(list, iv(28, 31))).toBe(false);
    expect(containsInterval([], iv(0, 1))).toBe(false);
  });
});
