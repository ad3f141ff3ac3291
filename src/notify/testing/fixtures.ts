/** Small valid domain objects for notification tests. */
import type { Alert, Factor, Incident } from '../../domain/index.js';

export const T0 = Date.UTC(2026, 0, 5, 10, 0);

export function makeIncident(patch: Partial<Incident> = {}): Incident {
  return {
    id: 1,
    title: 'Failed logins for carol',
    status: 'open',
    severity: 'HIGH',
    start: T0,
    end: T0 + 120_000,
    services: ['auth'],
    templateIds: [],
    users: ['carol'],
    hosts: [],
    members: [],
    updatedAt: T0,
    resolvedAt: null,
    ...patch,
  };
}

export function factor(text: string, weight: number): Factor {
  return { kind: 'rule', text, weight, rule: 'auth-failures', threshold: 5, observed: 30 };
}

export function makeAlert(patch: Partial<Alert> = {}): Alert {
  return {
    id: 1,
    fingerprint: `fp-${patch.id ?? 1}`,
    source: 'rule',
    ruleId: 7,
    ruleName: 'auth-failures',
    severity: 'HIGH',
    scope: { service: 'auth', user: 'carol' },
    windowStart: T0,
    windowEnd: T0 + 300_000,
    observed: 30,
    threshold: 5,
    score: null,
    message: '30 failed logins for carol in 5 minutes',
    evidence: [],
    factors: [factor('30 failed logins in 5 minutes (threshold 5)', 0.9)],
    createdAt: T0,
    status: 'open',
    incidentId: 1,
    ...patch,
  };
}
