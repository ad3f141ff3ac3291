import { mulberry32 } from '../../shared/mulberry32.js';

/** Small seeded pseudo-random generator (mulberry32): deterministic, fast, good enough for sampling. */
export interface Prng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

export function createPrng(seed: number): Prng {
  const next = mulberry32(seed);
  return { next, int: (n) => Math.floor(next() * n) };
}

/** Fisher–Yates shuffle of 0..n-1 in a typed array. */
export function shuffledIndices(n: number, prng: Prng): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = prng.int(i + 1);
    const tmp = idx[i];
    idx[i] = idx[j];
    idx[j] = tmp;
  }
  return idx;
}

/** Split 0..n-1 into a held-out part (`fraction` of n, at least 1 when n > 1) and the rest, seeded. */
export function holdOutSplit(n: number, fraction: number, seed: number): { fit: Uint32Array; holdOut: Uint32Array } {
  const idx = shuffledIndices(n, createPrng(seed));
  const k = n > 1 ? Math.min(n - 1, Math.max(1, Math.round(n * fraction))) : 0;
  return { holdOut: idx.slice(0, k).sort(), fit: idx.slice(k).sort() };
}
