/**
 * Store contract, part 4: detection state. Rules, watermarks, alerts (deduplicated by
 * fingerprint) and incidents.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../domain/index.js';
import { BACKENDS } from './testing/backends.js';
import { alertDraft, incidentFields, ruleDraft, T0 } from './testing/fixtures.js';
import { emptyStorePerTest } from './testing/hooks.js';

for (const backend of BACKENDS) {
  describe(`${backend.name}: rules and watermarks`, () => {
    const store = emptyStorePerTest(backend);

    it('creates rules and finds them by id or name', async () => {
      const plain = await store().createRule(ruleDraft());
      const described = await store().createRule(
        ruleDraft({ name: 'quiet-db', type: 'inactivity', enabled: false, scope: { services: ['db'] }, description: 'db went quiet', params: { minutes: 10, nested: { a: [1, 'x'] } } }),
      );
      expect(plain).toEqual({ ...ruleDraft(), id: plain.id });
      expect(described).toMatchObject({ name: 'quiet-db', enabled: false, scope: { services: ['db'] }, description: 'db went quiet', params: { minutes: 10, nested: { a: [1, 'x'] } } });
      expect(await store().getRule(described.id)).toEqual(described);
      expect(await store().getRule('quiet-db')).toEqual(described);
      expect(await store().getRule('nope')).toBeNull();
      expect(await store().getRule(plain.id + 100)).toBeNull();
      expect(await store().listRules()).toEqual([plain, described]);
      expect(await store().listRules({ enabledOnly: true })).toEqual([plain]);
    });

    it('refuses a second rule with the same name', async () => {
      await store().createRule(ruleDraft());
      await expect(store().createRule(ruleDraft({ severity: 'LOW' }))).rejects.toThrow();
      expect(await store().listRules()).toHaveLength(1);
    });

    it('updates only the given fields and deletes rules', async () => {
      const rule = await store().createRule(ruleDraft({ description: 'old' }));
      const updated = await store().updateRule(rule.id, { severity: 'CRITICAL', enabled: false, params: { keyword: 'panic' } });
      expect(updated).toEqual({ ...rule, severity: 'CRITICAL', enabled: false, params: { keyword: 'panic' } });
      expect(await store().updateRule(rule.id + 100, { severity: 'LOW' })).toBeNull();
      expect(await store().deleteRule(rule.id)).toBe(true);
      expect(await store().deleteRule(rule.id)).toBe(false);
      expect(await store().getRule(rule.id)).toBeNull();
    });

    it('keeps one watermark per detector, overwritten on set', async () => {
      expect(await store().getWatermark('zscore')).toBeNull();
      await store().setWatermark('zscore', { logId: 10, ts: T0 });
      await store().setWatermark('rules', { logId: 3, ts: T0 - 1 });
      await store().setWatermark('zscore', { logId: 25, ts: T0 + 1 });
      expect(await store().getWatermark('zscore')).toEqual({ logId: 25, ts: T0 + 1 });
      expect(await store().getWatermark('rules')).toEqual({ logId: 3, ts: T0 - 1 });
    });
  });

  describe(`${backend.name}: alerts`, () => {
    const store = emptyStorePerTest(backend);

    it('inserts alerts once per fingerprint and returns only the new ones', async () => {
      const before = Date.now();
      const first = await store().insertAlerts([alertDraft({ fingerprint: 'f1', score: 0.93 }), alertDraft({ fingerprint: 'f2' })]);
      expect(first).toHaveLength(2);
      expect(first[0]).toEqual({ ...alertDraft({ fingerprint: 'f1', score: 0.93 }), id: first[0]!.id, createdAt: first[0]!.createdAt, status: 'open', incidentId: null });
      expect(first[0]!.createdAt).toBeGreaterThanOrEqual(before);
      expect(await store().insertAlerts([alertDraft({ fingerprint: 'f1', message: 'changed' })])).toEqual([]);
      const mixed = await store().insertAlerts([alertDraft({ fingerprint: 'f2' }), alertDraft({ fingerprint: 'f3' }), alertDraft({ fingerprint: 'f3' })]);
      expect(mixed.map((a) => a.fingerprint)).toEqual(['f3']);
      expect(await store().getAlert(first[0]!.id)).toEqual(first[0]);
      expect((await store().listAlerts()).rows).toHaveLength(3);
      expect(await store().insertAlerts([])).toEqual([]);
    });

    it('filters alerts and pages newest first with no overlap and no gap', async () => {
      const drafts = Array.from({ length: 23 }, (_, i) =>
        alertDraft({
          fingerprint: `fp${i}`, severity: i % 2 ? 'LOW' : 'HIGH', ruleName: i % 3 ? 'r1' : 'r2', source: i % 4 ? 'rule' : 'zscore',
          scope: { service: i % 5 ? 'api' : 'db' }, windowStart: T0 + i * 60_000, windowEnd: T0 + (i + 1) * 60_000,
        }),
      );
      const alerts = await store().insertAlerts(drafts);
      await store().setAlertStatus(alerts[4]!.id, 'acked');
      const incident = await store().createIncident(incidentFields({ members: [alerts[6]!.id, alerts[7]!.id] }));
      const expectIds = async (q: Parameters<ReturnType<typeof store>['listAlerts']>[0], pick: (a: Alert, i: number) => boolean) =>
        expect((await store().listAlerts(q)).rows.map((a) => a.id)).toEqual(alerts.filter(pick).map((a) => a.id).reverse());
      await expectIds({ severity: 'LOW' }, (_a, i) => i % 2 === 1);
      await expectIds({ rule: 'r2' }, (_a, i) => i % 3 === 0);
      await expectIds({ source: 'zscore' }, (_a, i) => i % 4 === 0);
      await expectIds({ service: 'db' }, (_a, i) => i % 5 === 0);
      await expectIds({ status: 'acked' }, (_a, i) => i === 4);
      await expectIds({ incidentId: incident.id }, (_a, i) => i === 6 || i === 7);
      // windows overlapping [since, until): the window ending exactly at `since` still counts
      await expectIds({ since: T0 + 10 * 60_000, until: T0 + 12 * 60_000 }, (_a, i) => i >= 9 && i <= 11);

      const pages: number[][] = [];
      let cursor: string | undefined;
      do {
        const page = await store().listAlerts({ limit: 5, cursor });
        pages.push(page.rows.map((a) => a.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
      expect(pages.flat()).toEqual(alerts.map((a) => a.id).reverse());
    });

    it('changes status, and records "not an anomaly" feedback', async () => {
      const [a, b] = await store().insertAlerts([alertDraft({ fingerprint: 'a' }), alertDraft({ fingerprint: 'b' })]);
      expect(await store().setAlertStatus(a!.id, 'resolved')).toEqual({ ...a, status: 'resolved' });
      expect(await store().setAlertStatus(a!.id + 100, 'acked')).toBeNull();
      expect(await store().getAlert(a!.id + 100)).toBeNull();
      await store().markAlertNormal(b!.id, true);
      await store().markAlertNormal(a!.id, true);
      expect(await store().listNormalAlerts()).toEqual([a!.id, b!.id]);
      await store().markAlertNormal(a!.id, false);
      expect(await store().listNormalAlerts()).toEqual([b!.id]);
    });
  });

  describe(`${backend.name}: incidents`, () => {
    const store = emptyStorePerTest(backend);

    it('creates an incident and attaches its member alerts', async () => {
      const alerts = await store().insertAlerts([1, 2, 3].map((i) => alertDraft({ fingerprint: `f${i}` })));
      const fields = incidentFields({ members: [alerts[2]!.id, alerts[0]!.id], templateIds: [4, 2], users: ['bob'], hosts: ['h1'] });
      const incident = await store().createIncident(fields);
      expect(incident).toEqual({ ...fields, id: incident.id, members: [alerts[0]!.id, alerts[2]!.id] });
      expect(await store().getIncident(incident.id)).toEqual(incident);
      expect((await store().getAlert(alerts[0]!.id))?.incidentId).toBe(incident.id);
      expect((await store().getAlert(alerts[1]!.id))?.incidentId).toBeNull();
      expect(await store().getIncident(incident.id + 100)).toBeNull();
    });

    it('updates fields and adds members', async () => {
      const alerts = await store().insertAlerts([1, 2].map((i) => alertDraft({ fingerprint: `f${i}` })));
      const incident = await store().createIncident(incidentFields({ members: [alerts[0]!.id] }));
      const updated = await store().updateIncident(incident.id, { status: 'resolved', resolvedAt: T0 + 5, end: T0 + 120_000, members: [alerts[1]!.id] });
      expect(updated).toEqual({ ...incident, status: 'resolved', resolvedAt: T0 + 5, end: T0 + 120_000, members: alerts.map((a) => a.id) });
      expect(await store().updateIncident(incident.id + 100, { status: 'acked' })).toBeNull();
    });

    it('lists by status and end time, newest first, in pages', async () => {
      const made = [];
      for (let i = 0; i < 7; i++) {
        made.push(await store().createIncident(incidentFields({ title: `i${i}`, status: i % 2 ? 'resolved' : 'open', end: T0 + i * 1000 })));
      }
      const titles = async (opts: Parameters<ReturnType<typeof store>['listIncidents']>[0]) => (await store().listIncidents(opts)).rows.map((r) => r.title);
      expect(await titles({})).toEqual(['i6', 'i5', 'i4', 'i3', 'i2', 'i1', 'i0']);
      expect(await titles({ status: 'resolved' })).toEqual(['i5', 'i3', 'i1']);
      expect(await titles({ since: T0 + 4000 })).toEqual(['i6', 'i5', 'i4']);
      const first = await store().listIncidents({ limit: 4 });
      const second = await store().listIncidents({ limit: 4, cursor: first.nextCursor ?? undefined });
      expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(made.map((m) => m.id).reverse());
      expect(second.nextCursor).toBeNull();
    });
  });
}
