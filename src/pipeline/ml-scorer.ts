/**
 * The model-scoring hook of detection (MlScorer, see detect-run.ts) over a model trained by
 * src/detect/ml. Stored records are scored in id order, in chunks; anomalous lines become alerts
 * with source 'ml', one per service, template and window with the lines as evidence, and each
 * anomalous session one 'ml-sequence' alert. Progress is a watermark, like a rule's, so
 * incremental runs score each record once; records of the model's training period are normal by
 * definition and skipped (a range run scores whatever it is asked to).
 */
import { MAX_EVIDENCE, type AlertDraft, type Severity, type StoredLog } from '../domain/index.js';
import { bucketStart, fingerprint } from '../detect/rules/fingerprint.js';
import type { MlModel } from '../detect/ml/model.js';
import { NEWS_COMPONENT_CUT } from '../detect/ml/news.js';
import { scoreRecords } from '../detect/ml/score.js';
import { thresholdAt } from '../detect/ml/threshold.js';
import type { MlRecord, RecordVerdict, ScoreReport, SessionVerdict } from '../detect/ml/types.js';
import type { Store } from '../store/store.js';
import type { MlScorer, MlScoring } from './detect-run.js';
import { readModelTemplates, templateIdTranslator } from './model-templates.js';

export interface ModelScorerOptions {
  /** Records scored per call of the model (bounds memory; context restarts at each chunk). */
  chunkRecords: number;
  /** Anomalous lines of one service and template within this window make one alert. */
  windowMs: number;
}

export const DEFAULT_MODEL_SCORER: ModelScorerOptions = { chunkRecords: 100_000, windowMs: 5 * 60_000 };

export const ML_WATERMARK = 'ml';
export const ML_LINE_RULE = 'ml';
export const ML_SEQUENCE_RULE = 'ml-sequence';

/** A session is anomalous exactly when its sequence score is above one half (see src/detect/ml/sequence.ts). */
const SEQUENCE_THRESHOLD = 0.5;

export function createModelScorer(model: MlModel, options: Partial<ModelScorerOptions> = {}): MlScorer {
  const opts = { ...DEFAULT_MODEL_SCORER, ...options };
  return {
    async score(store: Store, range: { since?: number; until?: number }): Promise<MlScoring> {
      const rangeRun = range.since !== undefined || range.until !== undefined;
      const mark = rangeRun ? null : await store.getWatermark(ML_WATERMARK);
      const label = await templateLabels(store, model);
      const modelId = await templateIdTranslator(store, model);
      const pages = store.scanLogs(rangeRun ? { since: range.since, until: range.until } : { afterId: mark?.logId ?? 0 });
      const drafts: AlertDraft[] = [];
      let scored = 0;
      let last = mark;
      for await (const chunk of chunked(pages, opts.chunkRecords)) {
        const logs = chunk.filter((r) => scorable(r) && (rangeRun || !inTraining(model, r.ts)));
        scored += logs.length;
        if (logs.length > 0) {
          const report = await scoreRecords(model, logs.map((r) => toMlRecord(r, modelId)), { onlyAnomalous: true, label });
          drafts.push(...chunkDrafts(logs, report, model, opts));
        }
        last = { logId: chunk[chunk.length - 1]!.id, ts: chunk.reduce((t, r) => Math.max(t, r.ts), last?.ts ?? -Infinity) };
      }
      const progress = last;
      return { scored, drafts, commit: async () => (!rangeRun && progress && progress !== mark ? store.setWatermark(ML_WATERMARK, progress) : undefined) };
    },
  };
}

/** Records without a template are not scored. */
export const scorable = (r: StoredLog): boolean => r.templateId !== null;

/**
 * The alert drafts of one chunk's report (a chunk is one input of the model: its context restarts
 * there, so every caller that must agree cuts the same chunks, see stream-scorer.ts): its anomalous
 * lines, then its anomalous sessions. Pure.
 */
export function chunkDrafts(logs: readonly (StoredLog | undefined)[], report: ScoreReport, model: Pick<MlModel, 'thresholds'>, opts: Pick<ModelScorerOptions, 'windowMs'>): AlertDraft[] {
  return [...lineAlerts(logs, report.records, model, opts), ...sessionAlerts(logs, report.sessions)];
}

/** A stored record as the model reads it, its template id in the model's numbering. */
function toMlRecord(r: StoredLog, modelId: (storeId: number) => number): MlRecord {
  return { ts: r.ts, service: r.service, level: r.level, templateId: modelId(r.templateId!), params: r.params, message: r.message, host: r.host, user: r.user, attrs: r.attrs };
}

function inTraining(model: MlModel, ts: number): boolean {
  const { from, to } = model.meta.trainedOn;
  return from !== null && to !== null && ts >= from && ts <= to;
}

/**
 * What raised an anomalous line and its score against that detector's threshold: the ensemble when
 * its score is above its threshold, else the news scorer (whose component is not in the ensemble
 * score, so an alert raised by news alone reports the news component and its cut). Pure.
 */
export function lineEvidence(v: RecordVerdict, thresholds: MlModel['thresholds'], hour: number): { by: 'model' | 'news'; observed: number; threshold: number } {
  const ensemble = thresholdAt(thresholds, hour);
  if (v.score > ensemble || v.components.news === null || v.components.news <= NEWS_COMPONENT_CUT) return { by: 'model', observed: v.score, threshold: ensemble };
  return { by: 'news', observed: v.components.news, threshold: NEWS_COMPONENT_CUT };
}

/** Anomalous lines, one alert per service, template and window; its factors are the top line's. Pure. */
export function lineAlerts(logs: readonly (StoredLog | undefined)[], verdicts: readonly RecordVerdict[], model: Pick<MlModel, 'thresholds'>, opts: Pick<ModelScorerOptions, 'windowMs'>): AlertDraft[] {
  const groups = new Map<string, { log: StoredLog; verdict: RecordVerdict; evidence: ReturnType<typeof lineEvidence> }[]>();
  for (const verdict of verdicts) {
    if (!verdict.anomalous) continue;
    const log = logs[verdict.index]!;
    const key = `${log.service}\u0000${log.templateId}\u0000${bucketStart(log.ts, opts.windowMs)}`;
    const evidence = lineEvidence(verdict, model.thresholds, new Date(log.ts).getUTCHours());
    groups.set(key, [...(groups.get(key) ?? []), { log, verdict, evidence }]);
  }
  return [...groups.values()].map((lines) => {
    const top = lines.reduce((a, b) => (b.evidence.observed > a.evidence.observed ? b : a));
    const scope = { service: top.log.service, templateId: top.log.templateId! };
    const score = round(top.evidence.observed);
    const what = lines.length === 1 ? 'An unusual line' : `${lines.length} unusual lines`;
    return {
      fingerprint: fingerprint({ ruleName: ML_LINE_RULE, scope, bucket: bucketStart(top.log.ts, opts.windowMs) }),
      source: 'ml',
      ruleId: null,
      ruleName: ML_LINE_RULE,
      severity: mlSeverity(score),
      scope,
      windowStart: lines.reduce((t, l) => Math.min(t, l.log.ts), Infinity),
      windowEnd: lines.reduce((t, l) => Math.max(t, l.log.ts), -Infinity),
      observed: score,
      threshold: round(top.evidence.threshold),
      score,
      message: `${what} in service ${top.log.service} (${top.evidence.by} score ${score.toFixed(2)}).`,
      evidence: lines.slice(0, MAX_EVIDENCE).map((l) => l.log.id),
      factors: top.verdict.factors,
    };
  });
}

/** Anomalous sessions (sequences), one alert each. Pure. */
export function sessionAlerts(logs: readonly (StoredLog | undefined)[], verdicts: readonly SessionVerdict[]): AlertDraft[] {
  return verdicts
    .filter((v) => v.anomalous && v.indices.length > 0)
    .map((v) => {
      const lines = v.indices.map((i) => logs[i]!);
      const first = lines[0]!;
      const scope = { service: first.service };
      const score = round(v.score);
      return {
        fingerprint: fingerprint({ ruleName: ML_SEQUENCE_RULE, scope, key: v.key, bucket: first.ts }),
        source: 'ml',
        ruleId: null,
        ruleName: ML_SEQUENCE_RULE,
        severity: mlSeverity(score),
        scope,
        windowStart: first.ts,
        windowEnd: lines[lines.length - 1]!.ts,
        observed: score,
        threshold: SEQUENCE_THRESHOLD,
        score,
        message: `Unusual sequence of ${lines.length} lines in session ${v.key} of service ${first.service} (model score ${score.toFixed(2)}).`,
        evidence: lines.slice(0, MAX_EVIDENCE).map((l) => l.id),
        factors: v.factors,
      };
    });
}

/** How loud a model anomaly is, by its score. */
export function mlSeverity(score: number): Severity {
  if (score >= 0.99) return 'HIGH';
  if (score >= 0.9) return 'MEDIUM';
  return 'LOW';
}

/** Names of template ids in the model's numbering (its own templates first, then the store's). */
export async function templateLabels(store: Store, model: MlModel): Promise<(id: number) => string> {
  const texts = new Map((await store.listTemplates({ limit: Number.MAX_SAFE_INTEGER })).map((t) => [t.id, t.name ?? t.text]));
  for (const t of readModelTemplates(model)) texts.set(t.id, t.text);
  return (id) => (texts.has(id) ? `"${texts.get(id)}"` : `#${id}`);
}

/** Pages regrouped into chunks of about `size` records (whole pages). */
async function* chunked(pages: AsyncIterable<StoredLog[]>, size: number): AsyncIterable<StoredLog[]> {
  let chunk: StoredLog[] = [];
  for await (const page of pages) {
    chunk.push(...page);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;
