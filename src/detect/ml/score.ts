/**
 * Scoring: records → a verdict per record (ensemble of isolation forest, LSTM reconstruction
 * error and transition surprise, each normalised to 0–1) and, when the model has a sequence
 * model, a verdict per session. Anomalous records and sessions carry factors.
 *
 * A session's verdict is the sequence model's (score, anomalous, factors); its forest and LSTM
 * components are the largest among its records.
 */
import type { Factor } from '../../domain/index.js';
import { chunkBatch, chunkStreams, errorsPerRecord } from './chunks.js';
import { combine, forestComponent, normalise } from './ensemble.js';
import { lineFactors } from './factors.js';
import { createFeaturiser, F, FEATURE_COUNT, maskWarmUp, standardise } from './features.js';
import { rangeExcess, scoreForest } from './isolation-forest.js';
import { lstmVariables, reconstructionErrors } from './lstm-autoencoder.js';
import { importLstm } from './lstm-io.js';
import { createMatrix, row } from './matrix.js';
import type { MlModel } from './model.js';
import { scoreSequence, sequenceFactors } from './sequence.js';
import { readStreams, templatesOf } from './streams.js';
import { exceeds } from './threshold.js';
import { useWasm } from './tf-backend.js';
import type { MlRecord, RecordVerdict, ScoreReport, SessionVerdict } from './types.js';

export interface ScoreOptions {
  /** Name of a template id in factor sentences (default "#id"). */
  label: (templateId: number) => string;
  /** Also return verdicts of normal records (default: every record is returned). */
  onlyAnomalous: boolean;
}

export const DEFAULT_SCORE: ScoreOptions = { label: (id) => `#${id}`, onlyAnomalous: false };

export async function scoreRecords(
  model: MlModel,
  records: AsyncIterable<MlRecord> | Iterable<MlRecord>,
  options: Partial<ScoreOptions> = {},
): Promise<ScoreReport> {
  const opts = { ...DEFAULT_SCORE, ...options };
  const { events, byStream, sessions } = await readStreams(records, model.meta.options.sessionKey);
  const n = events.length;
  const featuriser = createFeaturiser(model.features, model.ngram);
  const raw = createMatrix(n, FEATURE_COUNT);
  const warmingUp = new Uint8Array(n);
  events.forEach((e, r) => {
    const f = featuriser.next(e);
    raw.data.set(f.vector, r * FEATURE_COUNT);
    warmingUp[r] = f.warmingUp ? 1 : 0;
  });
  const z = createMatrix(n, FEATURE_COUNT);
  z.data.set(raw.data);
  standardise(model.features, z.data);
  maskWarmUp(z.data, warmingUp);

  const forestRaw = scoreForest(model.forest, z);
  const excess = rangeExcess(model.forest, z);
  const lstmRaw = model.lstm ? await lstmScores(model, byStream, z) : null;
  const { normalisers, thresholds } = model;
  const weights = model.meta.options.weights;

  const verdicts: RecordVerdict[] = [];
  const history = new Map<string, number[]>();
  const contextLength = model.ngram ? model.ngram.order - 1 : 0;
  const forestN = new Float32Array(n);
  const lstmN = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const e = events[r];
    const components = {
      forest: forestComponent(normalisers.forest, forestRaw[r], excess[r]),
      lstm: lstmRaw && normalisers.lstm && !Number.isNaN(lstmRaw[r]) ? normalise(normalisers.lstm, lstmRaw[r]) : null,
      sequence: normalisers.sequence ? normalise(normalisers.sequence, raw.data[r * FEATURE_COUNT + F.transitionSurprise]) : null,
    };
    forestN[r] = components.forest;
    lstmN[r] = components.lstm ?? 0;
    const score = combine(components, weights);
    const anomalous = exceeds(thresholds, score, new Date(e.ts).getUTCHours());
    const h = history.get(e.session ?? '') ?? [];
    let factors: Factor[] = [];
    if (anomalous) {
      factors = lineFactors({ event: e, raw: row(raw, r), z: row(z, r), stats: model.features, ngram: model.ngram, history: [...h], label: opts.label });
    }
    if (contextLength > 0) {
      h.push(e.templateId);
      if (h.length > contextLength) h.shift();
      history.set(e.session ?? '', h);
    }
    if (anomalous || !opts.onlyAnomalous) verdicts.push({ index: r, score, components, anomalous, factors });
  }

  const sessionVerdicts: SessionVerdict[] = [];
  if (model.sequence) {
    for (const [key, indices] of sessions) {
      const templates = templatesOf(events, indices);
      const s = scoreSequence(model.sequence, templates);
      if (!s.anomalous && opts.onlyAnomalous) continue;
      sessionVerdicts.push({
        key,
        indices,
        score: s.score,
        components: { forest: maxOf(forestN, indices), lstm: lstmRaw ? maxOf(lstmN, indices) : null, sequence: s.score },
        anomalous: s.anomalous,
        factors: s.anomalous ? sequenceFactors(model.sequence, templates, s, opts.label) : [],
      });
    }
  }
  return { records: verdicts, sessions: sessionVerdicts };
}

async function lstmScores(model: MlModel, byStream: Map<string, number[]>, z: ReturnType<typeof createMatrix>): Promise<Float32Array> {
  const tf = await useWasm();
  const ae = importLstm(tf, model.lstm!);
  try {
    const chunks = chunkStreams(byStream, ae.options.timesteps);
    const all = Array.from({ length: chunks.count }, (_, i) => i);
    const errors = await reconstructionErrors(tf, ae, chunkBatch(chunks, z, all));
    return errorsPerRecord(chunks, all, errors, z.rows);
  } finally {
    tf.dispose(lstmVariables(ae));
  }
}

function maxOf(values: Float32Array, indices: number[]): number {
  let m = 0;
  for (const i of indices) m = Math.max(m, values[i]);
  return m;
}
