import { describe, expect, it } from 'vitest';
import { calibrationByDecile, prAuc, rocAuc } from './metrics';

const rows = (pairs: [number, number][]) => pairs.map(([score, label]) => ({ score, label }));

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one, 0.5 for all ties', () => {
    expect(
      rocAuc(
        rows([
          [0.1, 0],
          [0.2, 0],
          [0.8, 1],
          [0.9, 1],
        ]),
      ),
    ).toBe(1);
    expect(
      rocAuc(
        rows([
          [0.9, 0],
          [0.8, 0],
          [0.2, 1],
          [0.1, 1],
        ]),
      ),
    ).toBe(0);
    expect(
      rocAuc(
        rows([
          [0.5, 0],
          [0.5, 1],
          [0.5, 0],
          [0.5, 1],
        ]),
      ),
    ).toBe(0.5);
  });

  it('counts pairs by hand: 3 positives × 2 negatives, 4.5 pairs ordered right', () => {
    // Positives 0.9, 0.4, 0.3; negatives 0.4, 0.2. Pairs: (0.9>0.4) (0.9>0.2) (0.4=0.4 half)
    // (0.4>0.2) (0.3<0.4) (0.3>0.2) = 1 + 1 + 0.5 + 1 + 0 + 1 = 4.5 of 6.
    expect(
      rocAuc(
        rows([
          [0.9, 1],
          [0.4, 1],
          [0.3, 1],
          [0.4, 0],
          [0.2, 0],
        ]),
      ),
    ).toBeCloseTo(0.75, 12);
  });

  it('is NaN without both classes', () => {
    expect(
      rocAuc(
        rows([
          [0.1, 1],
          [0.2, 1],
        ]),
      ),
    ).toBeNaN();
  });
});

describe('prAuc', () => {
  it('is 1 when every no-show comes first', () => {
    expect(
      prAuc(
        rows([
          [0.9, 1],
          [0.8, 1],
          [0.1, 0],
        ]),
      ),
    ).toBe(1);
  });

  it('averages precision at each no-show by hand', () => {
    // Ranked: 1 (p=1/1), 0, 1 (p=2/3), 0 → AP = (1 + 2/3) / 2.
    expect(
      prAuc(
        rows([
          [0.9, 1],
          [0.8, 0],
          [0.7, 1],
          [0.1, 0],
        ]),
      ),
    ).toBeCloseTo(5 / 6, 12);
  });
});

describe('calibrationByDecile', () => {
  it('cuts sorted rows into ten equal groups with mean prediction and observed rate', () => {
    const data = Array.from({ length: 100 }, (_, i) => ({
      score: i / 100,
      label: i % 10 === 9 ? 1 : 0,
    }));
    const table = calibrationByDecile(data);
    expect(table).toHaveLength(10);
    expect(table[0]).toMatchObject({ decile: 1, count: 10, observedRate: 0.1 });
    expect(table[0]!.meanPredicted).toBeCloseTo(0.045, 12);
    expect(table[9]!.meanPredicted).toBeCloseTo(0.945, 12);
  });
});
