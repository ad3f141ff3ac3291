/**
 * Training: records → feature statistics, isolation forest, LSTM autoencoder (in a worker
 * thread), sequence model, normalisers and thresholds, and the news model (news.ts).
 *
 * Held-out data: a seeded fraction of units (sessions; or, without sessions, chunks of
 * `timesteps` consecutive records of a service) is kept out of every fit (n-grams, sequence
 * model, feature moments, forest, LSTM, normalisers) and used only to set the record thresholds
 * for the target false-positive rate. Template and parameter counts use every record, so a
 * template that happens to fall only in held-out units is not mistaken for a new one; and
 * features are computed over the whole stream in order, so time windows see every record.
 * The news model too is fit on every record in log order: its spread needs the whole log's
 * segments, and its cut is robust to the anomalies a training log holds (median + k·MAD of window
 * maxima), so it needs no held-out data.
 */
import { combine, createNormaliser, forestComponent, normalise } from './ensemble.js';
import { createFeaturiser, createStatsLearner, F, FEATURE_COUNT, maskWarmUp, standardise, utcHourOf, withMoments } from './features.js';
import { fitForest, rangeExcess, scoreForest } from './isolation-forest.js';
import { chunkBatch, chunkStreams, errorsPerRecord } from './chunks.js';
import { DEFAULT_LSTM, type LstmOptions, type LstmProgress } from './lstm-autoencoder.js';
import type { LstmArtifacts } from './lstm-io.js';
import { runLstmJob } from './lstm-job.js';
import { createMatrix, selectRows, type Matrix } from './matrix.js';
import { MODEL_FORMAT, MODEL_VERSION, type MlModel } from './model.js';
import { fitNews } from './news.js';
import type { NgramModel } from './ngram.js';
import { createPrng, shuffledIndices } from './prng.js';
import { trainSequenceModel, type SequenceModel } from './sequence.js';
import { parseSessionKey } from './sessions.js';
import { hashString } from './sketch.js';
import { readStreams, templatesOf, type StreamedEvents } from './streams.js';
import { tuneThresholds } from './threshold.js';
import { DEFAULT_TRAIN, targetFpr, type TrainOptions } from './train-options.js';
import type { MlRecord } from './types.js';

export type TrainProgress =
  | { stage: 'read'; records: number }
  | { stage: 'features'; records: number }
  | { stage: 'forest' }
  | { stage: 'lstm'; progress: LstmProgress }
  | { stage: 'sequence'; sessions: number }
  | { stage: 'news' }
  | { stage: 'thresholds' };

export type TrainResult = { ok: true; model: MlModel; lstmLosses: number[] } | { ok: false; reason: string };

const MIN_RECORDS = 10;

export async function trainModel(
  records: AsyncIterable<MlRecord> | Iterable<MlRecord>,
  options: Partial<TrainOptions> = {},
  onProgress?: (p: TrainProgress) => void,
): Promise<TrainResult> {
  const opts: TrainOptions = { ...DEFAULT_TRAIN, ...options };
  if (opts.sessionKey.kind === 'regex') {
    const parsed = parseSessionKey(`regex:${opts.sessionKey.pattern}`);
    if (!parsed.ok) return parsed;
  }
  const input = await readStreams(records, opts.sessionKey, (n) => onProgress?.({ stage: 'read', records: n }));
  const n = input.events.length;
  if (n < MIN_RECORDS) return { ok: false, reason: `Training needs at least ${MIN_RECORDS} records, got ${n}.` };
  const timesteps = (opts.lstm === false ? undefined : opts.lstm.timesteps) ?? DEFAULT_LSTM.timesteps;
  const heldOut = holdOutMask(input, opts, timesteps);
  const fitRows = indicesWhere(heldOut, 0);
  const heldRows = indicesWhere(heldOut, 1);

  onProgress?.({ stage: 'sequence', sessions: input.sessions.size });
  const sequence = trainSessions(input, heldOut, opts);
  const ngram = sequence?.ngram ?? null;

  const { stats, raw, z } = computeFeatures(input, fitRows, ngram, opts);
  onProgress?.({ stage: 'features', records: n });

  onProgress?.({ stage: 'forest' });
  const forest = fitForest(selectRows(z, fitRows), { ...opts.forest, seed: opts.forest.seed ?? opts.seed });
  const forestRaw = scoreForest(forest, z);
  const excess = rangeExcess(forest, z);

  let lstm: LstmComponent | null = null;
  if (opts.lstm !== false) {
    const trained = await trainLstmComponent(input, heldOut, z, opts.lstm, opts, (progress) => onProgress?.({ stage: 'lstm', progress }));
    if (!trained.ok) return trained;
    lstm = trained;
  }
  const lstmRaw = lstm?.errors ?? null;

  onProgress?.({ stage: 'news' });
  const news = opts.news === false ? null : fitNews(input.events, opts.news);

  onProgress?.({ stage: 'thresholds' });
  const seqRaw = Float32Array.from({ length: n }, (_, r) => raw.data[r * FEATURE_COUNT + F.transitionSurprise]);
  const pick = (a: Float32Array, rows: Uint32Array): Float32Array => Float32Array.from(rows, (r) => a[r]);
  const normalisers = {
    forest: createNormaliser(pick(forestRaw, fitRows)),
    lstm: lstmRaw ? createNormaliser(pick(lstmRaw, fitRows)) : null,
    sequence: createNormaliser(pick(seqRaw, fitRows)),
  };
  // With too little data to hold any unit out, thresholds come from the fit rows (optimistic).
  const tuneRows = heldRows.length > 0 ? heldRows : fitRows;
  const combined = Float32Array.from(tuneRows, (r) =>
    combine(
      {
        forest: forestComponent(normalisers.forest, forestRaw[r], excess[r]),
        lstm: lstmRaw && normalisers.lstm ? normalise(normalisers.lstm, lstmRaw[r]) : null,
        sequence: normalisers.sequence ? normalise(normalisers.sequence, seqRaw[r]) : null,
      },
      opts.weights,
    ),
  );
  const hours = Float32Array.from(tuneRows, (r) => utcHourOf(input.events[r].ts));
  const thresholds = tuneThresholds(combined, hours, { fpr: targetFpr(opts), perHour: opts.perHourThresholds });

  let from = Infinity;
  let to = -Infinity;
  for (const e of input.events) {
    if (e.ts < from) from = e.ts;
    if (e.ts > to) to = e.ts;
  }
  const model: MlModel = {
    meta: {
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      createdAt: new Date().toISOString(),
      trainedOn: {
        records: n,
        heldOut: heldRows.length,
        sessions: input.sessions.size,
        from: Number.isFinite(from) ? from : null,
        to: Number.isFinite(to) ? to : null,
      },
      options: opts,
    },
    features: stats,
    forest,
    lstm: lstm?.artifacts ?? null,
    sequence,
    ngram,
    news,
    normalisers,
    thresholds,
    miner: null,
  };
  return { ok: true, model, lstmLosses: lstm?.losses ?? [] };
}

/** Raw and standardised feature rows of every record; moments come from the fit rows. */
function computeFeatures(input: StreamedEvents, fitRows: Uint32Array, ngram: NgramModel | null, opts: TrainOptions) {
  const n = input.events.length;
  const learner = createStatsLearner(opts.features);
  for (const e of input.events) learner.add(e);
  const counts = learner.finish();
  const featuriser = createFeaturiser(counts, ngram);
  const raw = createMatrix(n, FEATURE_COUNT);
  const warmingUp = new Uint8Array(n);
  input.events.forEach((e, r) => {
    const f = featuriser.next(e);
    raw.data.set(f.vector, r * FEATURE_COUNT);
    warmingUp[r] = f.warmingUp ? 1 : 0;
  });
  const stats = withMoments(counts, selectRows(raw, fitRows).data);
  const z = createMatrix(n, FEATURE_COUNT);
  z.data.set(raw.data);
  standardise(stats, z.data);
  maskWarmUp(z.data, warmingUp);
  return { stats, raw, z };
}

interface LstmComponent {
  ok: true;
  artifacts: LstmArtifacts;
  losses: number[];
  /** Reconstruction error per record. */
  errors: Float32Array;
}

/** Train the autoencoder in a worker on (a sample of) the fit chunks; errors for every record. */
async function trainLstmComponent(
  input: StreamedEvents,
  heldOut: Uint8Array,
  z: Matrix,
  lstmOptions: Partial<LstmOptions>,
  opts: TrainOptions,
  onProgress: (p: LstmProgress) => void,
): Promise<LstmComponent | { ok: false; reason: string }> {
  const timesteps = lstmOptions.timesteps ?? DEFAULT_LSTM.timesteps;
  const chunks = chunkStreams(input.byStream, timesteps);
  const all = Array.from({ length: chunks.count }, (_, i) => i);
  const fitChunks = all.filter((c) => heldOut[chunks.records[c * timesteps]] === 0);
  const sample = sampleAtMost(fitChunks, opts.maxLstmSequences, opts.seed);
  const job = await runLstmJob(
    { train: chunkBatch(chunks, z, sample), options: { seed: opts.seed, ...lstmOptions, timesteps }, score: [chunkBatch(chunks, z, all)] },
    onProgress,
  );
  if (!job.ok) return job;
  return { ok: true, artifacts: job.artifacts, losses: job.losses, errors: errorsPerRecord(chunks, all, job.errors[0], input.events.length) };
}

/** 1 for held-out records: whole sessions, or whole LSTM chunks of a service stream. */
function holdOutMask(input: StreamedEvents, opts: TrainOptions, timesteps: number): Uint8Array {
  const mask = new Uint8Array(input.events.length);
  const limit = opts.holdOut * 2 ** 32;
  for (const [stream, list] of input.byStream) {
    const bySession = input.sessions.has(stream);
    list.forEach((r, k) => {
      const unit = bySession ? stream : `${stream}#${Math.floor(k / timesteps)}`;
      mask[r] = hashString(unit, opts.seed >>> 0) < limit ? 1 : 0;
    });
  }
  // Keep at least one record on each side when possible.
  if (!mask.includes(0)) mask[0] = 0;
  return mask;
}

function indicesWhere(mask: Uint8Array, value: number): Uint32Array {
  const out: number[] = [];
  mask.forEach((v, i) => v === value && out.push(i));
  return Uint32Array.from(out);
}

function trainSessions(input: StreamedEvents, heldOut: Uint8Array, opts: TrainOptions): SequenceModel | null {
  const fit: number[][] = [];
  for (const list of input.sessions.values()) if (heldOut[list[0]] === 0) fit.push(templatesOf(input.events, list));
  if (fit.length < 2) return null;
  return trainSequenceModel(fit, { seed: opts.seed, fpr: targetFpr(opts), ...opts.sequence });
}

function sampleAtMost(items: number[], max: number, seed: number): number[] {
  if (items.length <= max) return items;
  const order = shuffledIndices(items.length, createPrng(seed));
  return Array.from(order.subarray(0, max), (i) => items[i]).sort((a, b) => a - b);
}
