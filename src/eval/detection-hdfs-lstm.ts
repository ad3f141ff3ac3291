/**
 * The LSTM autoencoder alone on the HDFS DeepLog sequences protocol: each session becomes one-hot
 * event vectors (vocabulary of hdfs_train plus "unknown" and an END marker after the last event,
 * so where a session stops is part of what is reconstructed), cut into chunks of 20 steps. A
 * session's score is its largest per-step reconstruction error; the threshold is the 99th
 * percentile (1% FPR) of the scores of a seeded held-out 20% of hdfs_train, which is not trained on.
 */
import { DEFAULT_LSTM, type LstmOptions, type SequenceBatch } from '../detect/ml/lstm-autoencoder.js';
import { runLstmJob } from '../detect/ml/lstm-job.js';
import { holdOutSplit } from '../detect/ml/prng.js';
import { thresholdForFpr } from '../detect/ml/threshold.js';
import { detectionMetrics, type DetectionMetrics } from './detection-metrics.js';

interface Encoded {
  batch: SequenceBatch;
  /** Session of each chunk step (−1 for padding). */
  owner: Int32Array;
}

function encode(sessions: number[][], vocab: Map<number, number>, timesteps: number): Encoded {
  const features = vocab.size + 2;
  const unknown = vocab.size;
  const end = vocab.size + 1;
  const steps = sessions.map((s) => [...s.map((e) => vocab.get(e) ?? unknown), end]);
  const chunks = steps.reduce((n, s) => n + Math.ceil(s.length / timesteps), 0);
  const data = new Float32Array(chunks * timesteps * features);
  const owner = new Int32Array(chunks * timesteps).fill(-1);
  let c = 0;
  steps.forEach((s, session) => {
    for (let start = 0; start < s.length; start += timesteps, c++) {
      for (let t = 0; t < timesteps && start + t < s.length; t++) {
        data[(c * timesteps + t) * features + s[start + t]] = 1;
        owner[c * timesteps + t] = session;
      }
    }
  });
  return { batch: { data, count: chunks, timesteps, features }, owner };
}

function sessionScores(e: Encoded, errors: Float32Array, sessions: number): Float32Array {
  const out = new Float32Array(sessions);
  e.owner.forEach((s, i) => {
    if (s >= 0) out[s] = Math.max(out[s], errors[i]);
  });
  return out;
}

export async function lstmOnSessions(
  train: number[][],
  tests: { events: number[]; anomalous: boolean }[],
  options: Partial<LstmOptions> = {},
): Promise<{ ok: true; metrics: DetectionMetrics } | { ok: false; reason: string }> {
  const timesteps = options.timesteps ?? DEFAULT_LSTM.timesteps;
  const vocab = new Map([...new Set(train.flat())].sort((a, b) => a - b).map((e, i) => [e, i]));
  const split = holdOutSplit(train.length, 0.2, 7);
  const fit = encode(Array.from(split.fit, (i) => train[i]), vocab, timesteps);
  const held = encode(Array.from(split.holdOut, (i) => train[i]), vocab, timesteps);
  const test = encode(tests.map((t) => t.events), vocab, timesteps);
  const job = await runLstmJob({ train: fit.batch, options: { epochs: 10, learningRate: 5e-3, seed: 7, ...options, timesteps }, score: [held.batch, test.batch] });
  if (!job.ok) return job;
  const threshold = thresholdForFpr(sessionScores(held, job.errors[0], split.holdOut.length), 0.01);
  const scores = sessionScores(test, job.errors[1], tests.length);
  return { ok: true, metrics: detectionMetrics(Array.from(scores, (s) => s > threshold), tests.map((t) => t.anomalous), scores) };
}
