/**
 * Combining detector scores. Each raw score is first normalised to 0–1 by the empirical CDF of
 * its training scores: piecewise linear between stored quantiles up to the 99.9th percentile
 * (0.5 means "as unusual as the median training row"), and above it an exponential tail
 * 1 − 0.001·e^(−(s − q99.9)/scale), scale = max − q99.9 of training, which keeps ordering scores
 * beyond everything seen instead of tying them at 1. Then the normalised scores are averaged with
 * weights. A missing component (e.g. no LSTM) drops out and the other weights are rescaled.
 */
import { quantile, sortedAscending } from './threshold.js';

export interface Normaliser {
  /** Probabilities of the knots, ascending from 0 to TAIL_PROB. */
  probs: number[];
  /** Score value at each probability. */
  values: number[];
  /** Scale of the exponential tail above the last knot. */
  tailScale: number;
}

const TAIL_PROB = 0.999;

const KNOT_PROBS: number[] = [...Array.from({ length: 20 }, (_, i) => i / 20), 0.96, 0.97, 0.98, 0.99, 0.995, TAIL_PROB];

export function createNormaliser(trainingScores: ArrayLike<number>): Normaliser {
  const sorted = sortedAscending(trainingScores);
  if (sorted.length === 0) return { probs: [0, TAIL_PROB], values: [0, 1], tailScale: 1 };
  const values = KNOT_PROBS.map((p) => quantile(sorted, p));
  const top = values[values.length - 1];
  const spread = Math.max(sorted[sorted.length - 1] - top, (top - values[0]) / 100);
  return { probs: [...KNOT_PROBS], values, tailScale: spread > 0 ? spread : 1e-9 };
}

export function normalise(n: Normaliser, score: number): number {
  const { probs, values } = n;
  if (!(score >= values[0])) return 0;
  const top = values[values.length - 1];
  if (score >= top) return 1 - (1 - probs[probs.length - 1]) * Math.exp(-(score - top) / n.tailScale);
  // Last knot at or below the score; ties (flat stretches) take the highest probability.
  let lo = 0;
  let hi = values.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= score) lo = mid;
    else hi = mid;
  }
  const span = values[hi] - values[lo];
  return span > 0 ? probs[lo] + ((score - values[lo]) / span) * (probs[hi] - probs[lo]) : probs[lo];
}

/**
 * The inverse of `normalise`: the score at which the normalised value reaches `p` (every score below it
 * normalises to at most `p`); −Infinity for p < 0, Infinity for p ≥ 1 (no score normalises to 1).
 */
export function scoreAt(n: Normaliser, p: number): number {
  const { probs, values } = n;
  if (p < 0) return -Infinity;
  if (p >= 1) return Infinity;
  const last = probs.length - 1;
  if (p >= probs[last]) return values[last] - n.tailScale * Math.log((1 - p) / (1 - probs[last]));
  let k = 0;
  while (probs[k + 1] <= p) k++;
  return values[k] + ((p - probs[k]) / (probs[k + 1] - probs[k])) * (values[k + 1] - values[k]);
}

/**
 * The forest's normalised component: its CDF-normalised score, raised towards 1 when the row lies
 * outside the training range (trees cannot isolate values beyond the range they were grown on):
 * max(cdf(score), 1 − e^(−excess)), excess in feature units (training standard deviations).
 */
export function forestComponent(n: Normaliser, score: number, excess: number): number {
  return Math.max(normalise(n, score), 1 - Math.exp(-Math.max(0, excess)));
}

export interface Components {
  forest: number | null;
  lstm: number | null;
  sequence: number | null;
}

export type EnsembleWeights = Record<keyof Components, number>;

export const DEFAULT_WEIGHTS: EnsembleWeights = { forest: 0.6, lstm: 0.4, sequence: 0 };

/** Weighted mean of the present (non-null) normalised components; 0 when none has weight. */
export function combine(components: Components, weights: EnsembleWeights): number {
  let sum = 0;
  let weight = 0;
  for (const key of ['forest', 'lstm', 'sequence'] as const) {
    const v = components[key];
    if (v === null || weights[key] <= 0) continue;
    sum += weights[key] * v;
    weight += weights[key];
  }
  return weight > 0 ? sum / weight : 0;
}
