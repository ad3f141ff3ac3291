/**
 * Incident severity, as a maximum of floors. Every rule below can only raise severity, never lower it,
 * so the result is the same whichever order alerts arrive in, and an incident's severity can be
 * updated incrementally: max(stored severity, floors of the new alerts, floors of the new shape).
 *
 * | signal                                         | floor (defaults)                       |
 * |------------------------------------------------|----------------------------------------|
 * | each member alert's own severity (rule/detector) | as given                             |
 * | ML score                                       | ≥ 0.98 CRITICAL, ≥ 0.90 HIGH, ≥ 0.70 MEDIUM |
 * | evidence line levels                           | FATAL → HIGH, ERROR → MEDIUM           |
 * | observed ≥ 10 × the rule threshold             | HIGH                                   |
 * | services touched                               | ≥ 5 CRITICAL, ≥ 3 HIGH                 |
 * | member alerts                                  | ≥ 25 HIGH                              |
 */
import { maxSeverity, type AlertDraft, type Level, type Severity } from '../domain/index.js';

export interface SeverityOptions {
  /** ML score floors; the first entry whose `min` the score reaches applies. */
  scoreFloors: readonly { min: number; severity: Severity }[];
  levelFloors: Readonly<Partial<Record<Level, Severity>>>;
  /** Rule alerts observing at least `factor` × their threshold. */
  overshoot: { factor: number; severity: Severity };
  /** Incident shape floors: every entry whose minimums are met applies. */
  breadthFloors: readonly { minServices?: number; minMembers?: number; severity: Severity }[];
}

export const DEFAULT_SEVERITY: SeverityOptions = {
  scoreFloors: [
    { min: 0.98, severity: 'CRITICAL' },
    { min: 0.9, severity: 'HIGH' },
    { min: 0.7, severity: 'MEDIUM' },
  ],
  levelFloors: { FATAL: 'HIGH', ERROR: 'MEDIUM' },
  overshoot: { factor: 10, severity: 'HIGH' },
  breadthFloors: [
    { minServices: 5, severity: 'CRITICAL' },
    { minServices: 3, severity: 'HIGH' },
    { minMembers: 25, severity: 'HIGH' },
  ],
};

export type SeverityAlert = Pick<AlertDraft, 'severity' | 'score' | 'observed' | 'threshold'>;

/** Severity of one alert: its own, raised by its score, evidence levels and threshold overshoot. */
export function alertSeverity(
  alert: SeverityAlert,
  levels: readonly Level[] = [],
  opts: SeverityOptions = DEFAULT_SEVERITY,
): Severity {
  let severity = alert.severity;
  if (alert.score !== null && Number.isFinite(alert.score)) {
    const floor = opts.scoreFloors.find((f) => alert.score !== null && alert.score >= f.min);
    if (floor) severity = maxSeverity(severity, floor.severity);
  }
  for (const level of levels) {
    const floor = opts.levelFloors[level];
    if (floor) severity = maxSeverity(severity, floor);
  }
  if (alert.threshold > 0 && alert.observed >= opts.overshoot.factor * alert.threshold) {
    severity = maxSeverity(severity, opts.overshoot.severity);
  }
  return severity;
}

/** Floor from how wide an incident is (services touched, member alerts). */
export function breadthSeverity(
  shape: { services: number; members: number },
  opts: SeverityOptions = DEFAULT_SEVERITY,
): Severity {
  let severity: Severity = 'LOW';
  for (const floor of opts.breadthFloors) {
    const servicesMet = floor.minServices === undefined || shape.services >= floor.minServices;
    const membersMet = floor.minMembers === undefined || shape.members >= floor.minMembers;
    if (servicesMet && membersMet) severity = maxSeverity(severity, floor.severity);
  }
  return severity;
}
