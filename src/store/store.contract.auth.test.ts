/**
 * Store contract, part 6: silences, users and their sessions and API tokens, notification
 * deliveries, and settings.
 */
import { describe, expect, it } from 'vitest';
import type { Delivery } from './store.js';
import { BACKENDS } from './testing/backends.js';
import { T0 } from './testing/fixtures.js';
import { emptyStorePerTest } from './testing/hooks.js';

const delivery = (fields: Partial<Omit<Delivery, 'id' | 'createdAt'>> = {}): Omit<Delivery, 'id' | 'createdAt'> => ({
  channel: 'slack', incidentId: 1, alertId: null, status: 'pending', attempts: 0, lastError: null, nextAttemptAt: null, sentAt: null, ...fields,
});

for (const backend of BACKENDS) {
  describe(`${backend.name}: silences`, () => {
    const store = emptyStorePerTest(backend);

    it('adds, lists (optionally only those active at a time) and deletes silences', async () => {
      const before = Date.now();
      const rule = await store().addSilence({ target: { kind: 'rule', value: 'many-errors' }, until: T0 + 1000, reason: 'deploy', createdBy: 'ann' });
      const service = await store().addSilence({ target: { kind: 'service', value: 'db' }, until: T0 + 5000, reason: '', createdBy: null });
      expect(rule).toEqual({ id: rule.id, target: { kind: 'rule', value: 'many-errors' }, until: T0 + 1000, reason: 'deploy', createdBy: 'ann', createdAt: rule.createdAt });
      expect(rule.createdAt).toBeGreaterThanOrEqual(before);
      expect(await store().listSilences()).toEqual([rule, service]);
      expect(await store().listSilences({ activeAt: T0 + 999 })).toEqual([rule, service]);
      expect(await store().listSilences({ activeAt: T0 + 1000 })).toEqual([service]);
      expect(await store().deleteSilence(rule.id)).toBe(true);
      expect(await store().deleteSilence(rule.id)).toBe(false);
      expect(await store().listSilences()).toEqual([service]);
    });
  });

  describe(`${backend.name}: users, sessions and tokens`, () => {
    const store = emptyStorePerTest(backend);

    it('creates users with unique names and finds them by id or name', async () => {
      const ann = await store().createUser({ name: 'ann', role: 'admin', passwordHash: '$argon2id$v=19$x' });
      const bob = await store().createUser({ name: 'bob', role: 'viewer', passwordHash: 'h2' });
      expect(ann).toMatchObject({ name: 'ann', role: 'admin', passwordHash: '$argon2id$v=19$x' });
      expect(await store().getUser(ann.id)).toEqual(ann);
      expect(await store().getUserByName('bob')).toEqual(bob);
      expect(await store().getUserByName('carol')).toBeNull();
      expect(await store().listUsers()).toEqual([ann, bob]);
      await expect(store().createUser({ name: 'ann', role: 'viewer', passwordHash: 'h3' })).rejects.toThrow();
    });

    it('updates role and password, and deleting a user ends their sessions and tokens', async () => {
      const ann = await store().createUser({ name: 'ann', role: 'viewer', passwordHash: 'old' });
      const bob = await store().createUser({ name: 'bob', role: 'viewer', passwordHash: 'b' });
      expect(await store().updateUser(ann.id, { role: 'admin', passwordHash: 'new' })).toEqual({ ...ann, role: 'admin', passwordHash: 'new' });
      expect(await store().updateUser(ann.id + 100, { role: 'admin' })).toBeNull();
      await store().createSession({ id: 'sess-ann', userId: ann.id, csrf: 'c1', expiresAt: T0 });
      await store().createSession({ id: 'sess-bob', userId: bob.id, csrf: 'c2', expiresAt: T0 });
      await store().createApiToken({ userId: ann.id, name: 'ci', tokenHash: 'hash-ann' });
      expect(await store().deleteUser(ann.id)).toBe(true);
      expect(await store().deleteUser(ann.id)).toBe(false);
      expect(await store().getSession('sess-ann')).toBeNull();
      expect(await store().findApiToken('hash-ann')).toBeNull();
      expect(await store().getSession('sess-bob')).toEqual({ id: 'sess-bob', userId: bob.id, csrf: 'c2', expiresAt: T0 });
    });

    it('stores and ends sessions', async () => {
      await store().createSession({ id: 's1', userId: 7, csrf: 'token', expiresAt: T0 + 3_600_000 });
      expect(await store().getSession('s1')).toEqual({ id: 's1', userId: 7, csrf: 'token', expiresAt: T0 + 3_600_000 });
      await store().deleteSession('s1');
      expect(await store().getSession('s1')).toBeNull();
    });

    it('finds API tokens by hash, records their use, lists and deletes them', async () => {
      const ann = await store().createUser({ name: 'ann', role: 'admin', passwordHash: 'h' });
      const bob = await store().createUser({ name: 'bob', role: 'admin', passwordHash: 'h' });
      const t1 = await store().createApiToken({ userId: ann.id, name: 'ci', tokenHash: 'h1' });
      const t2 = await store().createApiToken({ userId: bob.id, name: 'cron', tokenHash: 'h2' });
      expect(t1).toMatchObject({ userId: ann.id, name: 'ci', tokenHash: 'h1', lastUsedAt: null });
      const before = Date.now();
      expect((await store().findApiToken('h1'))?.id).toBe(t1.id);
      expect(await store().findApiToken('nope')).toBeNull();
      const [used] = await store().listApiTokens(ann.id);
      expect(used!.lastUsedAt).toBeGreaterThanOrEqual(before);
      expect((await store().listApiTokens()).map((t) => t.id)).toEqual([t1.id, t2.id]);
      expect(await store().deleteApiToken(t1.id)).toBe(true);
      expect(await store().deleteApiToken(t1.id)).toBe(false);
      expect(await store().listApiTokens()).toEqual([t2]);
      await expect(store().createApiToken({ userId: bob.id, name: 'dup', tokenHash: 'h2' })).rejects.toThrow();
    });
  });

  describe(`${backend.name}: deliveries and settings`, () => {
    const store = emptyStorePerTest(backend);

    it('creates, updates and lists deliveries newest first with filters', async () => {
      const a = await store().createDelivery(delivery());
      const b = await store().createDelivery(delivery({ incidentId: 2, channel: 'email' }));
      const c = await store().createDelivery(delivery({ incidentId: null, alertId: 9, status: 'failed', attempts: 3, lastError: 'HTTP 500', nextAttemptAt: T0 }));
      expect(c).toEqual({ ...delivery({ incidentId: null, alertId: 9, status: 'failed', attempts: 3, lastError: 'HTTP 500', nextAttemptAt: T0 }), id: c.id, createdAt: c.createdAt });
      await store().updateDelivery(a.id, { status: 'sent', attempts: 1, sentAt: T0 + 1, lastError: null });
      expect((await store().listDeliveries()).map((d) => d.id)).toEqual([c.id, b.id, a.id]);
      expect(await store().listDeliveries({ status: 'sent' })).toEqual([{ ...a, status: 'sent', attempts: 1, sentAt: T0 + 1 }]);
      expect((await store().listDeliveries({ incidentId: 2 })).map((d) => d.id)).toEqual([b.id]);
      expect((await store().listDeliveries({ limit: 1 })).map((d) => d.id)).toEqual([c.id]);
    });

    it('finds the last sent delivery of an incident on a channel', async () => {
      const old = await store().createDelivery(delivery({ status: 'sent', sentAt: T0 }));
      expect((await store().lastDelivery('slack', 1))?.id).toBe(old.id);
      const recent = await store().createDelivery(delivery({ status: 'sent', sentAt: T0 + 10 }));
      await store().createDelivery(delivery({ status: 'failed' }));
      await store().createDelivery(delivery({ status: 'sent', channel: 'email' }));
      await store().createDelivery(delivery({ status: 'sent', incidentId: 2 }));
      expect(await store().lastDelivery('slack', 1)).toEqual(recent);
      expect(await store().lastDelivery('slack', 3)).toBeNull();
    });

    it('keeps JSON settings by key', async () => {
      expect(await store().getSetting('ui')).toBeNull();
      await store().setSetting('ui', { theme: 'dark', columns: ['ts', 'message'], n: 1.5 });
      await store().setSetting('flag', true);
      expect(await store().getSetting('ui')).toEqual({ theme: 'dark', columns: ['ts', 'message'], n: 1.5 });
      await store().setSetting('ui', 'plain "text" \\ with escapes');
      expect(await store().getSetting<string>('ui')).toBe('plain "text" \\ with escapes');
      expect(await store().getSetting<boolean>('flag')).toBe(true);
    });
  });
}
