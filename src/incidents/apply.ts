/**
 * The store edge of grouping: load the incidents new alerts could relate to, run the pure
 * grouping (group.ts), write the plan. Runs under the store's "incidents" lock so two detection
 * processes never open two incidents for one problem. Re-running with the same alerts changes
 * nothing: alerts already in an incident are recognised as members.
 */
import { isErrorLevel, type Alert, type Incident, type Level, type StoredLog } from '../domain/index.js';
import type { DetectStore, LogStore, TemplateStore } from '../store/store.js';
import { DEFAULT_GROUPING, groupAlerts, type Assignment, type GroupOptions, type GroupPlan } from './group.js';
import type { TitleTemplate } from './title.js';

export type IncidentStore = Pick<DetectStore, 'listIncidents' | 'createIncident' | 'updateIncident' | 'setAlertIncident' | 'withLock'> &
  Pick<TemplateStore, 'getTemplates'> &
  Pick<LogStore, 'getLogs'>;

export interface ApplyOptions {
  grouping: GroupOptions;
  /** Evidence lines read per alert to learn their levels (for severity). */
  evidencePerAlert: number;
  now: () => number;
}

export const DEFAULT_APPLY: ApplyOptions = { grouping: DEFAULT_GROUPING, evidencePerAlert: 5, now: Date.now };

export interface ApplyResult {
  opened: Incident[];
  /** Open or acked incidents that gained alerts. */
  extended: Incident[];
  /** Resolved incidents a recurrence reopened. */
  reopened: Incident[];
  /** Resolved incidents that gained late alerts and stay resolved. */
  attached: Incident[];
  assignments: Assignment[];
}

type Already = Extract<Assignment, { kind: 'already' }>;

export const INCIDENT_LOCK = 'incidents';
const PAGE = 1_000;

export async function applyIncidents(store: IncidentStore, newAlerts: readonly Alert[], opts: ApplyOptions = DEFAULT_APPLY): Promise<ApplyResult> {
  if (newAlerts.length === 0) return { opened: [], extended: [], reopened: [], attached: [], assignments: [] };
  return store.withLock(INCIDENT_LOCK, async () => {
    const [existing, evidence] = await Promise.all([
      loadCandidates(store, newAlerts, opts.grouping),
      loadEvidence(store, newAlerts, opts.evidencePerAlert),
    ]);
    const templates = await loadTemplates(store, newAlerts, evidence.templates.values());
    const alerts = newAlerts.map((a) => withEvidenceService(a, evidence.services.get(a.id)));
    const context = { now: opts.now(), templates, levels: evidence.levels, evidenceTemplates: evidence.templates };
    const plan = groupAlerts(existing, alerts, context, opts.grouping);
    const unlinked = new Set(newAlerts.filter((a) => a.incidentId === null).map((a) => a.id));
    return writePlan(store, plan, existing, unlinked);
  });
}

/** Incidents ending late enough that an alert of this batch could join, attach to or reopen them. */
async function loadCandidates(store: IncidentStore, alerts: readonly Alert[], grouping: GroupOptions): Promise<Incident[]> {
  const earliest = alerts.reduce((min, a) => Math.min(min, a.windowStart), Number.POSITIVE_INFINITY);
  const since = earliest - Math.max(grouping.windowMs, grouping.reopenWithinMs);
  const out: Incident[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listIncidents({ since, limit: PAGE, cursor });
    out.push(...page.rows);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

async function loadTemplates(store: IncidentStore, alerts: readonly Alert[], more: Iterable<number>): Promise<Map<number, TitleTemplate>> {
  const ids = [...new Set([...alerts.flatMap((a) => (a.scope.templateId === undefined ? [] : [a.scope.templateId])), ...more])];
  const templates = await fetchInPages(ids, (page) => store.getTemplates(page));
  return new Map(templates.map((t) => [t.id, t]));
}

/** The levels of each alert's first evidence lines, and the one service they all share (if they do). */
async function loadEvidence(store: IncidentStore, alerts: readonly Alert[], perAlert: number) {
  const ids = [...new Set(alerts.flatMap((a) => a.evidence.slice(0, perAlert)))];
  const logs = await fetchInPages(ids, (page) => store.getLogs(page));
  const byId = new Map(logs.map((log) => [log.id, log]));
  const levels = new Map<number, Level[]>();
  const services = new Map<number, string>();
  const templates = new Map<number, number>();
  for (const a of alerts) {
    const lines = a.evidence.slice(0, perAlert).flatMap((id) => byId.get(id) ?? []);
    levels.set(a.id, lines.map((l) => l.level));
    const distinct = new Set(lines.map((l) => l.service));
    if (distinct.size === 1) services.set(a.id, [...distinct][0]!);
    const dominant = dominantErrorTemplate(lines);
    if (dominant !== null) templates.set(a.id, dominant);
  }
  return { levels, services, templates };
}

/**
 * The template at least half of the lines share, when those lines are errors: what an error
 * ratio or an error storm is about. Traffic (a volume spike's lines) names no template.
 */
export function dominantErrorTemplate(lines: readonly Pick<StoredLog, 'level' | 'templateId'>[]): number | null {
  const counts = new Map<number, number>();
  for (const l of lines) if (l.templateId !== null && isErrorLevel(l.level)) counts.set(l.templateId, (counts.get(l.templateId) ?? 0) + 1);
  let best: number | null = null;
  let bestCount = 0;
  for (const [id, n] of counts) if (n > bestCount || (n === bestCount && best !== null && id < best)) (best = id), (bestCount = n);
  return best !== null && bestCount * 2 >= lines.length ? best : null;
}

/**
 * An alert scoped by something else (an IP, a user) still concerns the service its lines come from:
 * grouping and the incident's services use it, so a brute force joins its service's incident.
 */
function withEvidenceService(alert: Alert, service: string | undefined): Alert {
  if (alert.scope.service !== undefined || service === undefined) return alert;
  return { ...alert, scope: { ...alert.scope, service } };
}

/** Look ids up a page at a time (databases cap the size of an `in (…)` list). */
async function fetchInPages<T>(ids: readonly number[], fetch: (page: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += PAGE) out.push(...(await fetch(ids.slice(i, i + PAGE))));
  return out;
}

async function writePlan(store: IncidentStore, plan: GroupPlan, existing: readonly Incident[], unlinked: ReadonlySet<number>): Promise<ApplyResult> {
  const result: ApplyResult = { opened: [], extended: [], reopened: [], attached: [], assignments: plan.assignments };

  for (const draft of plan.created) {
    const incident = await store.createIncident(draft);
    await store.setAlertIncident(draft.members, incident.id);
    result.opened.push(incident);
  }

  const before = new Map(existing.map((i) => [i.id, new Set(i.members)]));
  for (const { id, ...patch } of plan.updated) {
    const incident = await store.updateIncident(id, patch);
    await store.setAlertIncident(patch.members.filter((m) => !before.get(id)?.has(m)), id);
    if (incident) result[changeKind(plan.assignments, id)].push(incident);
  }

  // Alerts an incident lists as members but that do not point back to it (a run cut short between writes).
  const repairs = plan.assignments.filter((a): a is Already => a.kind === 'already' && unlinked.has(a.alertId));
  for (const [incidentId, alertIds] of groupBy(repairs, (a) => a.incidentId)) {
    await store.setAlertIncident(alertIds.map((a) => a.alertId), incidentId);
  }
  return result;
}

function changeKind(assignments: readonly Assignment[], id: number): 'extended' | 'reopened' | 'attached' {
  const kinds = new Set(assignments.flatMap((a) => ('ref' in a && a.ref.kind === 'existing' && a.ref.id === id ? [a.kind] : [])));
  if (kinds.has('reopened')) return 'reopened';
  return kinds.has('joined') ? 'extended' : 'attached';
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
