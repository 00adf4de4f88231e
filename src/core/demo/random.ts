/**
 * A small seeded pseudo-random generator for the demo clinic: the same seed gives the same clinic
 * on every machine, so a bug report that says "seed 20261124, now 2026-03-02T13:00Z" can be
 * reproduced exactly. Never use it for anything that must be unguessable (confirmation codes in
 * real bookings use node:crypto).
 *
 * The core is mulberry32 (Tommy Ettinger, public domain): 32 bits of state, full period 2^32,
 * plenty for a few hundred thousand draws. `fork(label)` gives an independent stream per part of
 * the generator (patients, appointments, …) derived from the root seed and the label only, so
 * changing how many numbers one part draws does not reshuffle every other part.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Whole number in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(list: readonly T[]): T;
  /** One item, with probability proportional to its weight (weights >= 0, not all 0). */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(list: readonly T[]): T[];
  /** An independent stream for a named part of the generator. */
  fork(label: string): Rng;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the label, then a murmur3 finalizer mixed with the seed: a well-spread 32-bit seed. */
function mixSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function createRng(seed: number): Rng {
  const next = mulberry32(mixSeed(seed, ''));
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(list: readonly T[]): T {
      if (list.length === 0) throw new RangeError('pick from an empty list');
      return list[Math.floor(next() * list.length)]!;
    },
    weighted<T>(items: readonly T[], weight: (item: T) => number): T {
      let total = 0;
      for (const it of items) total += weight(it);
      if (!(total > 0)) throw new RangeError('weighted pick needs a positive total weight');
      let r = next() * total;
      for (const it of items) {
        r -= weight(it);
        if (r < 0) return it;
      }
      // Rounding can leave r a hair above 0 after the last item.
      for (let i = items.length - 1; i >= 0; i--) if (weight(items[i]!) > 0) return items[i]!;
      return items[items.length - 1]!;
    },
    normal() {
      const u = 1 - next(); // (0, 1]: log(0) is -Infinity
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    shuffle<T>(list: readonly T[]): T[] {
      const out = [...list];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    fork: (label) => createRng(mixSeed(seed, label)),
  };
  return rng;
}
