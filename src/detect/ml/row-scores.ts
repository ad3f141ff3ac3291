/**
 * The per-record half of scoring: everything about a record that depends only on it and the
 * records before it (features, standardised features, forest and transition components, hour of
 * day, news). The batch-wide half (LSTM chunks across streams, verdicts, sessions) is in score.ts.
 *
 * Why apart: the scoring worker computes this half part by part as records arrive
 * (score-worker.ts), so when the input ends only the batch-wide half of its last batch is left.
 * Scoring it all at the end of each 50,000-record batch left the worker that much work after the
 * reader had finished: 21–24 % of a scan's wall time.
 */
import { forestComponent, normalise } from './ensemble.js';
import { F, FEATURE_COUNT, maskWarmUp, standardise, utcHourOf, type Featuriser, type LineEvent } from './features.js';
import { rangeExcess, scoreForest, scoreForestAbove } from './isolation-forest.js';
import { forestFloors } from './lstm-need.js';
import { createMatrix, type Matrix } from './matrix.js';
import type { MlModel } from './model.js';
import { isNews, newsComponent, type NewsModel } from './news.js';

export interface RowScores {
  /** Raw and standardised features, one row per record. */
  raw: Matrix;
  z: Matrix;
  /** Normalised forest component (NaN where not scored: a record that cannot be raised, see `scoreRows`). */
  forest: Float64Array;
  /** Normalised transition-surprise component, when the model has one. */
  sequence: Float64Array | null;
  /** UTC hour of day. */
  hours: Uint8Array;
  /** News component (0–1, the cut at one half) and whether it is news, when the model has a news scorer. */
  news: { component: Float64Array; flagged: Uint8Array } | null;
}

/**
 * The records' row scores; `featuriser` must have seen every record before them, in order. With
 * `onlyCandidates`, the forest component is exact only where the record may still be raised (see
 * `forestFloors`) and NaN elsewhere: for a caller that wants anomalous verdicts only.
 */
export function scoreRows(model: MlModel, featuriser: Featuriser, events: readonly LineEvent[], onlyCandidates = false): RowScores {
  const n = events.length;
  const raw = createMatrix(n, FEATURE_COUNT);
  const warmingUp = new Uint8Array(n);
  for (let r = 0; r < n; r++) warmingUp[r] = featuriser.nextInto(events[r]!, raw.data, r * FEATURE_COUNT) ? 1 : 0;
  const z = createMatrix(n, FEATURE_COUNT);
  z.data.set(raw.data);
  standardise(model.features, z.data);
  maskWarmUp(z.data, warmingUp);

  const { normalisers } = model;
  const excess = rangeExcess(model.forest, z);
  const sequence = normalisers.sequence ? new Float64Array(n) : null;
  const hours = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    if (sequence) sequence[r] = normalise(normalisers.sequence!, raw.data[r * FEATURE_COUNT + F.transitionSurprise]!);
    hours[r] = utcHourOf(events[r]!.ts);
  }
  const news = model.news ? newsOf(model.news, events) : null;
  const forestRaw = onlyCandidates
    ? scoreForestAbove(model.forest, z, forestFloors({
      sequence, hours, excess, normaliser: normalisers.forest, weights: model.meta.options.weights, thresholds: model.thresholds,
      inSession: Uint8Array.from(events, (e) => (e.session !== null ? 1 : 0)), mustScore: news ? news.flagged : new Uint8Array(n),
    }))
    : scoreForest(model.forest, z);
  const forest = new Float64Array(n);
  for (let r = 0; r < n; r++) forest[r] = Number.isNaN(forestRaw[r]) ? NaN : forestComponent(normalisers.forest, forestRaw[r]!, excess[r]!);
  return { raw, z, forest, sequence, hours, news };
}

/** Row scores of consecutive parts as one. */
export function joinRows(parts: readonly RowScores[]): RowScores {
  if (parts.length === 1) return parts[0]!;
  const join = <T extends Float64Array | Uint8Array | Float32Array>(of: (p: RowScores) => T, make: (n: number) => T): T => {
    const out = make(parts.reduce((n, p) => n + of(p).length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(of(p), at);
      at += of(p).length;
    }
    return out;
  };
  const rows = parts.reduce((n, p) => n + p.raw.rows, 0);
  const matrix = (of: (p: RowScores) => Matrix): Matrix => ({ data: join((p) => of(p).data, (n) => new Float32Array(n)), rows, cols: FEATURE_COUNT });
  const first = parts[0]!;
  return {
    raw: matrix((p) => p.raw),
    z: matrix((p) => p.z),
    forest: join((p) => p.forest, (n) => new Float64Array(n)),
    sequence: first.sequence ? join((p) => p.sequence!, (n) => new Float64Array(n)) : null,
    hours: join((p) => p.hours, (n) => new Uint8Array(n)),
    news: first.news
      ? { component: join((p) => p.news!.component, (n) => new Float64Array(n)), flagged: join((p) => p.news!.flagged, (n) => new Uint8Array(n)) }
      : null,
  };
}

function newsOf(news: NewsModel, events: readonly LineEvent[]): { component: Float64Array; flagged: Uint8Array } {
  return { component: Float64Array.from(events, (e) => newsComponent(news, e)), flagged: Uint8Array.from(events, (e) => (isNews(news, e) ? 1 : 0)) };
}
