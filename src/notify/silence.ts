import type { Alert, Incident } from '../domain/index.js';
import type { Silence } from '../store/store.js';

export type SilenceOutcome =
  /** Notify about these alerts (the ones no silence covers). */
  | { kind: 'active'; alerts: Alert[] }
  /** Every alert (or every service of the incident) is silenced: send nothing. */
  | { kind: 'silenced'; by: Silence[] };

/**
 * Apply the silences active at `now` (rule: by name or id; template: by id; service: by name).
 * An incident stays active while any of its alerts is not silenced; silenced alerts are left out
 * of the notification. Pure.
 */
export function applySilences(
  incident: Pick<Incident, 'services'>,
  alerts: readonly Alert[],
  silences: readonly Silence[],
  now: number,
): SilenceOutcome {
  const active = silences.filter((s) => s.until > now);
  const serviceSilences = incident.services.map((service) => active.find((s) => s.target.kind === 'service' && s.target.value === service));
  if (incident.services.length > 0 && serviceSilences.every((s) => s !== undefined)) {
    return { kind: 'silenced', by: unique(serviceSilences as Silence[]) };
  }
  if (alerts.length === 0) return { kind: 'active', alerts: [] };

  const kept: Alert[] = [];
  const by: Silence[] = [];
  for (const alert of alerts) {
    const silence = active.find((s) => covers(s, alert));
    if (silence) by.push(silence);
    else kept.push(alert);
  }
  return kept.length > 0 ? { kind: 'active', alerts: kept } : { kind: 'silenced', by: unique(by) };
}

function covers(silence: Silence, alert: Alert): boolean {
  const { kind, value } = silence.target;
  switch (kind) {
    case 'rule':
      return value === alert.ruleName || (alert.ruleId !== null && value === String(alert.ruleId));
    case 'template':
      return alert.scope.templateId !== undefined && value === String(alert.scope.templateId);
    case 'service':
      return alert.scope.service === value;
  }
}

const unique = (silences: Silence[]): Silence[] => [...new Map(silences.map((s) => [s.id, s])).values()];
