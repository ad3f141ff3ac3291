/**
 * Protocols on raw HDFS lines, session = block id (`blk_-?\d+`, the first one in a line).
 *
 * - "HDFS v1 head 10k" (hdfs-v1-head-labeled): hdfs_sample.log with hdfs_sample_labels.csv
 *   (1,018 blocks, 23 anomalous). Unsupervised: train on all lines, score all blocks.
 * - "HDFS 2k" (hdfs-2k-block-labels + loghub-2k/HDFS/HDFS_2k.log): train on the lines of the
 *   blocks in train.csv (labels unused), score the blocks in test.csv (440, 13 anomalous).
 *
 * Line detectors (IF, LSTM) flag a block when any of its lines is anomalous and score it by its
 * largest line score; the sequence model judges the block's session; the ensemble flags a block
 * when either does and scores it by the larger score. Labels are used only for scoring. Note: these windows cut most sessions short (see the data README),
 * which no method can see past.
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { normalizeLevel } from '../domain/index.js';
import { scoreRecords } from '../detect/ml/score.js';
import { HDFS_BLOCK_SESSION } from '../detect/ml/sessions.js';
import { trainModel } from '../detect/ml/train.js';
import type { TrainOptions } from '../detect/ml/train-options.js';
import type { MlRecord } from '../detect/ml/types.js';
import { detectionMetrics } from './detection-metrics.js';
import type { EvalOutcome, EvalRow } from './detection-hdfs-sequences.js';
import { mineLines } from './detection-templates.js';

const HDFS_LINE = /^(\d{6}) (\d{6}) (\d+) (\S+) ([^:]+): (.*)$/;
const BLOCK = /blk_-?\d+/;

export function parseHdfsLine(line: string): Omit<MlRecord, 'templateId' | 'params'> | null {
  const m = HDFS_LINE.exec(line);
  if (!m) return null;
  const [, date, time, , level, component, content] = m;
  const ts = Date.UTC(2000 + Number(date.slice(0, 2)), Number(date.slice(2, 4)) - 1, Number(date.slice(4, 6)), Number(time.slice(0, 2)), Number(time.slice(2, 4)), Number(time.slice(4, 6)));
  return { ts, service: 'hdfs', level: normalizeLevel(level), message: content, attrs: { component } };
}

async function readLines(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) if (line) out.push(line);
  return out;
}

export async function readHdfs(path: string): Promise<MlRecord[]> {
  const parsed = (await readLines(path)).map(parseHdfsLine).filter((r) => r !== null);
  const mined = mineLines(parsed.map((r) => ({ message: r.message, group: 'hdfs' })));
  return parsed.map((r, i) => ({ ...r, templateId: mined.templateIds[i], params: mined.params[i] }));
}

/** BlockId → anomalous, from a CSV whose first column is the block id and `labelColumn` the label. */
async function readBlockLabels(path: string, labelColumn: (cells: string[]) => boolean): Promise<Map<string, boolean>> {
  const labels = new Map<string, boolean>();
  const lines = await readLines(path);
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    labels.set(cells[0], labelColumn(cells));
  }
  return labels;
}

const blockOf = (r: MlRecord): string | null => BLOCK.exec(r.message)?.[0] ?? null;

async function evalBlocks(
  protocol: string,
  train: MlRecord[],
  test: MlRecord[],
  labels: Map<string, boolean>,
  options: Partial<TrainOptions>,
): Promise<EvalRow[] | string> {
  const rows: EvalRow[] = [];
  const lines = (w: Partial<TrainOptions['weights']>): TrainOptions['weights'] => ({ forest: 0, lstm: 0, sequence: 0, ...w });
  const variants: { method: string; opts: Partial<TrainOptions>; use: 'lines' | 'sessions' | 'both' }[] = [
    { method: 'isolation forest alone (lines → block)', opts: { lstm: false, weights: lines({ forest: 1 }) }, use: 'lines' },
    { method: 'sequence model alone (sessions)', opts: { lstm: false }, use: 'sessions' },
    { method: 'LSTM autoencoder alone (lines → block)', opts: { weights: lines({ lstm: 1 }) }, use: 'lines' },
    { method: 'ensemble (IF + LSTM lines, sequence sessions)', opts: {}, use: 'both' },
  ];
  for (const v of variants) {
    const trained = await trainModel(train, { sessionKey: HDFS_BLOCK_SESSION, ...v.opts, ...options });
    if (!trained.ok) return trained.reason;
    const report = await scoreRecords(trained.model, test);
    const lineScore = new Map<string, number>();
    const lineFlag = new Map<string, boolean>();
    for (const r of report.records) {
      const block = blockOf(test[r.index]);
      if (!block) continue;
      lineScore.set(block, Math.max(lineScore.get(block) ?? 0, r.score));
      lineFlag.set(block, (lineFlag.get(block) ?? false) || r.anomalous);
    }
    const useLines = v.use !== 'sessions';
    const useSessions = v.use !== 'lines';
    const session = new Map(report.sessions.map((s) => [s.key, s]));
    const blocks = [...labels.keys()].filter((b) => lineScore.has(b));
    const predicted = blocks.map((b) => (useLines && (lineFlag.get(b) ?? false)) || (useSessions && (session.get(b)?.anomalous ?? false)));
    const scores = blocks.map((b) => Math.max(useLines ? (lineScore.get(b) ?? 0) : 0, useSessions ? (session.get(b)?.score ?? 0) : 0));
    rows.push({ protocol, method: v.method, metrics: detectionMetrics(predicted, blocks.map((b) => labels.get(b)!), scores) });
  }
  return rows;
}

export async function evalHdfsHead(dataDir: string, options: Partial<TrainOptions> = {}): Promise<EvalOutcome> {
  const dir = join(dataDir, 'hdfs-v1-head-labeled');
  const log = join(dir, 'hdfs_sample.log');
  const labelsFile = join(dir, 'hdfs_sample_labels.csv');
  if (!existsSync(log) || !existsSync(labelsFile)) return { kind: 'skipped', reason: `HDFS v1 head: ${dir} is missing.` };
  const records = await readHdfs(log);
  const labels = await readBlockLabels(labelsFile, (cells) => cells[1].trim() === 'Anomaly');
  const rows = await evalBlocks('HDFS v1 head 10k lines, blocks (unsupervised)', records, records, labels, options);
  return typeof rows === 'string' ? { kind: 'skipped', reason: `HDFS v1 head: ${rows}` } : { kind: 'ran', rows };
}

export async function evalHdfs2k(dataDir: string, options: Partial<TrainOptions> = {}): Promise<EvalOutcome> {
  const dir = join(dataDir, 'hdfs-2k-block-labels');
  const log = join(dataDir, 'loghub-2k', 'HDFS', 'HDFS_2k.log');
  const files = [join(dir, 'train.csv'), join(dir, 'test.csv'), log];
  if (!files.every(existsSync)) return { kind: 'skipped', reason: `HDFS 2k: one of ${files.join(', ')} is missing.` };
  const records = await readHdfs(log);
  const label = (cells: string[]): boolean => cells[cells.length - 2].trim() === '1';
  const trainBlocks = await readBlockLabels(files[0], label);
  const testLabels = await readBlockLabels(files[1], label);
  const train = records.filter((r) => trainBlocks.has(blockOf(r) ?? ''));
  const test = records.filter((r) => testLabels.has(blockOf(r) ?? ''));
  const rows = await evalBlocks('HDFS 2k, train.csv blocks → test.csv blocks', train, test, testLabels, options);
  return typeof rows === 'string' ? { kind: 'skipped', reason: `HDFS 2k: ${rows}` } : { kind: 'ran', rows };
}
