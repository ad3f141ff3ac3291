import type { Alert, Factor, Incident } from '../domain/index.js';
import type { NotifyPayload } from './types.js';

export const TOP_FACTORS = 3;

/**
 * The notification body for an incident and its alerts. `linkTemplate` is a URL with `{id}` where
 * the incident id goes (e.g. `https://logtrack.example.com/incidents/{id}`). Pure.
 */
export function buildPayload(incident: Incident, alerts: readonly Alert[], opts: { linkTemplate?: string | null } = {}): NotifyPayload {
  return {
    kind: 'incident',
    incident: {
      id: incident.id,
      title: incident.title,
      status: incident.status,
      severity: incident.severity,
      start: incident.start,
      end: incident.end,
      services: incident.services,
      users: incident.users,
      hosts: incident.hosts,
    },
    alerts: alerts.map((a) => ({
      id: a.id,
      source: a.source,
      ruleName: a.ruleName,
      severity: a.severity,
      scope: a.scope,
      windowStart: a.windowStart,
      windowEnd: a.windowEnd,
      message: a.message,
    })),
    topFactors: topFactors(alerts),
    link: opts.linkTemplate ? opts.linkTemplate.replaceAll('{id}', String(incident.id)) : null,
  };
}

/** The `limit` heaviest factors across alerts; a sentence repeated by several alerts counts once. */
export function topFactors(alerts: readonly Pick<Alert, 'factors'>[], limit = TOP_FACTORS): Factor[] {
  const seen = new Set<string>();
  return alerts
    .flatMap((a) => a.factors)
    .sort((a, b) => b.weight - a.weight)
    .filter((f) => !seen.has(f.text) && seen.add(f.text))
    .slice(0, limit);
}
