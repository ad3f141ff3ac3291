/**
 * Scoring: records → a verdict per record (ensemble of isolation forest, LSTM reconstruction
 * error and transition surprise, each normalised to 0–1) and, when the model has a sequence
 * model, a verdict per session. Anomalous records and sessions carry factors: a record scoring
 * above its threshold without any factor that explains it is not raised.
 *
 * Beside the ensemble, the news scorer (news.ts, when the model has one) raises a record on its
 * own when its severity × surprise is above the news cut, with the news factors (its level, and
 * how rare and concentrated its template is in its service). A record is anomalous when either
 * raises it; its score stays the ensemble's, news is `components.news`.
 *
 * `scoreStream` works through the input in batches and yields record verdicts batch by batch, so
 * memory holds one batch plus, per open session, its template ids and record positions; feature
 * windows and n-gram histories carry over between batches, LSTM chunks restart at batch
 * boundaries. Session verdicts come last: a session is judged when the input ends. A session's
 * verdict is the sequence model's (score, anomalous, factors); its forest and LSTM components are
 * the largest among its records.
 */
import { chunkBatch, chunkStreams, errorsPerRecord } from './chunks.js';
import { combine, normalise } from './ensemble.js';
import { lineFactors } from './factors.js';
import { createFeaturiser, type Featuriser } from './features.js';
import { lstmVariables, reconstructionErrors, type LoadedLstm } from './lstm-autoencoder.js';
import { LstmBatch } from './lstm-batch.js';
import { chunksWithCandidates, lstmCandidates } from './lstm-need.js';
import { importLstm, type LstmArtifacts } from './lstm-io.js';
import { row, type Matrix } from './matrix.js';
import type { MlModel } from './model.js';
import { newsFactors } from './news.js';
import { joinRows, scoreRows, type RowScores } from './row-scores.js';
import { scoreSequence, sequenceFactors } from './sequence.js';
import { BatchBuilder, readBatches, type StreamedEvent, type StreamedEvents } from './streams.js';
import { exceeds } from './threshold.js';
import { useWasm } from './tf-backend.js';
import type { MlRecord, RecordVerdict, ScoreReport, SessionVerdict, VerdictComponents } from './types.js';

export interface ScoreOptions {
  /** Name of a template id in factor sentences (default "#id"). */
  label: (templateId: number) => string;
  /** Return only anomalous verdicts. */
  onlyAnomalous: boolean;
  /** Records per batch. */
  batchSize: number;
  /** Records fed in parts: complete LSTM chunks reconstructed together as they arrive, this many at a time (lstm-batch.ts). */
  lstmFlushChunks: number;
}

export const DEFAULT_SCORE: ScoreOptions = { label: (id) => `#${id}`, onlyAnomalous: false, batchSize: 50_000, lstmFlushChunks: 256 };

export type ScoreEvent = { kind: 'records'; verdicts: RecordVerdict[] } | { kind: 'sessions'; verdicts: SessionVerdict[] };

interface OpenSession {
  indices: number[];
  templates: number[];
  forest: number;
  lstm: number | null;
  news: number | null;
}

interface State {
  model: MlModel;
  opts: ScoreOptions;
  featuriser: Featuriser;
  /** Previous template ids per session, for factor sentences. */
  history: Map<string, number[]>;
  /** The LSTM, loaded when first used (loading tfjs and the wasm backend takes a while: records are scored meanwhile). */
  lstm: LazyLstm | null;
  sessions: Map<string, OpenSession>;
}

export function scoreStream(
  model: MlModel,
  records: AsyncIterable<MlRecord> | Iterable<MlRecord>,
  options: Partial<ScoreOptions> = {},
): AsyncGenerator<ScoreEvent> {
  const opts = { ...DEFAULT_SCORE, ...options };
  return scoreBatches(model, readBatches(records, model.meta.options.sessionKey, opts.batchSize), opts);
}

/**
 * Records arriving in parts, in order: each part's per-record half is scored as it comes, and a
 * part that `closes` its batch ends it (the batch-wide half runs then). Batches are those
 * `scoreStream` would make of the same records when parts close every `batchSize` records, so
 * the report is the same (see score-worker.ts).
 */
export interface EventPart {
  events: StreamedEvent[];
  closes: boolean;
}

/**
 * Called once per part, as soon as its per-record half is scored: 1 for each of its records
 * (from input position `from`) that may still appear in a verdict. Only those can become an
 * alert's evidence, so the caller may let go of the others (stream-scorer.ts).
 */
export type OnCandidates = (from: number, flags: Uint8Array) => void;

/** The report on records handed over in parts (score-worker.ts). */
export function scoreEventParts(
  model: MlModel,
  parts: AsyncIterable<EventPart>,
  options: Partial<ScoreOptions> = {},
  onCandidates?: OnCandidates,
): Promise<ScoreReport> {
  return collect(scoreParts(model, parts, { ...DEFAULT_SCORE, ...options }, onCandidates));
}

async function* scoreBatches(
  model: MlModel,
  batches: AsyncIterable<StreamedEvents & { offset: number }> | Iterable<StreamedEvents & { offset: number }>,
  opts: ScoreOptions,
): AsyncGenerator<ScoreEvent> {
  const state = await openState(model, opts);
  try {
    for await (const batch of batches) {
      const rows = scoreRows(model, state.featuriser, batch.events, opts.onlyAnomalous);
      const lstmRaw = state.lstm ? await lstmErrors(await state.lstm.get(), batch.byStream, rows.z, wantedRows(state, rows, batch.inSession)) : null;
      yield { kind: 'records', verdicts: scoreBatch(state, batch, rows, lstmRaw) };
    }
    if (model.sequence) yield { kind: 'sessions', verdicts: judgeSessions(state) };
  } finally {
    closeState(state);
  }
}

async function* scoreParts(model: MlModel, parts: AsyncIterable<EventPart>, opts: ScoreOptions, onCandidates?: OnCandidates): AsyncGenerator<ScoreEvent> {
  const state = await openState(model, opts);
  const builder = new BatchBuilder();
  const artifacts = model.lstm;
  const newLstmBatch = (): LstmBatch | null =>
    state.lstm && artifacts
      ? new LstmBatch(state.lstm.get, { timesteps: artifacts.options.timesteps, features: artifacts.features, capacity: opts.batchSize, flushChunks: opts.lstmFlushChunks })
      : null;
  let lstm = newLstmBatch();
  let rows: RowScores[] = [];
  let position = 0;
  try {
    for await (const part of parts) {
      const scored = scoreRows(model, state.featuriser, part.events.map((e) => e.event), opts.onlyAnomalous);
      rows.push(scored);
      const wanted = wantedRows(state, scored, part.events.map((e) => (e.inSession ? 1 : 0)));
      lstm?.add(part.events.map((e) => e.stream), scored.z, wanted);
      // A record that is not wanted takes no part in the batch-wide half (it is outside every session, so
      // it moves no history either): the batch keeps a placeholder, and its event dies young.
      part.events.forEach((e, i) => builder.add(e, wanted[i] === 1));
      onCandidates?.(position, wanted); // may transfer wanted's buffer away
      position += part.events.length;
      if (!part.closes) {
        await lstm?.flushIfFull();
        continue;
      }
      const lstmRaw = lstm ? await lstm.finish() : null;
      lstm = newLstmBatch();
      yield { kind: 'records', verdicts: scoreBatch(state, builder.take(), joinRows(rows), lstmRaw) };
      rows = [];
    }
    if (model.sequence) yield { kind: 'sessions', verdicts: judgeSessions(state) };
  } finally {
    closeState(state);
  }
}

async function openState(model: MlModel, opts: ScoreOptions): Promise<State> {
  return {
    model,
    opts,
    featuriser: createFeaturiser(model.features, model.ngram),
    history: new Map(),
    lstm: model.lstm ? lazyLstm(model.lstm) : null,
    sessions: new Map(),
  };
}

interface LazyLstm {
  get: () => Promise<LoadedLstm>;
  loaded: () => LoadedLstm | null;
}

/**
 * The model's LSTM, loaded on the first `get`. Why not at once: the scoring worker answers which records
 * may still be raised part by part, and the reader holds every record until then; waiting for tfjs before
 * the first answer left about 20,000 records of a scan's start held (and promoted by the collector).
 */
function lazyLstm(artifacts: LstmArtifacts): LazyLstm {
  let loading: Promise<LoadedLstm> | null = null;
  let done: LoadedLstm | null = null;
  return {
    get: () =>
      (loading ??= useWasm().then((tf) => {
        done = { tf, ae: importLstm(tf, artifacts) };
        return done;
      })),
    loaded: () => done,
  };
}

function closeState(state: State): void {
  const lstm = state.lstm?.loaded();
  if (lstm) lstm.tf.dispose(lstmVariables(lstm.ae));
}

export async function scoreRecords(
  model: MlModel,
  records: AsyncIterable<MlRecord> | Iterable<MlRecord>,
  options: Partial<ScoreOptions> = {},
): Promise<ScoreReport> {
  return collect(scoreStream(model, records, options));
}

async function collect(events: AsyncIterable<ScoreEvent>): Promise<ScoreReport> {
  const report: ScoreReport = { records: [], sessions: [] };
  for await (const e of events) {
    if (e.kind === 'records') for (const v of e.verdicts) report.records.push(v);
    else report.sessions = e.verdicts;
  }
  return report;
}

/**
 * The records that can still be raised, given their row scores: with only anomalous verdicts
 * wanted, the others are not scored further, and never appear in a verdict.
 */
function wantedRows(state: State, rows: RowScores, inSession: ArrayLike<number>): Uint8Array {
  const { model, opts } = state;
  const n = rows.forest.length;
  if (!opts.onlyAnomalous) return new Uint8Array(n).fill(1);
  const { forest, sequence, hours, news } = rows;
  const wanted = lstmCandidates({ forest, sequence, hours, inSession, weights: model.meta.options.weights, thresholds: model.thresholds });
  if (news) for (let r = 0; r < n; r++) if (news.flagged[r]) wanted[r] = 1;
  return wanted;
}

/**
 * The batch-wide half of scoring a batch whose per-record half is `rows` (row-scores.ts), given
 * its records' LSTM reconstruction errors (NaN where not computed; null without an LSTM).
 */
function scoreBatch(state: State, batch: StreamedEvents & { offset: number }, rows: RowScores, lstmRaw: Float32Array | null): RecordVerdict[] {
  const { model, opts } = state;
  const { events, offset } = batch;
  const { raw, z, forest, sequence, hours, news } = rows;
  const { normalisers, thresholds } = model;
  const n = events.length;
  const wanted = wantedRows(state, rows, batch.inSession);
  const contextLength = model.ngram ? model.ngram.order - 1 : 0;
  const verdicts: RecordVerdict[] = [];
  for (let r = 0; r < n; r++) {
    const e = events[r];
    if (e.session === null && !wanted[r]) continue; // nothing to score, no history to move
    const history = (e.session !== null ? state.history.get(e.session) : undefined) ?? [];
    if (wanted[r]) {
      const components = {
        forest: forest[r],
        lstm: lstmRaw && normalisers.lstm && !Number.isNaN(lstmRaw[r]) ? normalise(normalisers.lstm, lstmRaw[r]) : null,
        sequence: sequence ? sequence[r] : null,
        news: news ? news.component[r] : null,
      };
      const score = combine(components, model.meta.options.weights);
      // A score above the threshold is raised only with a factor that explains it.
      const factors = exceeds(thresholds, score, hours[r])
        ? lineFactors({ event: e, raw: row(raw, r), z: row(z, r), stats: model.features, ngram: model.ngram, history: [...history], label: opts.label })
        : [];
      if (news?.flagged[r]) factors.push(...newsFactors(model.news!, { ...e, template: opts.label(e.templateId) }));
      factors.sort((a, b) => b.weight - a.weight);
      const anomalous = factors.length > 0;
      if (anomalous || !opts.onlyAnomalous) verdicts.push({ index: offset + r, score, components, anomalous, factors });
      if (model.sequence) track(state, batch, r, components);
    }
    if (contextLength > 0 && e.session !== null) {
      history.push(e.templateId);
      if (history.length > contextLength) history.shift();
      state.history.set(e.session, history);
    }
  }
  return verdicts;
}

/** Add record r of the batch to its open session, if it has one. */
function track(state: State, batch: StreamedEvents & { offset: number }, r: number, c: VerdictComponents): void {
  const key = batch.streams[r];
  if (!batch.sessions.has(key)) return;
  let s = state.sessions.get(key);
  if (!s) state.sessions.set(key, (s = { indices: [], templates: [], forest: 0, lstm: null, news: null }));
  s.indices.push(batch.offset + r);
  s.templates.push(batch.events[r].templateId);
  s.forest = Math.max(s.forest, c.forest ?? 0);
  if (c.lstm !== null) s.lstm = Math.max(s.lstm ?? 0, c.lstm);
  if (c.news !== null) s.news = Math.max(s.news ?? 0, c.news);
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
      components: { forest: s.forest, lstm: s.lstm, sequence: verdict.score, news: s.news },
      anomalous: verdict.anomalous,
      factors: verdict.anomalous ? sequenceFactors(sequence, s.templates, verdict, state.opts.label) : [],
    });
  }
  state.sessions.clear();
  return out;
}

/** Reconstruction errors of the records; NaN for those outside every chunk holding a wanted record. */
async function lstmErrors(lstm: LoadedLstm, byStream: Map<string, number[]>, z: Matrix, wanted: Uint8Array): Promise<Float32Array> {
  const chunks = chunkStreams(byStream, lstm.ae.options.timesteps);
  const which = chunksWithCandidates(chunks.records, chunks.timesteps, wanted);
  const errors = which.length > 0 ? await reconstructionErrors(lstm.tf, lstm.ae, chunkBatch(chunks, z, which)) : new Float32Array(0);
  return errorsPerRecord(chunks, which, errors, z.rows);
}
