/**
 * Volume z-scores, pure. A window's count is compared with the counts of the `baseline_windows`
 * windows just before it; empty windows count as 0.
 *
 * Zero variance: a flat baseline has std 0, which would make any change infinitely surprising. The
 * spread used is `max(std, sqrt(mean), 1)`: the Poisson noise expected of counts at that mean, and
 * never below 1 record. So a steady 100/window needs about 100 + 3·10 = 131 to alert at threshold 3,
 * and an all-empty baseline needs more than 3 records (plus `min_count`).
 */

export interface BaselineStats {
  mean: number;
  std: number;
  /** The std floored as above: the divisor of the z-score. */
  spread: number;
}

export function baselineStats(counts: readonly number[]): BaselineStats {
  const n = counts.length;
  if (n === 0) return { mean: 0, std: 0, spread: 1 };
  let sum = 0;
  for (const c of counts) sum += c;
  const mean = sum / n;
  let sq = 0;
  for (const c of counts) sq += (c - mean) * (c - mean);
  const std = Math.sqrt(sq / n);
  return { mean, std, spread: Math.max(std, Math.sqrt(mean), 1) };
}

export function zScore(count: number, baseline: BaselineStats): number {
  return (count - baseline.mean) / baseline.spread;
}

/** Strictly above the threshold: a z-score equal to it does not alert. */
export function isSpike(count: number, baseline: BaselineStats, opts: { threshold: number; minCount: number }): boolean {
  return count >= opts.minCount && zScore(count, baseline) > opts.threshold;
}

/**
 * The smallest count that is a spike against `baseline`: counts only grow within a window, so a
 * detector alerts the moment its count reaches this, without waiting for the window to close.
 */
export function spikeCount(baseline: BaselineStats, opts: { threshold: number; minCount: number }): number {
  let c = Math.max(opts.minCount, Math.floor(baseline.mean + opts.threshold * baseline.spread) + 1);
  // Settle float rounding at the edge with the same arithmetic as isSpike.
  while (c > opts.minCount && isSpike(c - 1, baseline, opts)) c--;
  while (!isSpike(c, baseline, opts)) c++;
  return c;
}
