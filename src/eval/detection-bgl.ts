/**
 * Protocol "BGL 2k" (data: loghub-2k/BGL/BGL_2k.log, 2,000 lines, 143 alert lines).
 * Labels: the first token (`-` normal, anything else an alert) is used only for scoring.
 * Fully unsupervised: the model is trained on all 2,000 lines and scores the same lines.
 * Window level: tumbling windows of 20 consecutive lines (100 windows); a window is anomalous
 * when any of its lines is an alert, and predicted anomalous when any of its lines is; its score
 * is the largest line score. Line level: each line's own verdict.
 *
 * Rows: the default trained model as `train` and `scan` use it (trainModel + scoreRecords: the
 * 0.6 IF + 0.4 LSTM ensemble, and the news scorer beside it, see score.ts); for the ablation the
 * same model with one detector only (IF, LSTM, n-gram; news off) and the ensemble without news;
 * severity × global template rarity with a line-level robust cut; the news scorer alone
 * (src/detect/ml/news.ts: severity × rarity and spread of the template within its service, cut on
 * window maxima, window F1 0.836); and the "level = FATAL" reference. A model row's line score
 * (for P@k) is its verdict score, the ensemble's: news raises lines without entering it.
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { levelRank, normalizeLevel } from '../domain/index.js';
import { scoreRecords } from '../detect/ml/score.js';
import { countTemplates, robustCut, severityScores } from '../detect/ml/severity.js';
import { trainModel } from '../detect/ml/train.js';
import { fitNews, isNews, newsScores } from '../detect/ml/news.js';
import type { TrainOptions } from '../detect/ml/train-options.js';
import type { MlRecord } from '../detect/ml/types.js';
import { detectionMetrics } from './detection-metrics.js';
import type { EvalOutcome, EvalRow } from './detection-hdfs-sequences.js';
import { mineLines } from './detection-templates.js';

const FILE = join('loghub-2k', 'BGL', 'BGL_2k.log');
const PROTOCOL_WINDOW = 'BGL 2k, windows of 20 lines (unsupervised)';
const PROTOCOL_LINE = 'BGL 2k, lines (unsupervised)';
export const BGL_WINDOW = 20;

const BGL_LINE = /^(\S+) (\d+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) ?(.*)$/;

interface BglLine {
  alert: boolean;
  record: Omit<MlRecord, 'templateId' | 'params'>;
  group: string;
}

export function parseBglLine(line: string): BglLine | null {
  const m = BGL_LINE.exec(line);
  if (!m) return null;
  const [, label, epoch, , node, , , type, component, level, content] = m;
  return {
    alert: label !== '-',
    group: `${type}.${component}`,
    record: { ts: Number(epoch) * 1000, service: `${type}.${component}`, level: normalizeLevel(level), message: content, host: node },
  };
}

export async function readBgl(path: string): Promise<{ records: MlRecord[]; alerts: boolean[]; texts: string[] }> {
  const parsed: BglLine[] = [];
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    const p = parseBglLine(line);
    if (p) parsed.push(p);
  }
  const mined = mineLines(parsed.map((p) => ({ message: p.record.message, group: p.group })));
  return {
    records: parsed.map((p, i) => ({ ...p.record, templateId: mined.templateIds[i], params: mined.params[i] })),
    alerts: parsed.map((p) => p.alert),
    texts: mined.texts,
  };
}

export async function evalBgl(dataDir: string, options: Partial<TrainOptions> = {}): Promise<EvalOutcome> {
  const path = join(dataDir, FILE);
  if (!existsSync(path)) return { kind: 'skipped', reason: `BGL 2k: ${path} is missing.` };
  const { records, alerts } = await readBgl(path);
  const rows: EvalRow[] = [];
  const variants: { method: string; opts: Partial<TrainOptions> }[] = [
    { method: 'isolation forest alone', opts: { lstm: false, news: false, weights: { forest: 1, lstm: 0, sequence: 0 } } },
    { method: 'LSTM autoencoder alone', opts: { news: false, weights: { forest: 0, lstm: 1, sequence: 0 } } },
    { method: 'ensemble (0.6 IF + 0.4 LSTM) without news', opts: { news: false } },
    { method: 'default model: ensemble (0.6 IF + 0.4 LSTM) + news', opts: {} },
  ];
  for (const v of variants) {
    const trained = await trainModel(records, { ...v.opts, ...options });
    if (!trained.ok) return { kind: 'skipped', reason: `BGL 2k: ${trained.reason}` };
    const report = await scoreRecords(trained.model, records);
    const lineScores = report.records.map((r) => r.score);
    const linePred = report.records.map((r) => r.anomalous);
    rows.push({ protocol: PROTOCOL_LINE, method: v.method, metrics: detectionMetrics(linePred, alerts, lineScores) });
    const w = windows(alerts, linePred, lineScores);
    rows.push({ protocol: PROTOCOL_WINDOW, method: v.method, metrics: detectionMetrics(w.predicted, w.labels, w.scores) });
  }
  // Severity × template rarity, fit on all lines, robust (median + 3·MAD) threshold.
  const severity = severityScores(records, countTemplates(records), records.length);
  const cut = robustCut(severity);
  addRows(rows, 'severity × template rarity (robust cut)', alerts, Array.from(severity, (s) => s > cut), Array.from(severity));
  // News: severity × (rarity + lack of spread) of the template within its service, one default
  // configuration, cut = median + 3·MAD of the maxima of windows of BGL_WINDOW lines; a template
  // steady through its service's log is never news (as in the trained model).
  const news = fitNews(records, { window: BGL_WINDOW });
  const newsLine = Array.from(newsScores(news, records));
  addRows(rows, 'news alone: severity × service rarity & spread', alerts, records.map((r, i) => isNews(news, r, newsLine[i])), newsLine);
  // Reference without learning: a line is flagged when its level is FATAL.
  const fatal = records.map((r) => levelRank(r.level) >= levelRank('FATAL'));
  const ranks = records.map((r) => levelRank(r.level));
  addRows(rows, 'reference: level = FATAL (no learning)', alerts, fatal, ranks);
  return { kind: 'ran', rows };
}

function addRows(rows: EvalRow[], method: string, alerts: boolean[], predicted: boolean[], scores: number[]): void {
  rows.push({ protocol: PROTOCOL_LINE, method, metrics: detectionMetrics(predicted, alerts, scores) });
  const w = windows(alerts, predicted, scores);
  rows.push({ protocol: PROTOCOL_WINDOW, method, metrics: detectionMetrics(w.predicted, w.labels, w.scores) });
}

export function windows(alerts: boolean[], predicted: boolean[], scores: number[]): { labels: boolean[]; predicted: boolean[]; scores: number[] } {
  const out = { labels: [] as boolean[], predicted: [] as boolean[], scores: [] as number[] };
  for (let start = 0; start < alerts.length; start += BGL_WINDOW) {
    const end = Math.min(alerts.length, start + BGL_WINDOW);
    out.labels.push(alerts.slice(start, end).some(Boolean));
    out.predicted.push(predicted.slice(start, end).some(Boolean));
    out.scores.push(Math.max(...scores.slice(start, end)));
  }
  return out;
}
