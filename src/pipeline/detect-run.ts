/**
 * Detection as every caller runs it (`logtrack detect`, the demo, `scan --db`, `watch`): run the
 * rules over the records stored since the last run, score them with a trained model when one is
 * given, group every new alert into incidents as it is found, and notify the incidents that changed.
 *
 * Each step is the core's (runDetection, applyIncidents, createNotifier); this file only orders
 * them, so a caller never forgets the grouping or the notifications.
 */
import type { Alert, AlertDraft, Incident } from '../domain/index.js';
import { runDetection, type DetectOptions, type DetectResult } from '../detect/detect.js';
import { applyIncidents, DEFAULT_APPLY, isSuppressed, loadSuppression, type ApplyOptions, type ApplyResult } from '../incidents/index.js';
import { createNotifier, type ChannelResult, type NotifyConfig, type NotifyResult } from '../notify/index.js';
import type { Store } from '../store/store.js';

/**
 * The hook for model scoring (see ml-scorer.ts): score stored records and return the anomalies
 * as alert drafts with source 'ml'. The scorer keeps its own progress, like a rule's watermark,
 * and moves it only in `commit`, called once the drafts are stored. Drafts whose fingerprint is
 * stored already are skipped, so scoring the same records twice stores nothing new.
 */
export interface MlScorer {
  score(store: Store, range: { since?: number; until?: number }): Promise<MlScoring>;
}

export interface MlScoring {
  /** Records the model scored. */
  scored: number;
  drafts: AlertDraft[];
  commit(): Promise<void>;
}

/** Every model scorer on a database takes this lock, so two processes never score the same records at once. */
export const ML_LOCK = 'detect-ml';

export interface DetectAndGroupOptions extends DetectOptions {
  /** Notify the incidents this run opened, extended or reopened (and retry due deliveries). */
  notify?: NotifyConfig | null;
  /** Score with a trained model too; its anomalies are stored and grouped like rule alerts. */
  ml?: MlScorer | null;
  /** Grouping settings (default: DEFAULT_APPLY). */
  apply?: Partial<ApplyOptions>;
}

export interface MlOutcome {
  /** Records the model scored. */
  scored: number;
  /** ML alerts this run stored. */
  alerts: Alert[];
  /** Anomalies dropped by a silence or a "normal" mark. */
  suppressed: number;
}

export interface NotifiedIncident {
  incident: Incident;
  result: NotifyResult;
}

export interface NotifyOutcome {
  incidents: NotifiedIncident[];
  /** Earlier deliveries retried because their next attempt was due. */
  retried: ChannelResult[];
}

export interface DetectAndGroupResult {
  detection: DetectResult;
  ml?: MlOutcome;
  incidents: ApplyResult;
  notified?: NotifyOutcome;
}

export async function detectAndGroup(store: Store, opts: DetectAndGroupOptions = {}): Promise<DetectAndGroupResult> {
  const { notify, ml: scorer, apply, ...detectOpts } = opts;
  const detection = await runDetection(store, detectOpts);
  const ml = scorer ? await scoreWithModel(store, scorer, detectOpts) : undefined;
  const incidents = await applyIncidents(store, [...detection.alerts, ...(ml?.alerts ?? [])], { ...DEFAULT_APPLY, ...apply });
  const result: DetectAndGroupResult = { detection: { ...detection, alerts: linkIncidents(detection.alerts, incidents) }, incidents };
  if (ml) result.ml = { ...ml, alerts: linkIncidents(ml.alerts, incidents) };
  if (notify) result.notified = await notifyTouched(store, notify, touchedIncidents(incidents));
  return result;
}

/** Incidents that should page: new, grown, or reopened. Late additions to resolved ones stay quiet. */
export function touchedIncidents(result: ApplyResult): Incident[] {
  const byId = new Map<number, Incident>();
  for (const incident of [...result.opened, ...result.extended, ...result.reopened]) byId.set(incident.id, incident);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** The alerts as stored after grouping: each with the incident it joined. */
export function linkIncidents(alerts: readonly Alert[], result: ApplyResult): Alert[] {
  const incidentOf = new Map<number, number>();
  for (const incident of [...result.opened, ...result.extended, ...result.reopened, ...result.attached]) {
    for (const alertId of incident.members) incidentOf.set(alertId, incident.id);
  }
  return alerts.map((a) => ({ ...a, incidentId: incidentOf.get(a.id) ?? a.incidentId }));
}

async function scoreWithModel(store: Store, scorer: MlScorer, opts: DetectOptions): Promise<MlOutcome> {
  return store.withLock(ML_LOCK, async () => {
    const { scored, drafts, commit } = await scorer.score(store, { since: opts.since, until: opts.until });
    const now = opts.now ?? Date.now();
    const suppression = await loadSuppression(store, now);
    const kept = drafts.filter((d) => isSuppressed(d, suppression, now).kind === 'none');
    const alerts = await store.insertAlerts(kept);
    await commit();
    return { scored, alerts, suppressed: drafts.length - kept.length };
  });
}

/** Most alerts an incident's notification carries (the same cap as the notifier's retries). */
const MAX_NOTIFIED_ALERTS = 1000;

async function notifyTouched(store: Store, config: NotifyConfig, incidents: readonly Incident[]): Promise<NotifyOutcome> {
  const notifier = createNotifier({ ...config, store });
  const notified: NotifiedIncident[] = [];
  for (const incident of incidents) {
    const { rows } = await store.listAlerts({ incidentId: incident.id, limit: MAX_NOTIFIED_ALERTS });
    notified.push({ incident, result: await notifier.notify(incident, rows) });
  }
  return { incidents: notified, retried: await notifier.retryDue() };
}
