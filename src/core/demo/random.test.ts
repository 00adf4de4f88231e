import { describe, expect, it } from 'vitest';
import { createRng } from './random';

const draw = (seed: number, n = 5) => {
  const r = createRng(seed);
  return Array.from({ length: n }, () => r.next());
};

describe('the seeded generator', () => {
  it('repeats itself for the same seed and differs for another', () => {
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('forks streams that depend only on the seed and the label', () => {
    const a = createRng(7);
    a.next();
    a.next();
    const b = createRng(7);
    expect(a.fork('patients').next()).toBe(b.fork('patients').next());
    expect(createRng(7).fork('patients').next()).not.toBe(createRng(7).fork('codes').next());
  });

  it('draws uniformly enough for picks and weights', () => {
    const r = createRng(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[r.int(0, 3)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    const w = { a: 0, b: 0 };
    for (let i = 0; i < 20_000; i++)
      w[r.weighted(['a', 'b'] as const, (k) => (k === 'a' ? 3 : 1))]++;
    expect(w.a / 20_000).toBeCloseTo(0.75, 1);
    expect(() => r.weighted([1, 2], () => 0)).toThrow('positive total weight');
  });
});
