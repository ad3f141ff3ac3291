import { describe, expect, it } from 'vitest';
import { DEFAULT_GROUPING, groupAlerts, leadAlert, type Assignment } from './group.js';
import { makeAlert, makeIncident, T0 } from './testing.js';
import { MINUTE } from './time.js';

const T = DEFAULT_GROUPING.windowMs;
const ctx = { now: T0 + 60 * MINUTE };
const kinds = (assignments: Assignment[]) => assignments.map((a) => a.kind);

describe('groupAlerts: the time window', () => {
  it('joins two related alerts exactly T apart (inclusive bound)', () => {
    const plan = groupAlerts([], [
      makeAlert({ id: 1, scope: { service: 'api' }, windowStart: T0 }),
      makeAlert({ id: 2, scope: { service: 'api' }, windowStart: T0 + T }),
    ], ctx);
    expect(plan.created).toHaveLength(1);
    expect(plan.created[0].members).toEqual([1, 2]);
    expect(kinds(plan.assignments)).toEqual(['opened', 'joined']);
  });

  it('opens a second incident one millisecond past T', () => {
    const plan = groupAlerts([], [
      makeAlert({ id: 1, scope: { service: 'api' }, windowStart: T0 }),
      makeAlert({ id: 2, scope: { service: 'api' }, windowStart: T0 + T + 1 }),
    ], ctx);
    expect(plan.created.map((c) => c.members)).toEqual([[1], [2]]);
  });

  it('measures the gap between windows, not between window starts', () => {
    const plan = groupAlerts([], [
      makeAlert({ id: 1, scope: { service: 'api' }, windowStart: T0, windowEnd: T0 + 10 * MINUTE }),
      makeAlert({ id: 2, scope: { service: 'api' }, windowStart: T0 + 10 * MINUTE + T }),
    ], ctx);
    expect(plan.created).toHaveLength(1);
    expect(plan.created[0]).toMatchObject({ start: T0, end: T0 + 10 * MINUTE + T });
  });

  it('chains a continuing problem into one incident longer than T', () => {
    const alerts = [0, 4, 8, 12, 16].map((m, i) => makeAlert({ id: i + 1, scope: { service: 'db' }, windowStart: T0 + m * MINUTE }));
    const plan = groupAlerts([], alerts, ctx);
    expect(plan.created).toHaveLength(1);
    expect(plan.created[0]).toMatchObject({ start: T0, end: T0 + 16 * MINUTE, members: [1, 2, 3, 4, 5] });
  });

  it('keeps a problem lasting hours in one incident among many short unrelated ones', () => {
    const steady = Array.from({ length: 45 }, (_, i) => makeAlert({ id: i + 1, scope: { service: 'db' }, windowStart: T0 + i * 4 * MINUTE }));
    const noise = Array.from({ length: 45 }, (_, i) => makeAlert({ id: 100 + i, scope: { service: `svc-${i}` }, windowStart: T0 + i * 4 * MINUTE + 1 }));
    const old = makeIncident({ id: 1, status: 'resolved', services: ['db'], start: T0 - 300 * MINUTE, end: T0 - 240 * MINUTE });
    const plan = groupAlerts([old], [...noise, ...steady], ctx);
    expect(plan.created).toHaveLength(46);
    expect(plan.created[0]).toMatchObject({ services: ['db'], start: T0, end: T0 + 44 * 4 * MINUTE });
    expect(plan.created[0].members).toHaveLength(45);
    expect(plan.updated).toEqual([]);
  });

  it('gives the same plan whatever order the alerts arrive in', () => {
    const alerts = [0, 3, 7, 20, 22].map((m, i) => makeAlert({ id: i + 1, scope: { service: i % 2 ? 'a' : 'b' }, windowStart: T0 + m * MINUTE }));
    expect(groupAlerts([], [...alerts].reverse(), ctx)).toEqual(groupAlerts([], alerts, ctx));
  });
});

describe('groupAlerts: what relates alerts', () => {
  it('keeps unrelated services at the same minute apart', () => {
    const plan = groupAlerts([], [
      makeAlert({ id: 1, scope: { service: 'api' } }),
      makeAlert({ id: 2, scope: { service: 'billing' } }),
    ], ctx);
    expect(plan.created.map((c) => c.services)).toEqual([['api'], ['billing']]);
  });

  it.each([
    ['user', { user: 'alice' }],
    ['host', { host: 'node-7' }],
    ['template', { templateId: 42 }],
  ])('joins different services that share a %s', (_key, shared) => {
    const plan = groupAlerts([], [
      makeAlert({ id: 1, scope: { service: 'api', ...shared } }),
      makeAlert({ id: 2, scope: { service: 'billing', ...shared } }),
    ], ctx);
    expect(plan.created).toHaveLength(1);
    expect(plan.created[0].services).toEqual(['api', 'billing']);
  });

  it('does not relate alerts through placeholder values', () => {
    const plan = groupAlerts([], [
      makeAlert({ id: 1, scope: { service: 'unknown', user: '-' } }),
      makeAlert({ id: 2, scope: { service: 'unknown', user: '-' } }),
    ], ctx);
    expect(plan.created).toHaveLength(2);
    expect(plan.created[0].services).toEqual([]);
  });

  it('keeps interleaved services in their own incidents', () => {
    const alerts = Array.from({ length: 8 }, (_, i) =>
      makeAlert({ id: i + 1, scope: { service: i % 2 === 0 ? 'api' : 'worker' }, windowStart: T0 + i * MINUTE }),
    );
    const plan = groupAlerts([], alerts, ctx);
    expect(plan.created.map((c) => [c.services, c.members])).toEqual([
      [['api'], [1, 3, 5, 7]],
      [['worker'], [2, 4, 6, 8]],
    ]);
  });

  it('sends an alert related to two incidents to the one sharing more dimensions', () => {
    const existing = [
      makeIncident({ id: 1, services: ['api'], end: T0 }),
      makeIncident({ id: 2, services: ['api'], users: ['bob'], end: T0 - MINUTE }),
    ];
    const plan = groupAlerts(existing, [makeAlert({ id: 9, scope: { service: 'api', user: 'bob' }, windowStart: T0 + MINUTE })], ctx);
    expect(plan.assignments).toEqual([{ kind: 'joined', alertId: 9, ref: { kind: 'existing', id: 2 } }]);
  });
});

describe('groupAlerts: existing incidents', () => {
  it('extends an open incident and keeps an acked one acked', () => {
    const existing = [
      makeIncident({ id: 7, services: ['db'], members: [1], end: T0 }),
      makeIncident({ id: 8, status: 'acked', services: ['cache'], members: [2], end: T0 }),
    ];
    const plan = groupAlerts(existing, [
      makeAlert({ id: 3, scope: { service: 'db', host: 'h1' }, windowStart: T0 + 2 * MINUTE }),
      makeAlert({ id: 4, scope: { service: 'cache' }, windowStart: T0 + 3 * MINUTE }),
    ], ctx);
    expect(plan.created).toEqual([]);
    expect(plan.updated.map((i) => [i.id, i.status, i.members, i.end])).toEqual([
      [7, 'open', [1, 3], T0 + 2 * MINUTE],
      [8, 'acked', [2, 4], T0 + 3 * MINUTE],
    ]);
    expect(plan.updated[0].hosts).toEqual(['h1']);
    expect(plan.updated[0].updatedAt).toBe(ctx.now);
  });

  it('deduplicates alerts that are already members, linked or not', () => {
    const existing = [makeIncident({ id: 7, services: ['db'], members: [1] })];
    const plan = groupAlerts(existing, [
      makeAlert({ id: 1, scope: { service: 'db' } }),
      makeAlert({ id: 2, scope: { service: 'db' }, incidentId: 5 }),
      makeAlert({ id: 1, scope: { service: 'db' } }),
    ], ctx);
    expect(plan.assignments).toEqual([
      { kind: 'already', alertId: 1, incidentId: 7 },
      { kind: 'already', alertId: 2, incidentId: 5 },
    ]);
    expect(plan.updated).toEqual([]);
    expect(plan.created).toEqual([]);
  });

  it('leaves existing incidents untouched when nothing relates to them', () => {
    const existing = [makeIncident({ id: 7, services: ['db'], members: [1] })];
    const plan = groupAlerts(existing, [makeAlert({ id: 2, scope: { service: 'web' } })], ctx);
    expect(plan.updated).toEqual([]);
    expect(plan.created).toHaveLength(1);
  });
});

describe('groupAlerts: resolved incidents (flapping policy)', () => {
  const end = T0 + 10 * MINUTE;
  const resolved = makeIncident({ id: 3, status: 'resolved', resolvedAt: end + MINUTE, services: ['db'], members: [1], start: T0, end });
  const at = (id: number, start: number) => makeAlert({ id, scope: { service: 'db' }, windowStart: start });

  it('reopens when the problem recurs within the reopen period after its end', () => {
    const plan = groupAlerts([resolved], [at(2, end + 20 * MINUTE)], ctx);
    expect(plan.assignments).toEqual([{ kind: 'reopened', alertId: 2, ref: { kind: 'existing', id: 3 } }]);
    expect(plan.updated[0]).toMatchObject({ status: 'open', resolvedAt: null, members: [1, 2] });
  });

  it('reopens exactly at the end of the reopen period, and opens a new incident just after it', () => {
    const edge = groupAlerts([resolved], [at(2, end + DEFAULT_GROUPING.reopenWithinMs)], ctx);
    expect(kinds(edge.assignments)).toEqual(['reopened']);
    const after = groupAlerts([resolved], [at(2, end + DEFAULT_GROUPING.reopenWithinMs + 1)], ctx);
    expect(kinds(after.assignments)).toEqual(['opened']);
    expect(after.updated).toEqual([]);
  });

  it('attaches a late detection of the resolved period without reopening', () => {
    const plan = groupAlerts([resolved], [at(2, end - 2 * MINUTE)], ctx);
    expect(kinds(plan.assignments)).toEqual(['late']);
    expect(plan.updated[0]).toMatchObject({ status: 'resolved', members: [1, 2] });
  });

  it('lets following alerts join the reopened incident', () => {
    const plan = groupAlerts([resolved], [at(2, end + 15 * MINUTE), at(4, end + 18 * MINUTE)], ctx);
    expect(kinds(plan.assignments)).toEqual(['reopened', 'joined']);
  });

  it('prefers an active incident over reopening a resolved one', () => {
    const active = makeIncident({ id: 9, services: ['db'], members: [5], start: end + 12 * MINUTE, end: end + 12 * MINUTE });
    const plan = groupAlerts([resolved, active], [at(2, end + 14 * MINUTE)], ctx);
    expect(plan.assignments).toEqual([{ kind: 'joined', alertId: 2, ref: { kind: 'existing', id: 9 } }]);
  });
});

describe('groupAlerts: titles and severity', () => {
  const templates = new Map([
    [1, { name: 'Database connectivity', text: 'Connection refused to <*>', service: 'pay' }],
    [2, { name: null, text: 'Timeout after <*> ms calling <*>', service: 'pay' }],
  ]);

  it('names a new incident after its leading alert', () => {
    const plan = groupAlerts([], [
      makeAlert({ id: 1, scope: { service: 'pay', templateId: 2 }, severity: 'LOW' }),
      makeAlert({ id: 2, scope: { service: 'pay', templateId: 1 }, severity: 'HIGH' }),
      makeAlert({ id: 3, scope: { service: 'web', templateId: 2 }, windowStart: T0 + 30 * MINUTE }),
      makeAlert({ id: 4, ruleName: 'Failed logins', scope: { user: 'alice' }, windowStart: T0 + 60 * MINUTE }),
    ], { ...ctx, templates });
    expect(plan.created.map((c) => c.title)).toEqual(['Database connectivity', 'web: Timeout after … ms calling …', 'Failed logins for alice']);
  });

  it('takes the highest floor of member severities, scores, evidence levels and breadth', () => {
    const plan = groupAlerts([], [
      makeAlert({ id: 1, scope: { service: 'a', user: 'u' }, severity: 'LOW', score: 0.75 }),
      makeAlert({ id: 2, scope: { service: 'b', user: 'u' }, severity: 'LOW' }),
    ], ctx);
    expect(plan.created[0].severity).toBe('MEDIUM');
    const withLevels = groupAlerts([], [makeAlert({ id: 1, scope: { service: 'a' } })], { ...ctx, levels: new Map([[1, ['FATAL' as const]]]) });
    expect(withLevels.created[0].severity).toBe('HIGH');
    const broad = groupAlerts([], ['a', 'b', 'c'].map((s, i) => makeAlert({ id: i + 1, scope: { service: s, host: 'h' } })), ctx);
    expect(broad.created[0].severity).toBe('HIGH');
  });

  it('never lowers the severity of an existing incident', () => {
    const existing = [makeIncident({ id: 1, severity: 'CRITICAL', services: ['a'], members: [10] })];
    const plan = groupAlerts(existing, [makeAlert({ id: 11, scope: { service: 'a' }, severity: 'LOW' })], ctx);
    expect(plan.updated[0].severity).toBe('CRITICAL');
  });

  it('leads with the most severe, then highest-scoring, then earliest alert', () => {
    const a = makeAlert({ id: 1, severity: 'HIGH', score: 0.5, windowStart: T0 + 1 });
    const b = makeAlert({ id: 2, severity: 'HIGH', score: 0.9, windowStart: T0 + 2 });
    const c = makeAlert({ id: 3, severity: 'HIGH', score: 0.9, windowStart: T0 });
    expect(leadAlert([a, b]).id).toBe(2);
    expect(leadAlert([a, b, c]).id).toBe(3);
    expect(leadAlert([makeAlert({ id: 4, severity: 'CRITICAL' }), c]).id).toBe(4);
  });
});
