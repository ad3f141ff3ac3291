import { mulberry32 } from '../shared/mulberry32.js';

/**
 * A small seeded PRNG (mulberry32) with the sampling helpers the generators need.
 * Same seed, same sequence, on every platform: synthetic logs are reproducible.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Standard normal sample (Box–Muller). */
  normal(): number;
  /** Poisson sample with mean `lambda`. */
  poisson(lambda: number): number;
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const normal = (): number => {
    const u = 1 - next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    normal,
    poisson: (lambda) => {
      if (lambda <= 0) return 0;
      // Normal approximation above 30 keeps large means cheap; Knuth's product method below.
      if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal()));
      const limit = Math.exp(-lambda);
      let k = 0;
      for (let p = next(); p > limit; p *= next()) k++;
      return k;
    },
  };
}

/** Derive an independent seed for a named stream (one per service), so files don't depend on each other. */
export function deriveSeed(seed: number, name: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A sampler over `items` with Zipf weights 1/rank^s: the first items are drawn far more often. */
export function zipfPicker<T>(rng: Rng, items: readonly T[], s = 1): () => T {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= items.length; rank++) {
    total += 1 / rank ** s;
    cumulative.push(total);
  }
  return () => {
    const target = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  };
}

/** A sampler over weighted choices: `weightedPicker(rng, [['a', 3], ['b', 1]])` gives 'a' three times as often. */
export function weightedPicker<T>(rng: Rng, choices: readonly (readonly [T, number])[]): () => T {
  const items = choices.map(([item]) => item);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, weight] of choices) cumulative.push((total += weight));
  return () => {
    const target = rng.next() * total;
    const index = cumulative.findIndex((c) => c > target);
    return items[index === -1 ? items.length - 1 : index];
  };
}
