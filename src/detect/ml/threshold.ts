/**
 * Thresholds tuned on held-out normal data for a target false-positive rate.
 *
 * The threshold for FPR α is the (1 − α) quantile of the held-out scores, using linear
 * interpolation between order statistics (Hyndman & Fan type 7, the R and NumPy default):
 * with sorted scores x_1 ≤ … ≤ x_n, h = (n − 1)p, the quantile is
 * x_{⌊h⌋+1} + (h − ⌊h⌋)(x_{⌊h⌋+2} − x_{⌊h⌋+1}). A score is anomalous when it is strictly
 * above the threshold, so on the held-out data at most about α of the scores are flagged
 * (fewer when many scores tie at the threshold).
 */
export type Sensitivity = 'low' | 'medium' | 'high';

export const SENSITIVITY_FPR: Record<Sensitivity, number> = { low: 0.001, medium: 0.01, high: 0.05 };

export interface ThresholdOptions {
  fpr: number;
  /** Learn one threshold per hour of day (UTC) where the hour has enough held-out scores. */
  perHour: boolean;
  /** Fewest held-out scores an hour needs for its own threshold. */
  minPerHour: number;
}

export const DEFAULT_THRESHOLD: ThresholdOptions = { fpr: 0.01, perHour: false, minPerHour: 200 };

export interface Thresholds {
  fpr: number;
  global: number;
  /** 24 entries; null where the hour falls back to the global threshold. */
  perHour: (number | null)[] | null;
  /** The global threshold for each sensitivity, from the same held-out scores (chosen again at scan time). */
  bySensitivity?: Record<Sensitivity, number>;
}

/** Type-7 quantile of ascending `sorted` at probability p in [0, 1]. NaN for an empty input. */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function sortedAscending(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

export function thresholdForFpr(normalScores: ArrayLike<number>, fpr: number): number {
  if (!(fpr > 0 && fpr < 1)) throw new Error(`a false-positive rate must be between 0 and 1, got ${fpr}`);
  return quantile(sortedAscending(normalScores), 1 - fpr);
}

/**
 * Thresholds from held-out normal scores. `hours` (0–23, one per score) is needed only with
 * `perHour`. With no scores at all the threshold is +Infinity: nothing is flagged.
 */
export function tuneThresholds(
  scores: ArrayLike<number>,
  hours: ArrayLike<number> | null,
  options: Partial<ThresholdOptions> = {},
): Thresholds {
  const opts = { ...DEFAULT_THRESHOLD, ...options };
  const global = scores.length > 0 ? thresholdForFpr(scores, opts.fpr) : Infinity;
  const bySensitivity = Object.fromEntries(
    (Object.keys(SENSITIVITY_FPR) as Sensitivity[]).map((s) => [s, scores.length > 0 ? thresholdForFpr(scores, SENSITIVITY_FPR[s]) : Infinity]),
  ) as Record<Sensitivity, number>;
  if (!opts.perHour || !hours) return { fpr: opts.fpr, global, perHour: null, bySensitivity };
  const byHour: number[][] = Array.from({ length: 24 }, () => []);
  for (let i = 0; i < scores.length; i++) byHour[hours[i]]?.push(scores[i]);
  const perHour = byHour.map((s) => (s.length >= opts.minPerHour ? thresholdForFpr(s, opts.fpr) : null));
  return { fpr: opts.fpr, global, perHour, bySensitivity };
}

/** The thresholds for another sensitivity (one global threshold), or null for a model that did not record them. */
export function atSensitivity(t: Thresholds, sensitivity: Sensitivity): Thresholds | null {
  const global = t.bySensitivity?.[sensitivity];
  return global === undefined ? null : { fpr: SENSITIVITY_FPR[sensitivity], global, perHour: null, bySensitivity: t.bySensitivity };
}

export function thresholdAt(t: Thresholds, hour?: number): number {
  const own = hour === undefined ? null : (t.perHour?.[hour] ?? null);
  return own ?? t.global;
}

export function exceeds(t: Thresholds, score: number, hour?: number): boolean {
  return score > thresholdAt(t, hour);
}

/** Thresholds as JSON: Infinity is not valid JSON, so it is written as null. */
export function thresholdsToJson(t: Thresholds) {
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const by = t.bySensitivity
    ? { low: finite(t.bySensitivity.low), medium: finite(t.bySensitivity.medium), high: finite(t.bySensitivity.high) }
    : null;
  return { fpr: t.fpr, global: finite(t.global), perHour: t.perHour, bySensitivity: by };
}

export function thresholdsFromJson(j: {
  fpr: number;
  global: number | null;
  perHour: (number | null)[] | null;
  bySensitivity?: Record<Sensitivity, number | null> | null;
}): Thresholds {
  const t: Thresholds = { fpr: j.fpr, global: j.global ?? Infinity, perHour: j.perHour };
  if (j.bySensitivity) t.bySensitivity = { low: j.bySensitivity.low ?? Infinity, medium: j.bySensitivity.medium ?? Infinity, high: j.bySensitivity.high ?? Infinity };
  return t;
}
