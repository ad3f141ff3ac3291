/**
 * An incident's detail page, assembled from what the store returns, pure: the explanation
 * (members' factors, strongest first, each sentence once), the evidence lines with their template
 * parameters cut out for highlighting, and the anomalies around it that are not its members.
 */
import { paramSegments } from '../api/highlight.js';
import type { EvidenceLine, IncidentDetail } from '../api/types.js';
import { severityRank, type Alert, type Factor, type Incident, type StoredLog, type Template } from '../domain/index.js';

export const MAX_EVIDENCE_LINES = 50;
/** Anomalies this close before or after an incident count as related. */
export const RELATED_PADDING_MS = 15 * 60_000;

/** Evidence record ids of the members, most severe alert first, each once, at most `max`. */
export function evidenceIds(alerts: readonly Alert[], max = MAX_EVIDENCE_LINES): number[] {
  const ids = new Set<number>();
  for (const alert of bySeverity(alerts)) {
    for (const id of alert.evidence) {
      if (ids.size >= max) return [...ids];
      ids.add(id);
    }
  }
  return [...ids];
}

export function explanationFactors(alerts: readonly Alert[]): Factor[] {
  const strongest = new Map<string, Factor>();
  for (const factor of alerts.flatMap((a) => a.factors)) {
    const key = `${factor.kind}\u0000${factor.text}`;
    const seen = strongest.get(key);
    if (!seen || factor.weight > seen.weight) strongest.set(key, factor);
  }
  return [...strongest.values()].sort((a, b) => b.weight - a.weight);
}

export function evidenceLines(logs: readonly StoredLog[], templates: readonly Template[]): EvidenceLine[] {
  const byId = new Map(templates.map((t) => [t.id, t]));
  return [...logs]
    .sort((a, b) => a.ts - b.ts || a.id - b.id)
    .map((log) => {
      const t = log.templateId == null ? undefined : byId.get(log.templateId);
      return {
        log,
        template: t ? { id: t.id, text: t.text, name: t.name } : null,
        segments: paramSegments(log.message, log.params, t?.text),
      };
    });
}

/** Statistical/ML anomalies near the incident, on its services, that are not already members. */
export function relatedAnomalies(incident: Incident, candidates: readonly Alert[]): Alert[] {
  const members = new Set(incident.members);
  const services = new Set(incident.services);
  return candidates.filter(
    (a) =>
      a.source !== 'rule' &&
      !members.has(a.id) &&
      a.windowEnd >= incident.start - RELATED_PADDING_MS &&
      a.windowStart <= incident.end + RELATED_PADDING_MS &&
      (services.size === 0 || a.scope.service === undefined || services.has(a.scope.service)),
  );
}

export function assembleIncidentDetail(input: {
  incident: Incident;
  alerts: readonly Alert[];
  logs: readonly StoredLog[];
  templates: readonly Template[];
  candidates: readonly Alert[];
}): IncidentDetail {
  return {
    incident: input.incident,
    alerts: [...input.alerts].sort((a, b) => a.windowStart - b.windowStart || a.id - b.id),
    factors: explanationFactors(input.alerts),
    evidence: evidenceLines(input.logs, input.templates),
    related: relatedAnomalies(input.incident, input.candidates),
  };
}

function bySeverity(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.id - b.id);
}
