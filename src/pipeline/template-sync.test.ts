import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { TemplateSync } from './template-sync.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-sync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2024, 0, 15, 12, 0, 0);

/** Store the touched templates as a batch without rows carries them, then hand back the outcome. */
async function storeTouched(sync: TemplateSync, store: Store): Promise<void> {
  const taken = sync.take([], []);
  const outcome = await store.appendBatch({ rows: [], rejects: [], templates: taken.templates });
  if (outcome.kind !== 'stored') throw new Error('expected the batch stored');
  await sync.stored(taken, outcome.templateIds);
}

describe('TemplateSync', () => {
  it('gives every stored cluster its store id, with counts, times and per-minute volume', async () => {
    const store = await openStore(join(dir, 'ids.db'));
    try {
      const sync = await TemplateSync.load(store);
      const seen = [0, 1, 61].map((s) => sync.observe(`user ${s} logged in`, 'auth', T0 + s * 1000));
      expect(seen[0]!.cluster?.id ?? null).toBeNull();
      await storeTouched(sync, store);
      const id = seen[0]!.cluster!.id!;
      expect(id).toBeGreaterThan(0);
      expect(seen.map((o) => o.cluster?.id)).toEqual([id, id, id]);
      const [template] = await store.listTemplates();
      expect(template).toMatchObject({ id, count: 3, firstSeen: T0, lastSeen: T0 + 61_000, service: 'auth' });
      expect(await store.templateVolume(id)).toEqual([{ minute: T0, count: 2 }, { minute: T0 + 60_000, count: 1 }]);
    } finally {
      await store.close();
    }
  });

  it('counts per-minute volume right when records go back and forth between minutes', async () => {
    const store = await openStore(join(dir, 'minutes.db'));
    try {
      const sync = await TemplateSync.load(store);
      const seconds = [0, 59, 60, 61, 30, 125, 1, 60];
      const seen = seconds.map((s) => sync.observe(`job ${s} done`, 'batch', T0 + s * 1000));
      await storeTouched(sync, store);
      sync.observe('job 7 done', 'batch', T0 + 65_000);
      await storeTouched(sync, store);
      expect(await store.templateVolume(seen[0]!.cluster!.id!)).toEqual([
        { minute: T0, count: 4 },
        { minute: T0 + 60_000, count: 4 },
        { minute: T0 + 120_000, count: 1 },
      ]);
    } finally {
      await store.close();
    }
  });

  it('keeps what is observed while a batch is being stored for the next batch', async () => {
    const store = await openStore(join(dir, 'overlap.db'));
    try {
      const sync = await TemplateSync.load(store);
      sync.observe('disk sda full', 'host', T0);
      const storing = storeTouched(sync, store);
      const during = sync.observe('disk sdb full', 'host', T0 + 1);
      await storing;
      await storeTouched(sync, store);
      expect(during.cluster?.id).toBeGreaterThan(0);
      expect((await store.listTemplates()).reduce((n, t) => n + t.count, 0)).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('leaves a template the miner merged into another out of listings and restores, folding its count into the survivor', async () => {
    const store = await openStore(join(dir, 'merged.db'));
    try {
      const sync = await TemplateSync.load(store);
      // Words become a variable once a position has shown three distinct ones: the second login
      // briefly makes its own template, which the third merges away.
      ['alice', 'bob', 'carol', 'dave'].forEach((user, i) => sync.observe(`Login accepted for ${user}`, 'auth', T0 + i * 1000));
      await storeTouched(sync, store);
      const listed = await store.listTemplates();
      expect(listed.map((t) => t.text)).toEqual(['Login accepted for <*>']);
      expect(listed[0]!.count).toBe(4);
      expect(listed[0]!.firstSeen).toBe(T0);
      const restored = await TemplateSync.load(store);
      const again = restored.observe('Login accepted for erin', 'auth', T0 + 10_000);
      expect(again.cluster?.key).toBe(listed[0]!.key);
    } finally {
      await store.close();
    }
  });
});
