/**
 * Time bucketing for charts, pure: a readable bucket width for a range, counts folded into
 * buckets, and the default window (the last day of data, so an archive from 2015 still charts).
 */

export const DAY_MS = 24 * 3600_000;

const NICE_BUCKETS_MS = [
  60_000, 2 * 60_000, 5 * 60_000, 10 * 60_000, 15 * 60_000, 30 * 60_000,
  3600_000, 2 * 3600_000, 3 * 3600_000, 6 * 3600_000, 12 * 3600_000, DAY_MS, 7 * DAY_MS,
];

/** The smallest nice width giving at most `maxPoints` buckets over the range. */
export function chooseBucket(rangeMs: number, maxPoints = 150): number {
  const wanted = Math.max(1, rangeMs) / maxPoints;
  return NICE_BUCKETS_MS.find((b) => b >= wanted) ?? NICE_BUCKETS_MS[NICE_BUCKETS_MS.length - 1]!;
}

export interface DataSpan {
  oldest: number;
  newest: number;
}

/**
 * `since`/`until` as asked; else at most a day, ending just after the newest record and starting
 * no earlier than the oldest (so a short archive fills the chart); with no records, the last day.
 */
export function defaultWindow(opts: { since?: number; until?: number; span: DataSpan | null; now: number }): { since: number; until: number } {
  const { span } = opts;
  const until = opts.until ?? (opts.since != null ? Math.max(opts.now, opts.since + 1) : (span?.newest ?? opts.now) + 1);
  const since = opts.since ?? Math.max(until - DAY_MS, span && opts.until == null ? Math.min(span.oldest, until - 60_000) : -Infinity);
  return { since, until };
}

/** Fold per-minute counts into `buckets` equal buckets over [since, until), oldest first. */
export function sparkline(volume: readonly { minute: number; count: number }[], range: { since: number; until: number; buckets: number }): number[] {
  const out = new Array<number>(range.buckets).fill(0);
  const width = (range.until - range.since) / range.buckets;
  if (width <= 0) return out;
  for (const v of volume) {
    if (v.minute < range.since || v.minute >= range.until) continue;
    out[Math.min(range.buckets - 1, Math.floor((v.minute - range.since) / width))]! += v.count;
  }
  return out;
}
