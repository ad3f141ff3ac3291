import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, AlertDraft, Level } from '../domain/index.js';
import type { Store } from '../store/store.js';
import { applyIncidents, DEFAULT_APPLY, dominantErrorTemplate } from './apply.js';
import { makeAlert, openTempStore, T0 } from './testing.js';
import { MINUTE } from './time.js';

let store: Store;
let dispose: () => Promise<void>;
beforeEach(async () => {
  ({ store, dispose } = await openTempStore());
});
afterEach(() => dispose());

const NOW = T0 + 2 * 60 * MINUTE;
const opts = { ...DEFAULT_APPLY, now: () => NOW };

async function storeLog(level: Level, service = 'pay'): Promise<number> {
  const row = { ts: T0, service, level, message: 'Connection refused to db-primary:5432', attrs: {}, source: { file: 'a.log', line: 1, offset: 0 }, templateId: null, params: [] };
  const outcome = await store.appendBatch({ rows: [row], rejects: [] });
  if (outcome.kind !== 'stored') throw new Error('the log was not stored');
  return outcome.ids[0];
}

/** Insert alert drafts into the store (detection's job) and return the stored alerts. */
async function insert(...drafts: Partial<AlertDraft>[]): Promise<Alert[]> {
  const alerts = drafts.map((d, i) => {
    const { id: _id, createdAt: _c, status: _s, incidentId: _i, ...draft } = makeAlert({ id: i, ...d });
    return { ...draft, fingerprint: `${d.ruleName ?? 'r'}|${d.scope?.service}|${d.windowStart}` };
  });
  return store.insertAlerts(alerts);
}

describe('applyIncidents against SQLite', () => {
  it('opens an incident, links its alerts and names it after the template', async () => {
    const [templateId] = await store.upsertTemplates([{ key: 'pay:conn', service: 'pay', text: 'Connection refused to <*>', example: 'x', firstSeen: T0, lastSeen: T0, countDelta: 1 }]);
    await store.updateTemplate(templateId, { name: 'Database connectivity' });
    const fatal = await storeLog('FATAL');
    const alerts = await insert(
      { scope: { service: 'pay', templateId }, windowStart: T0, evidence: [fatal] },
      { scope: { service: 'pay' }, windowStart: T0 + MINUTE },
      { scope: { service: 'web' }, windowStart: T0 + MINUTE },
    );

    const result = await applyIncidents(store, alerts, opts);

    expect(result.opened.map((i) => [i.title, i.services, i.severity, i.members])).toEqual([
      ['Database connectivity', ['pay'], 'HIGH', [alerts[0].id, alerts[1].id]],
      ['error-burst on web', ['web'], 'LOW', [alerts[2].id]],
    ]);
    const linked = await Promise.all(alerts.map((a) => store.getAlert(a.id)));
    expect(linked.map((a) => a?.incidentId)).toEqual([result.opened[0].id, result.opened[0].id, result.opened[1].id]);
    expect(await store.getIncident(result.opened[0].id)).toEqual(result.opened[0]);
  });

  it('extends the open incident with a continuing problem, and changes nothing on a re-run', async () => {
    const first = await insert({ scope: { service: 'pay' }, windowStart: T0 });
    const [incident] = (await applyIncidents(store, first, opts)).opened;
    const second = await insert({ scope: { service: 'pay' }, windowStart: T0 + 4 * MINUTE, severity: 'CRITICAL' });

    const extended = await applyIncidents(store, second, opts);
    expect(extended.opened).toEqual([]);
    expect(extended.extended.map((i) => [i.id, i.members, i.end, i.severity])).toEqual([
      [incident.id, [first[0].id, second[0].id], T0 + 4 * MINUTE, 'CRITICAL'],
    ]);

    const again = await applyIncidents(store, [...first, ...second], opts);
    expect(again).toMatchObject({ opened: [], extended: [], reopened: [], attached: [] });
    expect(again.assignments.map((a) => a.kind)).toEqual(['already', 'already']);
    expect((await store.listIncidents()).rows).toHaveLength(1);
  });

  it('reopens a resolved incident when the problem recurs within the reopen period, not after it', async () => {
    const first = await insert({ scope: { service: 'pay' }, windowStart: T0 });
    const [incident] = (await applyIncidents(store, first, opts)).opened;
    await store.updateIncident(incident.id, { status: 'resolved', resolvedAt: NOW });

    const recurrence = await insert({ scope: { service: 'pay' }, windowStart: T0 + 20 * MINUTE });
    const reopened = await applyIncidents(store, recurrence, opts);
    expect(reopened.reopened.map((i) => [i.id, i.status, i.resolvedAt])).toEqual([[incident.id, 'open', null]]);

    await store.updateIncident(incident.id, { status: 'resolved', resolvedAt: NOW });
    const muchLater = await insert({ scope: { service: 'pay' }, windowStart: T0 + 20 * MINUTE + DEFAULT_APPLY.grouping.reopenWithinMs + 1 });
    const fresh = await applyIncidents(store, muchLater, opts);
    expect(fresh.reopened).toEqual([]);
    expect(fresh.opened).toHaveLength(1);
    expect((await store.getIncident(incident.id))?.status).toBe('resolved');
  });

  it('attaches a late alert to a resolved incident without reopening it', async () => {
    const first = await insert({ scope: { service: 'pay' }, windowStart: T0, windowEnd: T0 + 10 * MINUTE });
    const [incident] = (await applyIncidents(store, first, opts)).opened;
    await store.updateIncident(incident.id, { status: 'resolved', resolvedAt: NOW });
    const late = await insert({ scope: { service: 'pay' }, windowStart: T0 + 5 * MINUTE, ruleName: 'late' });
    const result = await applyIncidents(store, late, opts);
    expect(result.attached.map((i) => [i.id, i.status, i.members])).toEqual([[incident.id, 'resolved', [first[0].id, late[0].id]]]);
  });

  it('does nothing for an empty batch', async () => {
    expect(await applyIncidents(store, [], opts)).toEqual({ opened: [], extended: [], reopened: [], attached: [], assignments: [] });
  });
});

describe('dominantErrorTemplate', () => {
  const line = (templateId: number | null, level: 'INFO' | 'ERROR') => ({ templateId, level });

  it('names the template at least half of the lines share when they are errors', () => {
    expect(dominantErrorTemplate([line(3, 'ERROR'), line(3, 'ERROR'), line(4, 'ERROR')])).toBe(3);
    expect(dominantErrorTemplate([line(3, 'ERROR'), line(4, 'ERROR')])).toBe(3);
  });

  it('names none for traffic or for scattered errors', () => {
    expect(dominantErrorTemplate([line(3, 'INFO'), line(3, 'INFO')])).toBeNull();
    expect(dominantErrorTemplate([line(3, 'ERROR'), line(4, 'ERROR'), line(5, 'ERROR')])).toBeNull();
    expect(dominantErrorTemplate([])).toBeNull();
  });
});
