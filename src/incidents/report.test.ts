import { describe, expect, it } from 'vitest';
import type { Factor } from '../domain/index.js';
import { DEFAULT_REPORT, renderIncidentJson, renderIncidentReport, type ReportLog, type ReportTemplate } from './report.js';
import { makeAlert, makeIncident } from './testing.js';
import { MINUTE, SECOND } from './time.js';

const t = Date.UTC(2024, 0, 15, 3, 12, 44);
const factors: Factor[] = [
  { kind: 'burst', text: '47 occurrences in 2 min (normal < 5)', weight: 0.7, observed: 47, windowMinutes: 2, normal: 5 },
  { kind: 'new_template', text: 'never seen in training data', weight: 0.9, templateId: 5, template: 'Connection refused to <*>' },
  { kind: 'unusual_time', text: "03:00 is outside this template's normal hours (08:00–18:00)", weight: 0.8, hour: 3, normalHours: [8, 18] },
];
const log = (id: number, ts: number, message: string, templateId: number | null = 5, level: ReportLog['level'] = 'ERROR'): ReportLog =>
  ({ id, ts, level, service: 'payment-svc', message, templateId });
const logs = new Map([
  [1, log(1, t, 'Connection refused to db-primary:5432')],
  [2, log(2, t + SECOND, 'Connection refused to db-primary:5432')],
  [3, log(3, t + 2 * SECOND, 'Connection refused to db-replica:5432')],
  [4, log(4, t + MINUTE, 'Pool exhausted after 30 s', 6, 'WARN')],
]);
const templates = new Map<number, ReportTemplate>([[5, { id: 5, name: 'Database connectivity', text: 'Connection refused to <*>' }]]);
const ml = makeAlert({ id: 10, source: 'ml', score: 0.94, severity: 'HIGH', windowStart: t, evidence: [1, 2, 3], factors, incidentId: 7 });
const rule = makeAlert({
  id: 11, ruleName: 'pool-exhausted', severity: 'MEDIUM', windowStart: t + MINUTE, evidence: [4], incidentId: 7,
  factors: [{ kind: 'rule', text: 'rule "pool-exhausted" observed 3 against its threshold of 1', weight: 1, rule: 'pool-exhausted', threshold: 1, observed: 3 }],
});
const incident = makeIncident({
  id: 7, title: 'Database connectivity', severity: 'HIGH', start: t, end: t + 3 * MINUTE, services: ['payment-svc'], hosts: ['db-1'], members: [10, 11],
});

describe('renderIncidentReport', () => {
  it("renders the spec's format: each anomaly with score, time, line, factors by weight and related count", () => {
    expect(renderIncidentReport(incident, [ml, rule], logs, templates)).toBe(
      [
        'INCIDENT #7 "Database connectivity"',
        'Severity: HIGH · Status: open · 2024-01-15 03:12:44 → 2024-01-15 03:15:44 (3 min)',
        'Services: payment-svc · Hosts: db-1 · Users: - · Alerts: 2',
        '',
        'ANOMALY DETECTED (score: 0.94)',
        'Timestamp: 2024-01-15 03:12:44',
        'Log: ERROR [payment-svc] Connection refused to db-primary:5432',
        'Factors:',
        '  - NEW TEMPLATE: never seen in training data',
        "  - UNUSUAL TIME: 03:00 is outside this template's normal hours (08:00–18:00)",
        '  - BURST: 47 occurrences in 2 min (normal < 5)',
        'Related: 2 similar lines in incident #7 "Database connectivity"',
        '',
        'ANOMALY DETECTED (rule: pool-exhausted, severity: MEDIUM)',
        'Timestamp: 2024-01-15 03:13:44',
        'Log: WARN [payment-svc] Pool exhausted after 30 s',
        'Factors:',
        '  - RULE: rule "pool-exhausted" observed 3 against its threshold of 1',
        'Related: no similar lines in incident #7 "Database connectivity"',
        '',
        'Related lines in incident #7 "Database connectivity":',
        '  2024-01-15 03:12:45 ERROR [payment-svc] Connection refused to db-primary:5432',
        '  2024-01-15 03:12:46 ERROR [payment-svc] Connection refused to db-replica:5432',
        '',
      ].join('\n'),
    );
  });

  it('falls back to the alert message when no evidence line is available', () => {
    const bare = makeAlert({ id: 12, message: '12 failed logins for alice in 5 min', incidentId: 7 });
    const text = renderIncidentReport({ ...incident, members: [12] }, [bare], new Map(), templates);
    expect(text).toContain('Alert: 12 failed logins for alice in 5 min\nFactors: none recorded\n');
  });

  it('keeps the most severe anomalies past the cap and lists them in time order', () => {
    const alerts = [1, 2, 3, 4].map((i) => makeAlert({ id: i, severity: i === 1 || i === 3 ? 'HIGH' : 'LOW', windowStart: t + i * MINUTE, incidentId: 7 }));
    const report = renderIncidentJson({ ...incident, members: [1, 2, 3, 4] }, alerts, new Map(), templates, { ...DEFAULT_REPORT, maxAnomalies: 2 });
    expect(report.anomalies.map((a) => a.alertId)).toEqual([1, 3]);
    expect(report.omittedAnomalies).toBe(2);
    expect(renderIncidentReport({ ...incident, members: [1, 2, 3, 4] }, alerts, new Map(), templates, { ...DEFAULT_REPORT, maxAnomalies: 2 })).toContain(
      '… and 2 more anomalies (see --json)',
    );
  });

  it('caps the related lines and says how many were left out', () => {
    const text = renderIncidentReport(incident, [ml], logs, templates, { ...DEFAULT_REPORT, maxRelated: 1 });
    expect(text).toContain('Related lines in incident #7 "Database connectivity":\n  2024-01-15 03:12:45 ERROR [payment-svc] Connection refused to db-primary:5432\n  … and 1 more\n');
  });

  it('ignores alerts that are not members of the incident', () => {
    const stranger = makeAlert({ id: 99, incidentId: 8, ruleName: 'elsewhere' });
    expect(renderIncidentReport(incident, [ml, rule, stranger], logs, templates)).not.toContain('elsewhere');
  });
});

describe('renderIncidentJson', () => {
  it('carries the same content as data: labelled factors, the line, its template and ISO times', () => {
    const report = renderIncidentJson(incident, [ml, rule], logs, templates);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    const [first] = report.anomalies;
    expect(first).toMatchObject({ alertId: 10, score: 0.94, time: '2024-01-15T03:12:44.000Z', line: { id: 1 }, template: { name: 'Database connectivity' }, similarLines: 2 });
    expect(first.factors.map((f) => f.label)).toEqual(['NEW TEMPLATE', 'UNUSUAL TIME', 'BURST']);
    expect(report.related.map((l) => l.id)).toEqual([2, 3]);
  });
});
