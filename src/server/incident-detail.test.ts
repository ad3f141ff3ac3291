import { describe, expect, it } from 'vitest';
import type { Alert, Factor, Incident, StoredLog, Template } from '../domain/index.js';
import { assembleIncidentDetail, evidenceIds, explanationFactors, relatedAnomalies } from './incident-detail.js';

const alert = (over: Partial<Alert>): Alert => ({
  id: 1, fingerprint: 'f', source: 'rule', ruleId: null, ruleName: 'r', severity: 'LOW', scope: {}, windowStart: 1000, windowEnd: 2000,
  observed: 1, threshold: 1, score: null, message: 'm', evidence: [], factors: [], createdAt: 0, status: 'open', incidentId: null, ...over,
});
const burst = (weight: number, text = '40 in 5 min'): Factor => ({ kind: 'burst', text, weight, observed: 40, windowMinutes: 5, normal: 8 });
const incident: Incident = {
  id: 9, title: 't', status: 'open', severity: 'HIGH', start: 10 * 60_000, end: 20 * 60_000, services: ['auth'], templateIds: [],
  users: [], hosts: [], members: [1], updatedAt: 0, resolvedAt: null,
};

describe('evidenceIds', () => {
  it('takes the most severe alert’s evidence first, each id once, up to the cap', () => {
    const alerts = [alert({ id: 1, severity: 'LOW', evidence: [5, 6] }), alert({ id: 2, severity: 'CRITICAL', evidence: [7, 5] })];
    expect(evidenceIds(alerts)).toEqual([7, 5, 6]);
    expect(evidenceIds(alerts, 2)).toEqual([7, 5]);
  });
});

describe('explanationFactors', () => {
  it('keeps each sentence once at its strongest weight, strongest first', () => {
    const factors = explanationFactors([
      alert({ factors: [burst(0.3), { kind: 'new_template', text: 'new', weight: 0.5, templateId: 1, template: 'x' }] }),
      alert({ factors: [burst(0.9)] }),
    ]);
    expect(factors.map((f) => [f.kind, f.weight])).toEqual([['burst', 0.9], ['new_template', 0.5]]);
  });
});

describe('relatedAnomalies', () => {
  it('keeps non-rule alerts near the incident on its services that are not members', () => {
    const near = alert({ id: 2, source: 'zscore', scope: { service: 'auth' }, windowStart: 21 * 60_000, windowEnd: 22 * 60_000 });
    const candidates = [
      near,
      alert({ id: 1, source: 'ml', scope: { service: 'auth' }, windowStart: 11 * 60_000, windowEnd: 12 * 60_000 }),
      alert({ id: 3, source: 'rule', scope: { service: 'auth' }, windowStart: 11 * 60_000, windowEnd: 12 * 60_000 }),
      alert({ id: 4, source: 'ml', scope: { service: 'db' }, windowStart: 11 * 60_000, windowEnd: 12 * 60_000 }),
      alert({ id: 5, source: 'ml', scope: { service: 'auth' }, windowStart: 60 * 60_000, windowEnd: 61 * 60_000 }),
    ];
    expect(relatedAnomalies(incident, candidates).map((a) => a.id)).toEqual([2]);
  });
});

describe('assembleIncidentDetail', () => {
  it('orders evidence by time and marks each line’s parameters using its template', () => {
    const log = (id: number, ts: number, message: string, params: string[]): StoredLog => ({
      id, ts, message, params, service: 'auth', level: 'WARN', attrs: {}, source: { file: 'a', line: id, offset: 0 }, templateId: 3,
    });
    const template: Template = {
      id: 3, key: 'k', service: 'auth', text: 'Failed password for <*> port <*>', name: 'SSH failures', frozen: false, custom: false,
      normal: false, count: 2, firstSeen: 0, lastSeen: 0, example: '',
    };
    const detail = assembleIncidentDetail({
      incident, alerts: [alert({ evidence: [2, 1] })], templates: [template], candidates: [],
      logs: [log(2, 500, 'Failed password for bob port 22', ['bob', '22']), log(1, 100, 'Failed password for root port 2222', ['root', '2222'])],
    });
    expect(detail.evidence.map((e) => e.log.id)).toEqual([1, 2]);
    expect(detail.evidence[0]!.template).toEqual({ id: 3, text: template.text, name: 'SSH failures' });
    expect(detail.evidence[0]!.segments).toEqual([
      { text: 'Failed password for ', param: null },
      { text: 'root', param: 0 },
      { text: ' port ', param: null },
      { text: '2222', param: 1 },
    ]);
  });
});
