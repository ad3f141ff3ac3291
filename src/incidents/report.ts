/**
 * Incident reports, as text (the spec's format) and as JSON. Pure: the caller fetches the
 * incident's alerts, their evidence lines and templates.
 *
 *   ANOMALY DETECTED (score: 0.94)
 *   Timestamp: 2024-01-15 03:12:44
 *   Log: ERROR [payment-svc] Connection refused to db-primary:5432
 *   Factors:
 *     - NEW TEMPLATE: never seen in training data
 *   Related: 12 similar lines in incident #7 "Database connectivity"
 */
import type { Alert, Factor, Incident, StoredLog, Template } from '../domain/index.js';
import { FACTOR_LABELS } from './explain.js';
import { leadAlert } from './group.js';
import { formatDuration, formatTimestamp } from './time.js';

export type ReportLog = Pick<StoredLog, 'id' | 'ts' | 'level' | 'service' | 'message' | 'templateId'>;
export type ReportTemplate = Pick<Template, 'id' | 'name' | 'text'>;

export interface ReportOptions {
  utcOffsetMinutes: number;
  /** Anomalies shown in full; the most severe are kept, then shown in time order. */
  maxAnomalies: number;
  /** Related lines listed after the anomalies. */
  maxRelated: number;
}

export const DEFAULT_REPORT: ReportOptions = { utcOffsetMinutes: 0, maxAnomalies: 20, maxRelated: 10 };

/** One anomaly of the report, as data (the JSON form; the text form is rendered from it). */
export interface ReportAnomaly {
  alertId: number;
  source: Alert['source'];
  rule: string;
  severity: Alert['severity'];
  score: number | null;
  ts: number;
  time: string;
  message: string;
  line: ReportLog | null;
  template: ReportTemplate | null;
  factors: (Factor & { label: string })[];
  /** Other evidence lines of the incident with the same template as `line`. */
  similarLines: number;
}

export interface IncidentReport {
  incident: Incident;
  anomalies: ReportAnomaly[];
  /** Anomalies left out past `maxAnomalies`. */
  omittedAnomalies: number;
  related: ReportLog[];
  omittedRelated: number;
}

/** The report as data, ready for JSON.stringify (--json); the text report is rendered from it. */
export function renderIncidentJson(
  incident: Incident,
  alerts: readonly Alert[],
  logsById: ReadonlyMap<number, ReportLog>,
  templatesById: ReadonlyMap<number, ReportTemplate>,
  opts: ReportOptions = DEFAULT_REPORT,
): IncidentReport {
  const memberIds = new Set(incident.members);
  const members = alerts.filter((a) => a.incidentId === incident.id || memberIds.has(a.id));
  const shown = pickMostSevere(members, opts.maxAnomalies).sort((a, b) => a.windowStart - b.windowStart || a.id - b.id);
  const evidence = [...new Set(members.flatMap((a) => a.evidence))]
    .map((id) => logsById.get(id))
    .filter((l): l is ReportLog => l !== undefined)
    .sort((a, b) => a.ts - b.ts || a.id - b.id);

  const anomalies = shown.map((alert): ReportAnomaly => {
    const line = alert.evidence.map((id) => logsById.get(id)).find((l) => l !== undefined) ?? null;
    const templateId = line?.templateId ?? alert.scope.templateId ?? null;
    const ts = line?.ts ?? alert.windowStart;
    return {
      alertId: alert.id,
      source: alert.source,
      rule: alert.ruleName,
      severity: alert.severity,
      score: alert.score,
      ts,
      time: new Date(ts).toISOString(),
      message: alert.message,
      line,
      template: templateId === null ? null : (templatesById.get(templateId) ?? null),
      factors: [...alert.factors].sort((a, b) => b.weight - a.weight).map((f) => ({ ...f, label: FACTOR_LABELS[f.kind] })),
      similarLines: line ? evidence.filter((l) => l.id !== line.id && l.templateId !== null && l.templateId === line.templateId).length : 0,
    };
  });

  const shownLines = new Set(anomalies.flatMap((a) => (a.line ? [a.line.id] : [])));
  const related = evidence.filter((l) => !shownLines.has(l.id));
  return {
    incident,
    anomalies,
    omittedAnomalies: members.length - shown.length,
    related: related.slice(0, opts.maxRelated),
    omittedRelated: Math.max(0, related.length - opts.maxRelated),
  };
}

function pickMostSevere(alerts: readonly Alert[], max: number): Alert[] {
  const rest = [...alerts];
  const picked: Alert[] = [];
  while (picked.length < max && rest.length > 0) {
    const lead = leadAlert(rest);
    picked.push(lead);
    rest.splice(rest.indexOf(lead), 1);
  }
  return picked;
}

/** The spec's text report for an incident: a header, each anomaly with its factors, then related lines. */
export function renderIncidentReport(
  incident: Incident,
  alerts: readonly Alert[],
  logsById: ReadonlyMap<number, ReportLog>,
  templatesById: ReadonlyMap<number, ReportTemplate>,
  opts: ReportOptions = DEFAULT_REPORT,
): string {
  const report = renderIncidentJson(incident, alerts, logsById, templatesById, opts);
  const time = (ts: number) => formatTimestamp(ts, opts.utcOffsetMinutes);
  const name = `incident #${incident.id} "${incident.title}"`;
  const out: string[] = [
    `INCIDENT #${incident.id} "${incident.title}"`,
    `Severity: ${incident.severity} · Status: ${incident.status} · ${time(incident.start)} → ${time(incident.end)} (${formatDuration(incident.end - incident.start)})`,
    `Services: ${list(incident.services)} · Hosts: ${list(incident.hosts)} · Users: ${list(incident.users)} · Alerts: ${incident.members.length}`,
  ];
  for (const a of report.anomalies) {
    out.push('', a.score === null ? `ANOMALY DETECTED (rule: ${a.rule}, severity: ${a.severity})` : `ANOMALY DETECTED (score: ${a.score.toFixed(2)})`);
    out.push(`Timestamp: ${time(a.ts)}`);
    out.push(a.line ? `Log: ${formatLogLine(a.line)}` : `Alert: ${a.message}`);
    out.push(a.factors.length ? 'Factors:' : 'Factors: none recorded');
    for (const f of a.factors) out.push(`  - ${f.label}: ${f.text}`);
    out.push(`Related: ${a.similarLines === 0 ? 'no' : a.similarLines} similar line${a.similarLines === 1 ? '' : 's'} in ${name}`);
  }
  if (report.omittedAnomalies > 0) out.push('', `… and ${report.omittedAnomalies} more anomalies (see --json)`);
  if (report.related.length > 0) {
    out.push('', `Related lines in ${name}:`);
    for (const l of report.related) out.push(`  ${time(l.ts)} ${formatLogLine(l)}`);
    if (report.omittedRelated > 0) out.push(`  … and ${report.omittedRelated} more`);
  }
  return `${out.join('\n')}\n`;
}

export function formatLogLine(log: Pick<ReportLog, 'level' | 'service' | 'message'>): string {
  return `${log.level} [${log.service}] ${log.message}`;
}

const list = (values: readonly string[]): string => (values.length ? values.join(', ') : '-');
