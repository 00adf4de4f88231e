/**
 * How good a risk score is, in the measures a reader of the model card expects: ROC AUC (the
 * chance a random no-show scores above a random kept visit, ties counting half), PR AUC (average
 * precision: the no-show class is the rare one, about 1 in 5) and a calibration table by decile
 * of predicted risk (does "30 %" mean 30 %?).
 */

export interface Scored {
  score: number;
  /** 1 = no-show. */
  label: number;
}

/** ROC AUC by ranks (Mann–Whitney U), ties getting their average rank. NaN without both classes. */
export function rocAuc(rows: readonly Scored[]): number {
  const sorted = [...rows].sort((a, b) => a.score - b.score);
  let pos = 0;
  let rankSum = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]!.score === sorted[i]!.score) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (sorted[k]!.label === 1) {
        pos++;
        rankSum += avgRank;
      }
    }
    i = j + 1;
  }
  const neg = sorted.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Average precision: the mean of precision at each no-show, riskiest first (ties taken together). */
export function prAuc(rows: readonly Scored[]): number {
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  const total = sorted.reduce((s, r) => s + r.label, 0);
  if (total === 0) return NaN;
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    let groupPos = 0;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) {
      groupPos += sorted[j]!.label;
      j++;
    }
    tp += groupPos;
    seen += j - i;
    ap += (groupPos / total) * (tp / seen);
    i = j;
  }
  return ap;
}

export interface CalibrationRow {
  decile: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** Rows sorted by score and cut into ten groups of (nearly) equal size; decile 1 = lowest risk. */
export function calibrationByDecile(rows: readonly Scored[]): CalibrationRow[] {
  const sorted = [...rows].sort((a, b) => a.score - b.score);
  const out: CalibrationRow[] = [];
  for (let d = 0; d < 10; d++) {
    const from = Math.floor((d * sorted.length) / 10);
    const to = Math.floor(((d + 1) * sorted.length) / 10);
    if (to <= from) continue;
    let p = 0;
    let y = 0;
    for (let k = from; k < to; k++) {
      p += sorted[k]!.score;
      y += sorted[k]!.label;
    }
    out.push({
      decile: d + 1,
      count: to - from,
      meanPredicted: p / (to - from),
      observedRate: y / (to - from),
    });
  }
  return out;
}
