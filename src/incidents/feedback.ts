/**
 * Feedback: "not an anomaly" marks and silences. The decision (`isSuppressed`) is pure and is
 * called by detection before it writes an alert; the rest are thin, persisted, reversible store edits.
 *
 * - Marking an alert normal suppresses its repeats: alerts with the same signature (source, rule
 *   and scope; the window does not matter). Unmarking lifts it.
 * - Marking a template normal suppresses alerts about its novelty: ML alerts on it, and alerts
 *   explained by NEW TEMPLATE or RARE PARAMETER VALUE. Rule alerts on its volume still fire
 *   (a flood of a normal line can still be an incident); silence the template to stop those too.
 * - A silence mutes a rule (by name or id), a template (by id) or a service until it expires.
 *   It expires at `until`: a silence is active while now < until.
 */
import type { Alert, AlertDraft, StoredLog, Template } from '../domain/index.js';
import type { DetectStore, FeedbackStore, LogStore, Silence, SilenceTarget, TemplateStore } from '../store/store.js';
import { DAY, HOUR, MINUTE, SECOND } from './time.js';

export interface SuppressionContext {
  silences: readonly Silence[];
  normalTemplates: ReadonlySet<number>;
  /** Signatures (see alertSignature) of alerts marked normal. */
  normalSignatures: ReadonlySet<string>;
}

export type Suppression =
  | { kind: 'none' }
  | { kind: 'silenced'; silence: Silence }
  | { kind: 'normal_template'; templateId: number }
  | { kind: 'normal_alert'; signature: string };

type SuppressibleDraft = Pick<AlertDraft, 'source' | 'ruleId' | 'ruleName' | 'scope' | 'factors'>;

/** What makes repeats of an alert "the same alert": source, rule and scope, not the window. */
export function alertSignature(a: Pick<AlertDraft, 'source' | 'ruleName' | 'scope'>): string {
  const { service, host, user, ip, templateId } = a.scope;
  return JSON.stringify([a.source, a.ruleName, service ?? null, host ?? null, user ?? null, ip ?? null, templateId ?? null]);
}

export function isSilenceActive(silence: Pick<Silence, 'until'>, now: number): boolean {
  return now < silence.until;
}

export function silenceMatches(target: SilenceTarget, draft: SuppressibleDraft): boolean {
  switch (target.kind) {
    case 'rule':
      return target.value === draft.ruleName || (draft.ruleId !== null && target.value === String(draft.ruleId));
    case 'template':
      return draft.scope.templateId !== undefined && target.value === String(draft.scope.templateId);
    case 'service':
      return target.value === draft.scope.service;
  }
}

/** Whether detection should drop this alert, and why. */
export function isSuppressed(draft: SuppressibleDraft, ctx: SuppressionContext, now: number): Suppression {
  const silence = ctx.silences.find((s) => isSilenceActive(s, now) && silenceMatches(s.target, draft));
  if (silence) return { kind: 'silenced', silence };
  const { templateId } = draft.scope;
  if (templateId !== undefined && ctx.normalTemplates.has(templateId) && isAboutNovelty(draft)) {
    return { kind: 'normal_template', templateId };
  }
  const signature = alertSignature(draft);
  if (ctx.normalSignatures.has(signature)) return { kind: 'normal_alert', signature };
  return { kind: 'none' };
}

function isAboutNovelty(draft: SuppressibleDraft): boolean {
  return draft.source === 'ml' || draft.factors.some((f) => f.kind === 'new_template' || f.kind === 'rare_param');
}

// ---------------------------------------------------------------- durations

const UNITS: Record<string, number> = { s: SECOND, m: MINUTE, min: MINUTE, h: HOUR, d: DAY, w: 7 * DAY };

export type Parsed<T> = { kind: 'ok'; value: T } | { kind: 'invalid'; reason: string };

/** "90s", "15m", "2h", "1d", "1w", "1h30m" → milliseconds. */
export function parseDuration(text: string): Parsed<number> {
  const trimmed = text.trim().toLowerCase();
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)\s*(min|s|m|h|d|w)/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || consumed.replace(/\s/g, '') !== trimmed.replace(/\s/g, '')) {
    return { kind: 'invalid', reason: `"${text}" is not a duration such as 30m, 2h, 1d or 1h30m.` };
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]], 0);
  return ms > 0 ? { kind: 'ok', value: ms } : { kind: 'invalid', reason: `"${text}" is not a positive duration.` };
}

// ---------------------------------------------------------------- store edges

export type FeedbackOutcome<T> = { kind: 'done'; value: T } | { kind: 'not_found'; reason: string } | { kind: 'invalid'; reason: string };

type SuppressionStore = Pick<FeedbackStore, 'listSilences' | 'listNormalAlerts'> & Pick<TemplateStore, 'listTemplates'> & Pick<DetectStore, 'getAlert'>;

/** Everything `isSuppressed` needs, read from the store once per detection batch. */
export async function loadSuppression(store: SuppressionStore, now: number): Promise<SuppressionContext> {
  const [silences, templates, normalIds] = await Promise.all([store.listSilences({ activeAt: now }), store.listTemplates(), store.listNormalAlerts()]);
  const alerts = await Promise.all(normalIds.map((id) => store.getAlert(id)));
  return {
    silences: silences.filter((s) => isSilenceActive(s, now)),
    normalTemplates: new Set(templates.filter((t) => t.normal).map((t) => t.id)),
    normalSignatures: new Set(alerts.filter((a): a is Alert => a !== null).map(alertSignature)),
  };
}

/** Mark (or unmark) an alert "not an anomaly". */
export async function markAlertNormal(
  store: Pick<FeedbackStore, 'markAlertNormal'> & Pick<DetectStore, 'getAlert'>,
  alertId: number,
  normal = true,
): Promise<FeedbackOutcome<{ alert: Alert; signature: string }>> {
  const alert = await store.getAlert(alertId);
  if (!alert) return { kind: 'not_found', reason: `No alert has id ${alertId}.` };
  await store.markAlertNormal(alertId, normal);
  return { kind: 'done', value: { alert, signature: alertSignature(alert) } };
}

/** Mark (or unmark) a template normal: it never alerts as new or rare. */
export async function markTemplateNormal(
  store: Pick<TemplateStore, 'updateTemplate'>,
  templateId: number,
  normal = true,
): Promise<FeedbackOutcome<Template>> {
  const template = await store.updateTemplate(templateId, { normal });
  return template ? { kind: 'done', value: template } : { kind: 'not_found', reason: `No template has id ${templateId}.` };
}

export interface SilenceRequest {
  target: SilenceTarget;
  durationMs: number;
  reason: string;
  createdBy: string | null;
}

export async function silence(store: Pick<FeedbackStore, 'addSilence'>, req: SilenceRequest, now: number): Promise<FeedbackOutcome<Silence>> {
  if (!['rule', 'template', 'service'].includes(req.target.kind)) return { kind: 'invalid', reason: `Cannot silence a "${req.target.kind}": use rule, template or service.` };
  if (req.target.value.trim() === '') return { kind: 'invalid', reason: `A ${req.target.kind} silence needs a value.` };
  if (req.target.kind === 'template' && !/^\d+$/.test(req.target.value)) return { kind: 'invalid', reason: `Template silences take a template id, not "${req.target.value}".` };
  if (!Number.isFinite(req.durationMs) || req.durationMs <= 0) return { kind: 'invalid', reason: 'A silence needs a positive duration.' };
  const created = await store.addSilence({ target: req.target, until: now + req.durationMs, reason: req.reason, createdBy: req.createdBy });
  return { kind: 'done', value: created };
}

export async function unsilence(store: Pick<FeedbackStore, 'deleteSilence'>, id: number): Promise<FeedbackOutcome<number>> {
  return (await store.deleteSilence(id)) ? { kind: 'done', value: id } : { kind: 'not_found', reason: `No silence has id ${id}.` };
}

export interface NormalExamples {
  templateIds: number[];
  alerts: Alert[];
  /** Evidence lines of the alerts marked normal. */
  logs: StoredLog[];
}

/**
 * Examples users marked normal, for the next training run and threshold tuning: normal
 * templates, the alerts marked "not an anomaly", and their evidence lines.
 */
export async function normalExamples(
  store: Pick<FeedbackStore, 'listNormalAlerts'> & Pick<TemplateStore, 'listTemplates'> & Pick<DetectStore, 'getAlert'> & Pick<LogStore, 'getLogs'>,
): Promise<NormalExamples> {
  const [templates, ids] = await Promise.all([store.listTemplates(), store.listNormalAlerts()]);
  const alerts = (await Promise.all(ids.map((id) => store.getAlert(id)))).filter((a): a is Alert => a !== null);
  const logIds = [...new Set(alerts.flatMap((a) => a.evidence))];
  return {
    templateIds: templates.filter((t) => t.normal).map((t) => t.id),
    alerts,
    logs: logIds.length ? await store.getLogs(logIds) : [],
  };
}
