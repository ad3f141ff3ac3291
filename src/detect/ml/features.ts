/**
 * Line features: one fixed-length Float32Array per record.
 *
 * Per line: how rare its template is, level, hour and day of week (as points on a circle; the day
 * of week only when training spans at least a week, `WEEKLY_SPAN_MS`, else a new weekday would
 * look like an outlier),
 * message length, parameter count, how rare its parameter values are. Per window (the last
 * `windowMinutes` of the record's service): how often its template occurred, that count against
 * the template's training rate (burst), error ratio, distinct templates, new-template flag. While
 * a service's stream is younger than the window, its window features are unknown: they are set
 * to the training mean after standardising (`maskWarmUp`).
 * Per session: surprise of the template after the session's previous events under the n-gram
 * model learned in training, beyond the template's own rarity (see `transitionSurprise`).
 *
 * Everything learned (template counts, a sketch of parameter values, the training time span,
 * means and standard deviations) lives in `FeatureStats`, which is serialisable.
 */
import { levelRank, type Level } from '../../domain/index.js';
import type { NgramModel } from './ngram.js';
import { ServiceWindow } from './service-window.js';
import { createSketch, hashString, sketchAdd, sketchEstimate, sketchFromJson, sketchToJson, type CountMinSketch } from './sketch.js';
import { quantile, sortedAscending } from './threshold.js';
import type { MlRecord } from './types.js';

export const FEATURE_NAMES = [
  'templateRarity',
  'level',
  'hourSin',
  'hourCos',
  'weekdaySin',
  'weekdayCos',
  'messageLength',
  'paramCount',
  'paramRarity',
  'windowCount',
  'burst',
  'errorRatio',
  'windowTemplates',
  'newTemplate',
  'transitionSurprise',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export const FEATURE_COUNT = FEATURE_NAMES.length;
export const F = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Record<FeatureName, number>;

export interface FeatureOptions {
  windowMinutes: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { windowMinutes: 5 };

/** The shortest training span over which the day of week is learned. */
export const WEEKLY_SPAN_MS = 7 * 86_400_000;

/** What a featuriser needs of a record; `session` is its session id (null: none). */
export interface LineEvent {
  ts: number;
  service: string;
  level: Level;
  templateId: number;
  params: string[];
  messageLength: number;
  session: string | null;
}

export function toLineEvent(r: MlRecord, session: string | null): LineEvent {
  return { ts: r.ts, service: r.service, level: r.level, templateId: r.templateId, params: r.params, messageLength: r.message.length, session };
}

export interface FeatureStats {
  records: number;
  /** Training time span in ms (at least one minute). */
  spanMs: number;
  templateCounts: Map<number, number>;
  /** Counts of (template, parameter position, value). */
  params: CountMinSketch;
  /** Training records per UTC hour of day. */
  hourCounts: number[];
  /** Training covered a whole week, so the day of week is a feature (else it is 0). */
  weekly: boolean;
  mean: Float32Array;
  std: Float32Array;
  /** The `TAIL_QUANTILE` of each raw feature in the fit rows (−Infinity: unknown), robust to a few anomalies in training. */
  tail: Float32Array;
  options: FeatureOptions;
}

/** Accumulates training counts; `finish` gives stats without means (see `withMoments`). */
export function createStatsLearner(options: Partial<FeatureOptions> = {}) {
  const templateCounts = new Map<number, number>();
  const params = createSketch();
  const hourCounts = new Array<number>(24).fill(0);
  let records = 0;
  let first = Infinity;
  let last = -Infinity;
  return {
    add(e: LineEvent): void {
      records++;
      if (Number.isFinite(e.ts)) {
        first = Math.min(first, e.ts);
        last = Math.max(last, e.ts);
        hourCounts[utcHourOf(e.ts)]++;
      }
      templateCounts.set(e.templateId, (templateCounts.get(e.templateId) ?? 0) + 1);
      e.params.forEach((value, pos) => sketchAdd(params, paramKey(e.templateId, pos, value)));
    },
    finish(): FeatureStats {
      const spanMs = Math.max(60_000, last > first ? last - first : 0);
      return {
        records,
        spanMs,
        weekly: spanMs >= WEEKLY_SPAN_MS,
        templateCounts,
        params,
        hourCounts,
        mean: new Float32Array(FEATURE_COUNT),
        std: new Float32Array(FEATURE_COUNT).fill(1),
        tail: new Float32Array(FEATURE_COUNT).fill(-Infinity),
        options: { ...DEFAULT_FEATURES, ...options },
      };
    },
  };
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Dates are valid within ±8.64e15 ms of the epoch (ECMAScript TimeClip). */
const MAX_TIME_MS = 8.64e15;

/** `new Date(ts).getUTCHours()` without a Date (once per record when scoring): NaN where the date is invalid. */
export function utcHourOf(ts: number): number {
  if (!(Math.abs(ts) <= MAX_TIME_MS)) return NaN;
  return ((Math.floor(Math.trunc(ts) / HOUR_MS) % 24) + 24) % 24;
}
/** The hour-of-day features per minute of the day (h + m/60 as the hour), and the day-of-week ones per weekday. */
const HOUR_SIN = Float64Array.from({ length: 1440 }, (_, m) => Math.sin((2 * Math.PI * (Math.floor(m / 60) + (m % 60) / 60)) / 24));
const HOUR_COS = Float64Array.from({ length: 1440 }, (_, m) => Math.cos((2 * Math.PI * (Math.floor(m / 60) + (m % 60) / 60)) / 24));
const WEEKDAY_SIN = Float64Array.from({ length: 7 }, (_, d) => Math.sin((2 * Math.PI * d) / 7));
const WEEKDAY_COS = Float64Array.from({ length: 7 }, (_, d) => Math.cos((2 * Math.PI * d) / 7));

function paramKey(templateId: number, position: number, value: string): number {
  return hashString(value, paramSeedOf(templateId, position));
}

/** The hash seed of a template's parameter position, under which its values are counted. */
function paramSeedOf(templateId: number, position: number): number {
  return hashString(`${templateId}:${position}`);
}

export interface LineFeatures {
  /** Raw (unstandardised) features. */
  vector: Float32Array;
  /** The record's service stream is younger than the window. */
  warmingUp: boolean;
}

export interface Featuriser {
  /** Features of the next record in stream order. */
  next(e: LineEvent): LineFeatures;
  /** The same, written into `out` at `offset` (FEATURE_COUNT floats) without allocating; true while the stream warms up. */
  nextInto(e: LineEvent, out: Float32Array, offset: number): boolean;
}

/** Features that describe the time window, unknown while a stream warms up. */
export const WINDOW_FEATURES: readonly number[] = [F.windowCount, F.burst, F.errorRatio, F.windowTemplates];

/**
 * A stateful featuriser: feed records in time order. `ngram` (optional) gives the
 * transition-surprise feature; without it that feature is 0.
 */
export function createFeaturiser(stats: FeatureStats, ngram: NgramModel | null): Featuriser {
  const windowMs = stats.options.windowMinutes * 60_000;
  const windows = new Map<string, ServiceWindow>();
  const history = new Map<string, number[]>();
  const contextLength = ngram ? ngram.order - 1 : 0;
  const total = Math.max(1, stats.records);
  /** paramSeedOf, kept per template and position (hashing a new string per value was a tenth of scoring). */
  const seeds = new Map<number, number[]>();
  const paramSeed = (templateId: number, pos: number): number => {
    let row = seeds.get(templateId);
    if (!row) seeds.set(templateId, (row = []));
    return (row[pos] ??= paramSeedOf(templateId, pos));
  };
  const featuriser: Featuriser = {
    next(e) {
      const vector = new Float32Array(FEATURE_COUNT);
      return { vector, warmingUp: featuriser.nextInto(e, vector, 0) };
    },
    nextInto(e, v, o) {
      v.fill(0, o, o + FEATURE_COUNT);
      const count = stats.templateCounts.get(e.templateId) ?? 0;
      // A record without a usable time is placed at the epoch rather than poisoning the vector.
      const ts = Number.isFinite(e.ts) ? Math.trunc(e.ts) : 0;
      const minute = Math.floor(((ts % DAY_MS) + DAY_MS) % DAY_MS / 60_000);
      v[o + F.templateRarity] = -Math.log((count + 0.5) / (total + 1));
      v[o + F.level] = levelRank(e.level);
      v[o + F.hourSin] = HOUR_SIN[minute]!;
      v[o + F.hourCos] = HOUR_COS[minute]!;
      if (stats.weekly) {
        const weekday = (((Math.floor(ts / DAY_MS) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
        v[o + F.weekdaySin] = WEEKDAY_SIN[weekday]!;
        v[o + F.weekdayCos] = WEEKDAY_COS[weekday]!;
      }
      v[o + F.messageLength] = Math.log1p(e.messageLength);
      v[o + F.paramCount] = e.params.length;
      let paramRarity = 0;
      for (let pos = 0; pos < e.params.length; pos++) {
        const seen = sketchEstimate(stats.params, hashString(e.params[pos]!, paramSeed(e.templateId, pos)));
        paramRarity = Math.max(paramRarity, -Math.log((Math.min(seen, count) + 0.5) / (count + 1)));
      }
      v[o + F.paramRarity] = paramRarity;

      let w = windows.get(e.service);
      if (!w) windows.set(e.service, (w = new ServiceWindow(windowMs)));
      w.push(ts, e.templateId, levelRank(e.level) >= levelRank('ERROR'));
      const inWindow = w.counts.get(e.templateId) ?? 0;
      const expected = (count / stats.spanMs) * windowMs;
      v[o + F.windowCount] = Math.log1p(inWindow);
      v[o + F.burst] = Math.log((inWindow + 1) / (expected + 1));
      v[o + F.errorRatio] = w.errors / Math.max(1, w.size);
      v[o + F.windowTemplates] = Math.log1p(w.counts.size);
      v[o + F.newTemplate] = count === 0 ? 1 : 0;

      if (ngram && e.session !== null) {
        let h = history.get(e.session);
        if (!h) history.set(e.session, (h = []));
        v[o + F.transitionSurprise] = transitionSurprise(ngram, h, e.templateId);
        h.push(e.templateId);
        if (h.length > contextLength) h.shift();
      }
      return w.warmingUp;
    },
  };
  return featuriser;
}

/**
 * Bits by which the template is less likely after this context than on its own:
 * max(0, log2 P(t) − log2 P(t | context)). A rare template arriving at random is no surprise in
 * order (its rarity is `templateRarity`); a common one in an impossible place is.
 */
export function transitionSurprise(ngram: NgramModel, context: ArrayLike<number>, templateId: number): number {
  return Math.max(0, Math.log2(ngram.unigram(templateId)) - Math.log2(ngram.probability(context, templateId)));
}

/** The unit of a feature that never varied in training (see `withMoments`). */
export const CONSTANT_STD = 0.1;

/** The quantile of training a feature must exceed to explain an anomaly (see factors.ts). */
export const TAIL_QUANTILE = 0.999;

/** Set `stats.mean`/`stats.std`/`stats.tail` from training vectors (row-major, FEATURE_COUNT columns). */
export function withMoments(stats: FeatureStats, data: Float32Array): FeatureStats {
  const n = data.length / FEATURE_COUNT;
  const mean = new Float64Array(FEATURE_COUNT);
  const sq = new Float64Array(FEATURE_COUNT);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < FEATURE_COUNT; c++) mean[c] += data[r * FEATURE_COUNT + c];
  }
  const tail = Float32Array.from({ length: FEATURE_COUNT }, (_, c) =>
    n > 0 ? quantile(sortedAscending(Float32Array.from({ length: n }, (_, r) => data[r * FEATURE_COUNT + c])), TAIL_QUANTILE) : -Infinity,
  );
  for (let c = 0; c < FEATURE_COUNT; c++) mean[c] /= Math.max(1, n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < FEATURE_COUNT; c++) sq[c] += (data[r * FEATURE_COUNT + c] - mean[c]) ** 2;
  }
  // A feature that never varied in training gets a small unit (CONSTANT_STD), so any change in it
  // stands out by several units rather than one.
  const std = Float32Array.from(sq, (s) => {
    const sd = Math.sqrt(s / Math.max(1, n - 1));
    return sd > 1e-6 ? sd : CONSTANT_STD;
  });
  return { ...stats, mean: Float32Array.from(mean), std, tail };
}

/** Standardise in place: (x − mean) / std, clipped to ±10 so one wild value cannot dominate. */
export function standardise(stats: FeatureStats, data: Float32Array): Float32Array {
  for (let i = 0; i < data.length; i++) {
    const c = i % FEATURE_COUNT;
    const z = (data[i] - stats.mean[c]) / stats.std[c];
    data[i] = Math.max(-10, Math.min(10, z));
  }
  return data;
}

/** In standardised rows, set the window features of warming-up rows to 0 (the training mean). */
export function maskWarmUp(z: Float32Array, warmingUp: Uint8Array): void {
  for (let r = 0; r < warmingUp.length; r++) {
    if (warmingUp[r]) for (const c of WINDOW_FEATURES) z[r * FEATURE_COUNT + c] = 0;
  }
}

export interface FeatureStatsJson {
  records: number;
  spanMs: number;
  templateCounts: [number, number][];
  params: { depth: number; width: number; table: string };
  hourCounts: number[];
  /** Absent in models saved before the flag existed, which always used the day of week. */
  weekly?: boolean;
  mean: number[];
  std: number[];
  /** Absent in models saved before it existed (then unknown). */
  tail?: (number | null)[];
  options: FeatureOptions;
  names: readonly string[];
}

export function statsToJson(s: FeatureStats): FeatureStatsJson {
  return {
    records: s.records,
    spanMs: s.spanMs,
    templateCounts: [...s.templateCounts],
    params: sketchToJson(s.params),
    hourCounts: s.hourCounts,
    weekly: s.weekly,
    mean: Array.from(s.mean),
    std: Array.from(s.std),
    tail: Array.from(s.tail, (m) => (Number.isFinite(m) ? m : null)),
    options: s.options,
    names: FEATURE_NAMES,
  };
}

export function statsFromJson(j: FeatureStatsJson): FeatureStats {
  if (j.names.join(',') !== FEATURE_NAMES.join(',')) throw new Error('the model was trained with a different feature set');
  return {
    records: j.records,
    spanMs: j.spanMs,
    templateCounts: new Map(j.templateCounts),
    params: sketchFromJson(j.params),
    hourCounts: j.hourCounts,
    weekly: j.weekly ?? true,
    mean: Float32Array.from(j.mean),
    std: Float32Array.from(j.std),
    tail: Float32Array.from(j.tail ?? new Array<null>(FEATURE_COUNT).fill(null), (m) => m ?? -Infinity),
    options: j.options,
  };
}
