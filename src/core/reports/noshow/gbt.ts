/**
 * Gradient-boosted decision trees for a yes/no outcome (logistic loss), histogram-based like
 * LightGBM: every feature is cut into at most `maxBins` quantile bins once, and each split search
 * sums gradients per bin instead of sorting rows.
 *
 * Why our own: the JavaScript libraries on npm do not fit. `ml-xgboost` is an unmaintained
 * Emscripten build of a 2017 XGBoost; `ml-cart` / `ml-random-forest` grow exact CART trees (a sort
 * per node, minutes on 100k rows) and do no boosting; `ml-logistic-regression` is one-vs-all
 * plain gradient descent with a fixed step and no regularisation (it reaches about 0.72 AUC here
 * at best, below the 0.73 the clinic's bench asks for); TensorFlow.js is tens of megabytes for one
 * small table. This is about 200 lines, deterministic, and a trained model is plain JSON that
 * scores a booking in microseconds (a few hundred comparisons), so the call queue can score every
 * row on each read.
 *
 * Missing values (NaN) go to the left branch of every split, so "unknown" is learnt as its own
 * bin rather than imputed.
 */

export interface GbtOptions {
  trees: number;
  maxDepth: number;
  learningRate: number;
  /** Fewest rows in a leaf. */
  minLeaf: number;
  /** L2 penalty on leaf values (XGBoost's lambda). */
  lambda: number;
  maxBins: number;
}

export const DEFAULT_GBT: GbtOptions = {
  trees: 120,
  maxDepth: 4,
  learningRate: 0.08,
  minLeaf: 40,
  lambda: 20,
  maxBins: 48,
};

/** A node: a split (x[feature] <= threshold or NaN → left) or a leaf (value in log-odds). */
export type GbtNode =
  { feature: number; threshold: number; left: number; right: number } | { leaf: number };

export interface GbtModel {
  kind: 'gbt';
  features: number;
  /** Log-odds of the training base rate. */
  base: number;
  /** Each tree as a flat node list; node 0 is the root. Leaf values already scaled. */
  trees: GbtNode[][];
}

/** Cut points per feature: values <= edges[k] fall in bin k + 1; bin 0 holds NaN. */
function binEdges(column: Float64Array, maxBins: number): number[] {
  const values = Array.from(column)
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => a - b);
  if (values.length === 0) return [];
  const distinct: number[] = [];
  for (const v of values) if (distinct[distinct.length - 1] !== v) distinct.push(v);
  if (distinct.length <= maxBins - 1) return distinct.slice(0, -1);
  const edges: number[] = [];
  for (let k = 1; k < maxBins - 1; k++) {
    const v = values[Math.floor((k * values.length) / (maxBins - 1))]!;
    // A cut between v and the next larger value, so every row equal to v lands left.
    if (edges[edges.length - 1] !== v && v !== distinct[distinct.length - 1]) edges.push(v);
  }
  return edges;
}

function binOf(edges: readonly number[], v: number): number {
  if (Number.isNaN(v)) return 0;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo + 1;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Trains on rows `x` (each of the same length) and labels `y` (1 = no-show). */
export function trainGbt(
  x: readonly (readonly number[])[],
  y: readonly number[],
  options: Partial<GbtOptions> = {},
): GbtModel {
  const o = { ...DEFAULT_GBT, ...options };
  const n = x.length;
  if (n === 0 || y.length !== n) throw new Error('trainGbt needs as many labels as rows, and rows');
  const f = x[0]!.length;
  const edges: number[][] = [];
  // Row-major bins (row r, feature j at r * f + j): one pass over a node's rows fills every
  // feature's histogram while the row is in cache.
  const bins = new Uint8Array(n * f);
  for (let j = 0; j < f; j++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = x[i]![j]!;
    const e = binEdges(col, Math.min(o.maxBins, 255));
    edges.push(e);
    for (let i = 0; i < n; i++) bins[i * f + j] = binOf(e, col[i]!);
  }
  let positives = 0;
  for (const v of y) positives += v;
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, positives / n));
  const base = Math.log(rate / (1 - rate));
  const score = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: GbtNode[][] = [];
  const rows = new Uint32Array(n);
  const ctx: GrowContext = { rows, bins, f, edges, g, h, o, score, nodes: [] };
  for (let t = 0; t < o.trees; t++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(score[i]!);
      g[i] = p - y[i]!;
      h[i] = Math.max(p * (1 - p), 1e-12);
      rows[i] = i;
    }
    ctx.nodes = [];
    grow(ctx, 0, n, 0);
    trees.push(ctx.nodes);
  }
  return { kind: 'gbt', features: f, base, trees };
}

interface GrowContext {
  rows: Uint32Array;
  bins: Uint8Array;
  f: number;
  edges: number[][];
  g: Float64Array;
  h: Float64Array;
  o: GbtOptions;
  /** Running scores: a finished leaf adds its value to its rows here. */
  score: Float64Array;
  nodes: GbtNode[];
}

function leafValue(G: number, H: number, o: GbtOptions): number {
  return (-G / (H + o.lambda)) * o.learningRate;
}

/**
 * Grows one node over rows[from, to) and returns its index. Rows are partitioned in place, so a
 * child sees a contiguous slice; a leaf adds its value to its rows' running scores.
 */
interface Histogram {
  g: Float64Array;
  h: Float64Array;
  c: Uint32Array;
}

/** Sums of gradients, hessians and counts per (feature, bin) over rows[from, to). */
function histogram(c: GrowContext, from: number, to: number): Histogram {
  const { rows, bins, f, g, h } = c;
  const hg = new Float64Array(f * 256);
  const hh = new Float64Array(f * 256);
  const hc = new Uint32Array(f * 256);
  for (let k = from; k < to; k++) {
    const r = rows[k]!;
    const gr = g[r]!;
    const hr = h[r]!;
    const at = r * f;
    for (let j = 0; j < f; j++) {
      const b = j * 256 + bins[at + j]!;
      hg[b] += gr;
      hh[b] += hr;
      hc[b]++;
    }
  }
  return { g: hg, h: hh, c: hc };
}

function grow(
  c: GrowContext,
  from: number,
  to: number,
  depth: number,
  given: Histogram | null = null,
): number {
  const { nodes, rows, bins, f, edges, g, h, o } = c;
  let G = 0;
  let H = 0;
  for (let k = from; k < to; k++) {
    G += g[rows[k]!]!;
    H += h[rows[k]!]!;
  }
  const index = nodes.length;
  const leaf = leafValue(G, H, o);
  nodes.push({ leaf });
  const count = to - from;
  const finish = () => {
    for (let k = from; k < to; k++) c.score[rows[k]!] = c.score[rows[k]!]! + leaf;
    return index;
  };
  if (depth >= o.maxDepth || count < 2 * o.minLeaf) return finish();
  const parentScore = (G * G) / (H + o.lambda);
  const hist = given ?? histogram(c, from, to);
  const { g: hg, h: hh, c: hc } = hist;
  let best = { gain: 1e-9, feature: -1, bin: -1 };
  for (let j = 0; j < f; j++) {
    const nb = edges[j]!.length + 1;
    if (nb < 2) continue;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    // Left = bins 0..b (NaN always left); the last bin cannot be a left side.
    for (let b = 0; b < nb; b++) {
      gl += hg[j * 256 + b]!;
      hl += hh[j * 256 + b]!;
      cl += hc[j * 256 + b]!;
      const cr = count - cl;
      if (cl < o.minLeaf) continue;
      if (cr < o.minLeaf) break;
      const gr = G - gl;
      const hr = H - hl;
      const gain = (gl * gl) / (hl + o.lambda) + (gr * gr) / (hr + o.lambda) - parentScore;
      if (gain > best.gain) best = { gain, feature: j, bin: b };
    }
  }
  if (best.feature === -1) return finish();
  // Partition rows[from, to) so bins <= best.bin come first.
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    if (bins[rows[lo]! * f + best.feature]! <= best.bin) lo++;
    else {
      const tmp = rows[lo]!;
      rows[lo] = rows[hi]!;
      rows[hi] = tmp;
      hi--;
    }
  }
  // Bin 0 is NaN; bin b >= 1 holds values <= edges[b - 1]. A split at bin 0 sends only NaN left
  // (-1e308 rather than -Infinity, which JSON would turn into null).
  const threshold = best.bin === 0 ? -Number.MAX_VALUE : edges[best.feature]![best.bin - 1]!;
  // The smaller child's histogram is summed; its sibling's is the parent's minus it (LightGBM's
  // trick), which halves the work of every level.
  let leftHist: Histogram | null = null;
  let rightHist: Histogram | null = null;
  if (depth + 1 < o.maxDepth) {
    const leftSmaller = lo - from <= to - lo;
    const small = leftSmaller ? histogram(c, from, lo) : histogram(c, lo, to);
    for (let k = 0; k < hg.length; k++) {
      hg[k] = hg[k]! - small.g[k]!;
      hh[k] = hh[k]! - small.h[k]!;
      hc[k] = hc[k]! - small.c[k]!;
    }
    leftHist = leftSmaller ? small : hist;
    rightHist = leftSmaller ? hist : small;
  }
  const left = grow(c, from, lo, depth + 1, leftHist);
  const right = grow(c, lo, to, depth + 1, rightHist);
  nodes[index] = { feature: best.feature, threshold, left, right };
  return index;
}

function predictTree(nodes: readonly GbtNode[], x: readonly number[]): number {
  let node = nodes[0]!;
  while (!('leaf' in node)) {
    const v = x[node.feature]!;
    node = nodes[Number.isNaN(v) || v <= node.threshold ? node.left : node.right]!;
  }
  return node.leaf;
}

/** The probability of the positive outcome (a no-show) for one row. */
export function predictGbt(model: GbtModel, x: readonly number[]): number {
  if (x.length !== model.features) {
    throw new Error(`The model reads ${model.features} features; this row has ${x.length}.`);
  }
  let z = model.base;
  for (const tree of model.trees) z += predictTree(tree, x);
  return sigmoid(z);
}
