import { afterAll, describe, expect, it } from 'vitest';
import type { AlertDraft } from '../domain/index.js';
import { parseRule } from '../detect/rules/schema.js';
import { DEFAULT_BACKOFF, type Channel, type NotifyConfig, type NotifyPayload } from '../notify/index.js';
import type { Store } from '../store/store.js';
import { BACKENDS } from '../store/testing/backends.js';
import { logRow, T0 } from '../store/testing/fixtures.js';
import { detectAndGroup, touchedIncidents, type MlScorer, type MlScoring } from './detect-run.js';

const MIN = 60_000;

async function seed(store: Store, panicsAtMinutes: number[], from = 0, to = 30): Promise<number[]> {
  const rows = [];
  for (let m = from; m < to; m++) rows.push(logRow({ ts: T0 + m * MIN, message: `request ${m}` }));
  for (const m of panicsAtMinutes) rows.push(logRow({ ts: T0 + m * MIN + 1000, level: 'FATAL', message: 'panic: out of cheese' }));
  rows.sort((a, b) => a.ts - b.ts);
  const out = await store.appendBatch({ rows, rejects: [] });
  if (out.kind !== 'stored') throw new Error('append failed');
  return out.ids;
}

async function addPanicRule(store: Store): Promise<void> {
  const out = parseRule({ name: 'panic', type: 'keyword', pattern: 'panic', severity: 'HIGH' });
  if (out.kind === 'error') throw new Error(out.message);
  await store.createRule(out.rule);
}

/** A channel that keeps what it was sent: a real Channel, in memory. */
function recordingChannel(): Channel & { sent: NotifyPayload[] } {
  const sent: NotifyPayload[] = [];
  return { name: 'memo', type: 'memory', sent, send: async (payload) => (sent.push(payload), { kind: 'sent' }) };
}

function notifyConfig(channel: Channel): NotifyConfig {
  return { channels: [channel], routes: [{ channels: [channel.name] }], repeatIntervalMinutes: 60, maxAttempts: 3, backoff: DEFAULT_BACKOFF, linkTemplate: null };
}

/** A scorer standing in for a trained model: flags the records it is given, as ML alerts. */
function scorerFlagging(ids: () => number[]): MlScorer & { calls: number; commits: number } {
  const scorer = {
    calls: 0,
    commits: 0,
    async score(): Promise<MlScoring> {
      scorer.calls++;
      const drafts = ids().map((id): AlertDraft => ({
        fingerprint: `ml:${id}`, source: 'ml', ruleId: null, ruleName: 'ml', severity: 'MEDIUM', scope: { service: 'api' },
        windowStart: T0 + 2 * MIN, windowEnd: T0 + 2 * MIN, observed: 0.97, threshold: 0.9, score: 0.97, message: 'unusual line', evidence: [id], factors: [],
      }));
      return { scored: ids().length, drafts, commit: async () => void scorer.commits++ };
    },
  };
  return scorer;
}

for (const backend of BACKENDS) {
  describe(`detectAndGroup (${backend.name})`, () => {
    const stores: Store[] = [];
    const fresh = async () => {
      const store = await backend.open();
      stores.push(store);
      return store;
    };
    afterAll(async () => {
      for (const s of stores) await s.close();
      await backend.cleanup();
    });

    it('groups the alerts it finds into incidents as it runs, and finds nothing new the second time', async () => {
      const store = await fresh();
      await addPanicRule(store);
      await seed(store, [5, 7]);
      const first = await detectAndGroup(store);
      expect(first.detection.alerts).toHaveLength(1);
      expect(first.incidents.opened).toHaveLength(1);
      const incident = first.incidents.opened[0]!;
      expect(first.detection.alerts[0]!.incidentId).toBe(incident.id);
      expect((await store.getAlert(first.detection.alerts[0]!.id))!.incidentId).toBe(incident.id);

      const second = await detectAndGroup(store);
      expect(second.detection).toMatchObject({ alerts: [], examined: 0 });
      expect(touchedIncidents(second.incidents)).toEqual([]);
      expect(second.notified).toBeUndefined();
    });

    it('stores the anomalies a model scorer reports as ML alerts, grouped with the rule alerts they relate to', async () => {
      const store = await fresh();
      await addPanicRule(store);
      const ids = await seed(store, [3]);
      const scorer = scorerFlagging(() => [ids[2]!]);
      const first = await detectAndGroup(store, { ml: scorer });
      expect(first.ml!.alerts).toMatchObject([{ source: 'ml', evidence: [ids[2]] }]);
      expect(first.incidents.opened).toHaveLength(1);
      const byId = (a: number, b: number) => a - b;
      expect([...first.incidents.opened[0]!.members].sort(byId)).toEqual([...first.detection.alerts, ...first.ml!.alerts].map((a) => a.id).sort(byId));

      const again = await detectAndGroup(store, { ml: scorer });
      expect(scorer).toMatchObject({ calls: 2, commits: 2 });
      expect(again.ml).toEqual({ scored: 1, alerts: [], suppressed: 0 });
    });

    it('drops model anomalies that a silence covers', async () => {
      const store = await fresh();
      const ids = await seed(store, []);
      await store.addSilence({ target: { kind: 'service', value: 'api' }, until: Date.now() + 60 * MIN, reason: '', createdBy: null });
      const result = await detectAndGroup(store, { ml: scorerFlagging(() => [ids[0]!]) });
      expect(result.ml).toEqual({ scored: 1, alerts: [], suppressed: 1 });
      expect((await store.listAlerts()).rows).toEqual([]);
    });

    it('notifies incidents it opens or extends, once per repeat interval, and records the deliveries', async () => {
      const store = await fresh();
      await addPanicRule(store);
      await seed(store, [5], 0, 10);
      const channel = recordingChannel();
      const first = await detectAndGroup(store, { notify: notifyConfig(channel) });
      const incidentId = first.incidents.opened[0]!.id;
      expect(first.notified!.incidents).toMatchObject([{ incident: { id: incidentId }, result: { kind: 'routed', results: [{ kind: 'sent', channel: 'memo' }] } }]);
      expect(channel.sent.map((p) => [p.incident.id, p.alerts.length])).toEqual([[incidentId, 1]]);

      await seed(store, [12], 10, 20);
      const second = await detectAndGroup(store, { notify: notifyConfig(channel) });
      expect(second.incidents.extended.map((i) => i.id)).toEqual([incidentId]);
      expect(second.notified!.incidents).toMatchObject([{ result: { kind: 'routed', results: [{ kind: 'repeat' }] } }]);
      expect(channel.sent).toHaveLength(1);
      expect(await store.listDeliveries()).toMatchObject([{ channel: 'memo', incidentId, status: 'sent' }]);
    });
  });
}
