/** Builders for tests of this folder (and of callers): complete domain objects with overridable fields. */
import type { Alert, Incident } from '../domain/index.js';

export const T0 = Date.UTC(2024, 0, 15, 3, 0, 0);

export function makeAlert(fields: Partial<Alert> & Pick<Alert, 'id'>): Alert {
  const windowStart = fields.windowStart ?? T0;
  return {
    fingerprint: `fp-${fields.id}`,
    source: 'rule',
    ruleId: 1,
    ruleName: 'error-burst',
    severity: 'LOW',
    scope: {},
    windowStart,
    windowEnd: fields.windowEnd ?? windowStart,
    observed: 1,
    threshold: 1,
    score: null,
    message: 'test alert',
    evidence: [],
    factors: [],
    createdAt: windowStart,
    status: 'open',
    incidentId: null,
    ...fields,
  };
}

export function makeIncident(fields: Partial<Incident> & Pick<Incident, 'id'>): Incident {
  return {
    title: `incident ${fields.id}`,
    status: 'open',
    severity: 'LOW',
    start: T0,
    end: T0,
    services: [],
    templateIds: [],
    users: [],
    hosts: [],
    members: [],
    updatedAt: T0,
    resolvedAt: null,
    ...fields,
  };
}
