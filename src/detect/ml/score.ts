/**
 * Scoring: records → a verdict per record (ensemble of isolation forest, LSTM reconstruction
 * error and transition surprise, each normalised to 0–1) and, when the model has a sequence
 * model, a verdict per session. Anomalous records and sessions carry factors: a record scoring
 * above its threshold without any factor that explains it is not raised.
 *
 * `scoreStream` works through the input in batches and yields record verdicts batch by batch, so
 * memory holds one batch plus, per open session, its template ids and record positions; feature
 * windows and n-gram histories carry over between batches, LSTM chunks restart at batch
 * boundaries. Session verdicts come last: a session is judged when the input ends. A session's
 * verdict is the sequence model's (score, anomalous, factors); its forest and LSTM components are
 * the largest among its records.
 */
import type * as TF from '@tensorflow/tfjs';
import { chunkBatch, chunkStreams, errorsPerRecord } from './chunks.js';
import { combine, forestComponent, normalise } from './ensemble.js';
import { lineFactors } from './factors.js';
import { createFeaturiser, F, FEATURE_COUNT, maskWarmUp, standardise, type Featuriser } from './features.js';
import { rangeExcess, scoreForest } from './isolation-forest.js';
import { lstmVariables, reconstructionErrors, type LstmAutoencoder } from './lstm-autoencoder.js';
import { importLstm } from './lstm-io.js';
import { createMatrix, row, type Matrix } from './matrix.js';
import type { MlModel } from './model.js';
import { scoreSequence, sequenceFactors } from './sequence.js';
import { readBatches, type StreamedEvents } from './streams.js';
import { exceeds } from './threshold.js';
import { useWasm } from './tf-backend.js';
import type { MlRecord, RecordVerdict, ScoreReport, SessionVerdict } from './types.js';

export interface ScoreOptions {
  /** Name of a template id in factor sentences (default "#id"). */
  label: (templateId: number) => string;
  /** Return only anomalous verdicts. */
  onlyAnomalous: boolean;
  /** Records per batch. */
  batchSize: number;
}

export const DEFAULT_SCORE: ScoreOptions = { label: (id) => `#${id}`, onlyAnomalous: false, batchSize: 50_000 };

export type ScoreEvent = { kind: 'records'; verdicts: RecordVerdict[] } | { kind: 'sessions'; verdicts: SessionVerdict[] };

interface OpenSession {
  indices: number[];
  templates: number[];
  forest: number;
  lstm: number | null;
}

interface State {
  model: MlModel;
  opts: ScoreOptions;
  featuriser: Featuriser;
  /** Previous template ids per stream, for factor sentences. */
  history: Map<string, number[]>;
  lstm: { tf: typeof TF; ae: LstmAutoencoder } | null;
  sessions: Map<string, OpenSession>;
}

export async function* scoreStream(
  model: MlModel,
  records: AsyncIterable<MlRecord> | Iterable<MlRecord>,
  options: Partial<ScoreOptions> = {},
): AsyncGenerator<ScoreEvent> {
  const opts = { ...DEFAULT_SCORE, ...options };
  const tf = model.lstm ? await useWasm() : null;
  const state: State = {
    model,
    opts,
    featuriser: createFeaturiser(model.features, model.ngram),
    history: new Map(),
    lstm: tf && model.lstm ? { tf, ae: importLstm(tf, model.lstm) } : null,
    sessions: new Map(),
  };
  try {
    for await (const batch of readBatches(records, model.meta.options.sessionKey, opts.batchSize)) {
      yield { kind: 'records', verdicts: await scoreBatch(state, batch) };
    }
    if (model.sequence) yield { kind: 'sessions', verdicts: judgeSessions(state) };
  } finally {
    if (state.lstm) state.lstm.tf.dispose(lstmVariables(state.lstm.ae));
  }
}

export async function scoreRecords(
  model: MlModel,
  records: AsyncIterable<MlRecord> | Iterable<MlRecord>,
  options: Partial<ScoreOptions> = {},
): Promise<ScoreReport> {
  const report: ScoreReport = { records: [], sessions: [] };
  for await (const e of scoreStream(model, records, options)) {
    if (e.kind === 'records') for (const v of e.verdicts) report.records.push(v);
    else report.sessions = e.verdicts;
  }
  return report;
}

async function scoreBatch(state: State, batch: StreamedEvents & { offset: number }): Promise<RecordVerdict[]> {
  const { model, opts } = state;
  const { events, byStream, offset } = batch;
  const n = events.length;
  const raw = createMatrix(n, FEATURE_COUNT);
  const warmingUp = new Uint8Array(n);
  events.forEach((e, r) => {
    const f = state.featuriser.next(e);
    raw.data.set(f.vector, r * FEATURE_COUNT);
    warmingUp[r] = f.warmingUp ? 1 : 0;
  });
  const z = createMatrix(n, FEATURE_COUNT);
  z.data.set(raw.data);
  standardise(model.features, z.data);
  maskWarmUp(z.data, warmingUp);

  const forestRaw = scoreForest(model.forest, z);
  const excess = rangeExcess(model.forest, z);
  const lstmRaw = state.lstm ? await lstmErrors(state.lstm, byStream, z) : null;
  const { normalisers, thresholds } = model;
  const contextLength = model.ngram ? model.ngram.order - 1 : 0;
  const verdicts: RecordVerdict[] = [];
  for (let r = 0; r < n; r++) {
    const e = events[r];
    const components = {
      forest: forestComponent(normalisers.forest, forestRaw[r], excess[r]),
      lstm: lstmRaw && normalisers.lstm && !Number.isNaN(lstmRaw[r]) ? normalise(normalisers.lstm, lstmRaw[r]) : null,
      sequence: normalisers.sequence ? normalise(normalisers.sequence, raw.data[r * FEATURE_COUNT + F.transitionSurprise]) : null,
    };
    const score = combine(components, model.meta.options.weights);
    const stream = e.session ?? '';
    const history = state.history.get(stream) ?? [];
    // A score above the threshold is raised only with a factor that explains it.
    const factors = exceeds(thresholds, score, new Date(e.ts).getUTCHours())
      ? lineFactors({ event: e, raw: row(raw, r), z: row(z, r), stats: model.features, ngram: model.ngram, history: [...history], label: opts.label })
      : [];
    const anomalous = factors.length > 0;
    if (contextLength > 0) {
      history.push(e.templateId);
      if (history.length > contextLength) history.shift();
      state.history.set(stream, history);
    }
    if (anomalous || !opts.onlyAnomalous) verdicts.push({ index: offset + r, score, components, anomalous, factors });
    if (model.sequence) track(state, batch, r, components.forest, components.lstm);
  }
  return verdicts;
}

/** Add record r of the batch to its open session, if it has one. */
function track(state: State, batch: StreamedEvents & { offset: number }, r: number, forest: number, lstm: number | null): void {
  const key = batch.streams[r];
  if (!batch.sessions.has(key)) return;
  let s = state.sessions.get(key);
  if (!s) state.sessions.set(key, (s = { indices: [], templates: [], forest: 0, lstm: null }));
  s.indices.push(batch.offset + r);
  s.templates.push(batch.events[r].templateId);
  s.forest = Math.max(s.forest, forest);
  if (lstm !== null) s.lstm = Math.max(s.lstm ?? 0, lstm);
}

function judgeSessions(state: State): SessionVerdict[] {
  const sequence = state.model.sequence!;
  const out: SessionVerdict[] = [];
  for (const [key, s] of state.sessions) {
    const verdict = scoreSequence(sequence, s.templates);
    if (!verdict.anomalous && state.opts.onlyAnomalous) continue;
    out.push({
      key,
      indices: s.indices,
      score: verdict.score,
      components: { forest: s.forest, lstm: s.lstm, sequence: verdict.score },
      anomalous: verdict.anomalous,
      factors: verdict.anomalous ? sequenceFactors(sequence, s.templates, verdict, state.opts.label) : [],
    });
  }
  state.sessions.clear();
  return out;
}

async function lstmErrors(lstm: NonNullable<State['lstm']>, byStream: Map<string, number[]>, z: Matrix): Promise<Float32Array> {
  const chunks = chunkStreams(byStream, lstm.ae.options.timesteps);
  const all = Array.from({ length: chunks.count }, (_, i) => i);
  const errors = await reconstructionErrors(lstm.tf, lstm.ae, chunkBatch(chunks, z, all));
  return errorsPerRecord(chunks, all, errors, z.rows);
}
