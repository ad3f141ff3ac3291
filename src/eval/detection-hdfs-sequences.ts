/**
 * Protocol "HDFS DeepLog sequences" (data: hdfs-deeplog-sequences).
 * Train on `hdfs_train` (4,855 normal block sessions, event ids 1..28); test on
 * `robust_log_valid.csv` (1,000 normal + 1,000 anomalous, header `Sequence,label`).
 * Every choice (n-gram order, thresholds at 1% FPR) is made on a seeded held-out 20% of
 * hdfs_train; the test labels are used only for scoring.
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fitForest, scoreForest } from '../detect/ml/isolation-forest.js';
import { createMatrix, type Matrix } from '../detect/ml/matrix.js';
import { holdOutSplit } from '../detect/ml/prng.js';
import { scoreSequence, trainSequenceModel, type SequenceOptions } from '../detect/ml/sequence.js';
import { thresholdForFpr } from '../detect/ml/threshold.js';
import { lstmOnSessions } from './detection-hdfs-lstm.js';
import { detectionMetrics, type DetectionMetrics } from './detection-metrics.js';

export interface EvalRow {
  protocol: string;
  method: string;
  metrics: DetectionMetrics;
  note?: string;
}

export type EvalOutcome = { kind: 'ran'; rows: EvalRow[] } | { kind: 'skipped'; reason: string };

const DIR = 'hdfs-deeplog-sequences';
const PROTOCOL = 'HDFS DeepLog sequences (train hdfs_train, test robust_log_valid)';

async function* lines(path: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) if (line.trim()) yield line;
}

function parseEvents(text: string): number[] {
  return text.trim().split(/\s+/).map(Number);
}

export async function readTrainSessions(path: string): Promise<number[][]> {
  const out: number[][] = [];
  for await (const line of lines(path)) out.push(parseEvents(line));
  return out;
}

export async function readLabelledSessions(path: string): Promise<{ events: number[]; anomalous: boolean }[]> {
  const out: { events: number[]; anomalous: boolean }[] = [];
  let header = true;
  for await (const line of lines(path)) {
    if (header) {
      header = false;
      continue;
    }
    const comma = line.lastIndexOf(',');
    out.push({ events: parseEvents(line.slice(0, comma)), anomalous: line.slice(comma + 1).trim() === '1' });
  }
  return out;
}

export async function evalHdfsSequences(dataDir: string, options: Partial<SequenceOptions> = {}): Promise<EvalOutcome> {
  const train = join(dataDir, DIR, 'hdfs_train');
  const test = join(dataDir, DIR, 'robust_log_valid.csv');
  if (!existsSync(train) || !existsSync(test)) return { kind: 'skipped', reason: `${PROTOCOL}: ${join(dataDir, DIR)} is missing.` };
  const sessions = await readTrainSessions(train);
  const tests = await readLabelledSessions(test);
  const labels = tests.map((t) => t.anomalous);

  const model = trainSequenceModel(sessions, options);
  const seqScores = tests.map((t) => scoreSequence(model, t.events));
  const rows: EvalRow[] = [
    {
      protocol: PROTOCOL,
      method: `sequence model (n-gram order ${model.ngram.order}, ${model.invariants.length} count invariants, event counts)`,
      metrics: detectionMetrics(seqScores.map((s) => s.anomalous), labels, seqScores.map((s) => s.score)),
    },
  ];
  // Each of its three tests alone (same model, each at its third of the FPR budget).
  const parts: [string, (s: (typeof seqScores)[number]) => number, number][] = [
    ['  part: n-gram transitions', (s) => s.surprise, model.surpriseThreshold],
    ['  part: count invariants', (s) => s.broken.length, model.brokenThreshold],
    ['  part: event counts', (s) => s.count.bits, model.countThreshold],
  ];
  for (const [method, value, threshold] of parts) {
    const values = seqScores.map(value);
    rows.push({ protocol: PROTOCOL, method, metrics: detectionMetrics(values.map((v) => v > threshold), labels, values) });
  }

  // Isolation forest on event-count vectors, threshold at 1% FPR on the same held-out split.
  const vocab = [...new Set(sessions.flat())].sort((a, b) => a - b);
  const toMatrix = (list: number[][]): Matrix => {
    const m = createMatrix(list.length, vocab.length + 1);
    list.forEach((events, r) => {
      for (const e of events) {
        const c = vocab.indexOf(e);
        m.data[r * m.cols + (c < 0 ? vocab.length : c)] += 1;
      }
    });
    return m;
  };
  const split = holdOutSplit(sessions.length, 0.2, 7);
  const forest = fitForest(toMatrix(Array.from(split.fit, (i) => sessions[i])), { seed: 7 });
  const threshold = thresholdForFpr(scoreForest(forest, toMatrix(Array.from(split.holdOut, (i) => sessions[i]))), 0.01);
  const ifScores = scoreForest(forest, toMatrix(tests.map((t) => t.events)));
  rows.push({
    protocol: PROTOCOL,
    method: 'isolation forest on event counts',
    metrics: detectionMetrics(Array.from(ifScores, (s) => s > threshold), labels, ifScores),
  });
  const lstm = await lstmOnSessions(sessions, tests);
  if (lstm.ok) rows.push({ protocol: PROTOCOL, method: 'LSTM autoencoder alone (one-hot events, 20-step chunks)', metrics: lstm.metrics });
  else rows.push({ protocol: PROTOCOL, method: 'LSTM autoencoder alone', metrics: detectionMetrics([], [], []), note: lstm.reason });
  return { kind: 'ran', rows };
}
