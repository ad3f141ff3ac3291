import { severityRank, type Alert, type Incident, type Severity } from '../domain/index.js';

/** Send matching incidents to `channels`. Every criterion given must match; a route with none matches everything. */
export interface Route {
  channels: string[];
  /** Any alert of the incident comes from one of these rules. */
  rules?: string[];
  /** The incident is at least this severe. */
  minSeverity?: Severity;
  /** The incident touches one of these services. */
  services?: string[];
}

/**
 * The channel names an incident goes to: the union of every matching route's channels, in route order,
 * each once. Pure.
 */
export function routeFor(incident: Pick<Incident, 'severity' | 'services'>, alerts: readonly Pick<Alert, 'ruleName'>[], routes: readonly Route[]): string[] {
  const out = new Set<string>();
  for (const route of routes) {
    if (matches(route, incident, alerts)) for (const channel of route.channels) out.add(channel);
  }
  return [...out];
}

function matches(route: Route, incident: Pick<Incident, 'severity' | 'services'>, alerts: readonly Pick<Alert, 'ruleName'>[]): boolean {
  if (route.minSeverity && severityRank(incident.severity) < severityRank(route.minSeverity)) return false;
  if (route.rules?.length && !alerts.some((a) => route.rules!.includes(a.ruleName))) return false;
  if (route.services?.length && !incident.services.some((s) => route.services!.includes(s))) return false;
  return true;
}
