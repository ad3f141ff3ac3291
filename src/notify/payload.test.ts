import { describe, expect, it } from 'vitest';
import { buildPayload, topFactors } from './payload.js';
import { factor, makeAlert, makeIncident } from './testing/fixtures.js';

describe('buildPayload', () => {
  it('carries the incident, a summary of each alert, and a link with the incident id', () => {
    const incident = makeIncident({ id: 42, services: ['auth', 'db'] });
    const alerts = [makeAlert({ id: 5 }), makeAlert({ id: 6, ruleName: 'error-ratio', severity: 'MEDIUM' })];
    const payload = buildPayload(incident, alerts, { linkTemplate: 'https://lt.example.com/incidents/{id}' });
    expect(payload.kind).toBe('incident');
    expect(payload.incident).toMatchObject({ id: 42, title: incident.title, severity: 'HIGH', services: ['auth', 'db'], users: ['carol'] });
    expect(payload.alerts.map((a) => [a.id, a.ruleName, a.severity])).toEqual([[5, 'auth-failures', 'HIGH'], [6, 'error-ratio', 'MEDIUM']]);
    expect(payload.alerts[0]).not.toHaveProperty('evidence');
    expect(payload.link).toBe('https://lt.example.com/incidents/42');
    expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
  });

  it('has no link without a template', () => {
    expect(buildPayload(makeIncident(), []).link).toBeNull();
  });
});

describe('topFactors', () => {
  it('keeps the heaviest factors, each sentence once', () => {
    const alerts = [
      { factors: [factor('light', 0.1), factor('heavy', 0.9)] },
      { factors: [factor('heavy', 0.8), factor('middle', 0.5), factor('second', 0.7)] },
    ];
    expect(topFactors(alerts).map((f) => f.text)).toEqual(['heavy', 'second', 'middle']);
    expect(topFactors(alerts, 10).map((f) => f.text)).toEqual(['heavy', 'second', 'middle', 'light']);
    expect(topFactors([])).toEqual([]);
  });
});
