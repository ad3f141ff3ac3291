/**
 * Grouping alerts into incidents. Pure: existing incidents and new alerts in, a plan out.
 *
 * Policy (also in docs/incidents.md):
 * - Two alerts are related when they share a dimension value (service, template, user or host;
 *   placeholder values such as "unknown" never count) AND their windows are at most `windowMs`
 *   apart. The distance between an alert and an incident is the gap between the alert's
 *   [windowStart, windowEnd] and the incident's [start, end]; overlapping is distance 0.
 *   Edge: exactly `windowMs` apart JOINS (the bound is inclusive: "within 5 minutes" includes 5).
 * - Unrelated services at the same minute stay apart: time alone never groups.
 * - An open or acked incident is extended by every related alert (acked stays acked).
 * - Resolved incidents, judged in data time so a replay gives the same incidents:
 *   - an alert that starts at or before the incident's end (a late detection of what was
 *     resolved) and is within `windowMs` is attached to its history: it stays resolved;
 *   - an alert starting after the end, within `reopenWithinMs`, REOPENS it (flapping stays one
 *     incident with its history, and pages again because the fix did not hold);
 *   - anything later opens a new incident.
 * - An alert related to several incidents joins one: an active incident before a resolved one,
 *   then most shared dimensions, then smallest gap, then most recent end, then oldest id.
 *   Existing incidents are never merged: their ids may already be in someone's pager.
 * - Alerts are processed in time order, so a chain of related alerts grows one incident.
 */
import { maxSeverity, severityRank, type Alert, type Incident, type Level } from '../domain/index.js';
import { alertSeverity, breadthSeverity, DEFAULT_SEVERITY, type SeverityOptions } from './severity.js';
import { incidentTitle, type TitleTemplate } from './title.js';
import { MINUTE } from './time.js';

export type IncidentDraft = Omit<Incident, 'id'>;
export type ShareKey = 'service' | 'template' | 'user' | 'host';

export interface GroupOptions {
  /** Related alerts at most this far apart (inclusive) share an incident. The spec's group_into_incidents. */
  windowMs: number;
  /** A resolved incident is reopened by a related alert starting at most this long after its end. */
  reopenWithinMs: number;
  shareKeys: readonly ShareKey[];
  /** Dimension values that never count as shared (placeholders, not real services or users). */
  ignoredValues: readonly string[];
  severity: SeverityOptions;
}

export const DEFAULT_GROUPING: GroupOptions = {
  windowMs: 5 * MINUTE,
  reopenWithinMs: 30 * MINUTE,
  shareKeys: ['service', 'template', 'user', 'host'],
  ignoredValues: ['', '-', 'unknown'],
  severity: DEFAULT_SEVERITY,
};

/** Facts the grouping needs besides the alerts: the clock and optional lookups. */
export interface GroupContext {
  now: number;
  /** Templates by id, for titles. */
  templates?: ReadonlyMap<number, TitleTemplate>;
  /** Levels of each alert's evidence lines, by alert id, for severity. */
  levels?: ReadonlyMap<number, readonly Level[]>;
  /** The template most of an alert's error evidence lines share, by alert id, for titles. */
  evidenceTemplates?: ReadonlyMap<number, number>;
}

export type IncidentRef = { kind: 'existing'; id: number } | { kind: 'new'; index: number };

export type Assignment =
  | { kind: 'opened'; alertId: number; ref: { kind: 'new'; index: number } }
  | { kind: 'joined'; alertId: number; ref: IncidentRef }
  | { kind: 'reopened'; alertId: number; ref: { kind: 'existing'; id: number } }
  /** Joined a resolved incident's history without reopening it (late detection). */
  | { kind: 'late'; alertId: number; ref: { kind: 'existing'; id: number } }
  /** Already a member of an incident (an earlier run, or a run cut short before linking). */
  | { kind: 'already'; alertId: number; incidentId: number };

export interface GroupPlan {
  created: IncidentDraft[];
  /** Existing incidents that changed, in their new state. */
  updated: Incident[];
  assignments: Assignment[];
}

export type IncidentMatch = { kind: 'join' | 'late' | 'reopen'; shared: number; gap: number };
const MATCH_RANK: Record<IncidentMatch['kind'], number> = { join: 0, late: 1, reopen: 2 };

interface Working {
  ref: IncidentRef;
  draft: IncidentDraft;
  members: Set<number>;
  changed: boolean;
  /** Alerts added in this run (for the title of new incidents). */
  added: Alert[];
}

export function groupAlerts(
  existing: readonly Incident[],
  alerts: readonly Alert[],
  ctx: GroupContext,
  opts: GroupOptions = DEFAULT_GROUPING,
): GroupPlan {
  const working: Working[] = existing.map(({ id, ...draft }) => {
    const copy = cloneDraft(draft);
    return { ref: { kind: 'existing', id }, draft: copy, members: new Set(copy.members), changed: false, added: [] };
  });
  const { already, fresh } = splitGrouped(existing, alerts);
  const assignments: Assignment[] = [...already];

  // Alerts come in time order and an incident only grows when matched, so one that ended more than
  // the horizon before the current alert can never match again: dropping it keeps each step small.
  const horizon = Math.max(opts.windowMs, opts.reopenWithinMs);
  let live = [...working];
  let createdCount = 0;
  for (const alert of fresh) {
    live = live.filter((w) => w.draft.end + horizon >= alert.windowStart);
    const best = bestMatch(live, alert, opts);
    if (best) {
      addAlert(best.w, alert, ctx, opts);
      if (best.match.kind === 'reopen') Object.assign(best.w.draft, { status: 'open', resolvedAt: null });
      assignments.push(assignmentFor(best.match.kind, alert.id, best.w.ref));
    } else {
      const ref = { kind: 'new', index: createdCount++ } as const;
      const w: Working = { ref, draft: emptyDraft(alert, ctx.now), members: new Set(), changed: true, added: [] };
      working.push(w);
      live.push(w);
      addAlert(w, alert, ctx, opts);
      assignments.push({ kind: 'opened', alertId: alert.id, ref });
    }
  }

  const created: IncidentDraft[] = [];
  const updated: Incident[] = [];
  for (const w of working.filter((x) => x.changed)) {
    if (w.ref.kind === 'new') {
      const lead = leadAlert(w.added);
      created.push({ ...w.draft, title: incidentTitle(lead, ctx.templates ?? new Map(), ctx.evidenceTemplates?.get(lead.id)) });
    }
    else updated.push({ id: w.ref.id, ...w.draft });
  }
  return { created, updated, assignments };
}

/** Alerts already in an incident (by its member list or their own link), and the rest in time order, each once. */
function splitGrouped(existing: readonly Incident[], alerts: readonly Alert[]): { already: Assignment[]; fresh: Alert[] } {
  const memberOf = new Map<number, number>();
  for (const inc of existing) for (const m of inc.members) memberOf.set(m, inc.id);
  const already: Assignment[] = [];
  const fresh: Alert[] = [];
  const seen = new Set<number>();
  for (const alert of alerts) {
    if (seen.has(alert.id)) continue;
    seen.add(alert.id);
    const incidentId = memberOf.get(alert.id) ?? alert.incidentId;
    if (incidentId !== null) already.push({ kind: 'already', alertId: alert.id, incidentId });
    else fresh.push(alert);
  }
  fresh.sort((a, b) => a.windowStart - b.windowStart || a.windowEnd - b.windowEnd || a.id - b.id);
  return { already, fresh };
}

function assignmentFor(kind: IncidentMatch['kind'], alertId: number, ref: IncidentRef): Assignment {
  if (kind === 'join') return { kind: 'joined', alertId, ref };
  if (ref.kind !== 'existing') throw new Error('only existing incidents can be resolved');
  return kind === 'reopen' ? { kind: 'reopened', alertId, ref } : { kind: 'late', alertId, ref };
}

function bestMatch(working: readonly Working[], alert: Alert, opts: GroupOptions): { w: Working; match: IncidentMatch } | null {
  let best: { w: Working; match: IncidentMatch } | null = null;
  for (const w of working) {
    const match = matchIncident(w.draft, alert, opts);
    if (match && (!best || better({ w, match }, best))) best = { w, match };
  }
  return best;
}

function better(a: { w: Working; match: IncidentMatch }, b: { w: Working; match: IncidentMatch }): boolean {
  const order = [
    MATCH_RANK[a.match.kind] - MATCH_RANK[b.match.kind],
    b.match.shared - a.match.shared,
    a.match.gap - b.match.gap,
    b.w.draft.end - a.w.draft.end,
    refOrder(a.w.ref) - refOrder(b.w.ref),
  ];
  return (order.find((d) => d !== 0) ?? 0) < 0;
}

const refOrder = (ref: IncidentRef): number => (ref.kind === 'existing' ? ref.id : Number.MAX_SAFE_INTEGER / 2 + ref.index);

/** How (if at all) an alert relates to an incident under the policy above. */
export function matchIncident(
  incident: Pick<Incident, 'status' | 'start' | 'end' | 'services' | 'templateIds' | 'users' | 'hosts'>,
  alert: Pick<Alert, 'scope' | 'windowStart' | 'windowEnd'>,
  opts: GroupOptions = DEFAULT_GROUPING,
): IncidentMatch | null {
  const shared = sharedDimensions(incident, alert, opts);
  if (shared === 0) return null;
  const gap = Math.max(0, alert.windowStart - incident.end, incident.start - alert.windowEnd);
  if (incident.status !== 'resolved') return gap <= opts.windowMs ? { kind: 'join', shared, gap } : null;
  if (alert.windowStart <= incident.end) return gap <= opts.windowMs ? { kind: 'late', shared, gap } : null;
  return gap <= opts.reopenWithinMs ? { kind: 'reopen', shared, gap } : null;
}

function sharedDimensions(
  incident: Pick<Incident, 'services' | 'templateIds' | 'users' | 'hosts'>,
  alert: Pick<Alert, 'scope'>,
  opts: GroupOptions,
): number {
  const { service, user, host, templateId } = alert.scope;
  let shared = 0;
  for (const key of opts.shareKeys) {
    if (key === 'service' && isReal(service, opts) && incident.services.includes(service)) shared++;
    if (key === 'user' && isReal(user, opts) && incident.users.includes(user)) shared++;
    if (key === 'host' && isReal(host, opts) && incident.hosts.includes(host)) shared++;
    if (key === 'template' && templateId !== undefined && incident.templateIds.includes(templateId)) shared++;
  }
  return shared;
}

/** A dimension value that can relate alerts (not absent, not a placeholder). */
function isReal(value: string | undefined, opts: GroupOptions): value is string {
  return value !== undefined && !opts.ignoredValues.includes(value);
}

function emptyDraft(alert: Alert, now: number): IncidentDraft {
  return {
    title: '',
    status: 'open',
    severity: 'LOW',
    start: alert.windowStart,
    end: alert.windowEnd,
    services: [],
    templateIds: [],
    users: [],
    hosts: [],
    members: [],
    updatedAt: now,
    resolvedAt: null,
  };
}

function cloneDraft(d: IncidentDraft): IncidentDraft {
  return { ...d, services: [...d.services], templateIds: [...d.templateIds], users: [...d.users], hosts: [...d.hosts], members: [...d.members] };
}

function addAlert(w: Working, alert: Alert, ctx: GroupContext, opts: GroupOptions): void {
  const d = w.draft;
  const { service, user, host, templateId } = alert.scope;
  d.start = Math.min(d.start, alert.windowStart);
  d.end = Math.max(d.end, alert.windowEnd);
  if (isReal(service, opts)) addUnique(d.services, service);
  if (isReal(user, opts)) addUnique(d.users, user);
  if (isReal(host, opts)) addUnique(d.hosts, host);
  if (templateId !== undefined) addUnique(d.templateIds, templateId);
  if (!w.members.has(alert.id)) {
    w.members.add(alert.id);
    d.members.push(alert.id);
  }
  const own = alertSeverity(alert, ctx.levels?.get(alert.id) ?? [], opts.severity);
  const breadth = breadthSeverity({ services: d.services.length, members: d.members.length }, opts.severity);
  d.severity = maxSeverity(d.severity, maxSeverity(own, breadth));
  d.updatedAt = ctx.now;
  w.changed = true;
  w.added.push(alert);
}

function addUnique<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

/** The alert an incident is named after: most severe, then highest score, then earliest. */
export function leadAlert<A extends Pick<Alert, 'severity' | 'score' | 'windowStart' | 'id'>>(alerts: readonly A[]): A {
  if (alerts.length === 0) throw new Error('an incident has at least one alert');
  return alerts.reduce((best, a) => {
    const d =
      severityRank(a.severity) - severityRank(best.severity) ||
      (a.score ?? -1) - (best.score ?? -1) ||
      best.windowStart - a.windowStart ||
      best.id - a.id;
    return d > 0 ? a : best;
  });
}
