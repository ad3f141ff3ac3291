/**
 * The pure decisions behind the rules, free of state and I/O. Boundaries are part of the contract:
 * thresholds and idle limits are inclusive (`>=`), ratios are strict (`>`).
 */

/** Counts of one sliding window. `flagged`: ERROR and worse, for error_ratio. */
export interface WindowCounts {
  total: number;
  flagged: number;
}

/** N records in the window fire a threshold of N. */
export function exceedsThreshold(count: number, threshold: number): boolean {
  return count >= threshold;
}

/** The share of flagged records is strictly above `ratio`, over at least `minCount` records. */
export function errorRatioExceeded(total: number, flagged: number, opts: { ratio: number; minCount: number }): boolean {
  return total >= opts.minCount && flagged > opts.ratio * total;
}

/** A service silent for exactly `maxIdleMs` is silent enough. */
export function idleExceeded(idleMs: number, maxIdleMs: number): boolean {
  return idleMs >= maxIdleMs;
}

/**
 * Episode policy (one alert per episode of a scope): the condition holding at `at` starts a new
 * episode, and so an alert, only if it did not hold at any evaluation in the `cooldownMs` before.
 * While it keeps holding (or holds again within the cool-down) the episode goes on silently.
 * `lastHeld` is -Infinity when the condition never held.
 */
export function episodeStarts(lastHeld: number, at: number, cooldownMs: number): boolean {
  return at - lastHeld > cooldownMs;
}
