import { describe, expect, it } from 'vitest';
import { predictGbt, trainGbt } from './gbt';
import { rocAuc } from './metrics';

/** A fixed pseudo-random sequence (mulberry32), so every run trains the same trees. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('trainGbt', () => {
  it('learns a step: rows with x0 > 5 are positive', () => {
    const x = Array.from({ length: 400 }, (_, i) => [i % 10, (i * 7) % 3]);
    const y = x.map((r) => (r[0]! > 5 ? 1 : 0));
    const m = trainGbt(x, y, { trees: 30, minLeaf: 5, lambda: 1 });
    expect(predictGbt(m, [9, 0])).toBeGreaterThan(0.9);
    expect(predictGbt(m, [2, 0])).toBeLessThan(0.1);
  });

  it('learns an interaction no single feature shows (x0 xor x1)', () => {
    const r = rng(7);
    const x = Array.from({ length: 2000 }, () => [r() < 0.5 ? 0 : 1, r() < 0.5 ? 0 : 1, r()]);
    const y = x.map((v) => (v[0] !== v[1] ? 1 : 0));
    const m = trainGbt(x, y, { trees: 40, maxDepth: 3, minLeaf: 10 });
    const auc = rocAuc(x.map((v, i) => ({ score: predictGbt(m, v), label: y[i]! })));
    expect(auc).toBeGreaterThan(0.99);
  });

  it('sends unknown values (NaN) their own way', () => {
    // Unknown x0 means positive; known x0 means negative whatever its value.
    const x = Array.from({ length: 600 }, (_, i) => [i % 3 === 0 ? NaN : i % 50]);
    const y = x.map((v) => (Number.isNaN(v[0]) ? 1 : 0));
    const m = trainGbt(x, y, { trees: 30, minLeaf: 5, lambda: 1 });
    expect(predictGbt(m, [NaN])).toBeGreaterThan(0.9);
    expect(predictGbt(m, [10])).toBeLessThan(0.1);
  });

  it('a noisy signal: better than chance, predictions in (0, 1), the base rate without signal', () => {
    const r = rng(11);
    const x = Array.from({ length: 3000 }, () => [r(), r()]);
    const y = x.map((v) => (r() < 0.1 + 0.3 * v[0]! ? 1 : 0));
    const m = trainGbt(x, y, { trees: 50, minLeaf: 50 });
    const auc = rocAuc(x.map((v, i) => ({ score: predictGbt(m, v), label: y[i]! })));
    expect(auc).toBeGreaterThan(0.6);
    const flat = trainGbt(
      x,
      x.map((_, i) => (i % 4 === 0 ? 1 : 0)),
      { trees: 1, maxDepth: 0 },
    );
    expect(predictGbt(flat, [0.5, 0.5])).toBeCloseTo(0.25, 2);
  });

  it('survives JSON: the stored model scores the same', () => {
    const x = Array.from({ length: 300 }, (_, i) => [i % 3 === 0 ? NaN : i % 17, i % 5]);
    const y = x.map((v, i) => (Number.isNaN(v[0]) || i % 7 === 0 ? 1 : 0));
    const m = trainGbt(x, y, { trees: 10, minLeaf: 5 });
    const back = JSON.parse(JSON.stringify(m)) as typeof m;
    for (const row of [
      [NaN, 1],
      [3, 4],
      [16, 0],
    ])
      expect(predictGbt(back, row)).toBe(predictGbt(m, row));
  });

  it('refuses rows of the wrong width and mismatched labels', () => {
    const m = trainGbt([[1], [2]], [0, 1], { trees: 1, minLeaf: 1 });
    expect(() => predictGbt(m, [1, 2])).toThrow('The model reads 1 features; this row has 2.');
    expect(() => trainGbt([[1]], [0, 1])).toThrow();
  });
});
