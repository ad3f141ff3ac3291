/**
 * Store contract, part 3: templates. Ids are assigned by the store under the unique key, counts
 * accumulate, frozen templates keep their text, and user edits stick.
 */
import { describe, expect, it } from 'vitest';
import { BACKENDS } from './testing/backends.js';
import { T0, templateUpsert } from './testing/fixtures.js';
import { emptyStorePerTest } from './testing/hooks.js';

const MINUTE = 60_000;

for (const backend of BACKENDS) {
  describe(`${backend.name}: templates`, () => {
    const store = emptyStorePerTest(backend);

    it('creates templates with distinct ids, returned in input order', async () => {
      const items = ['b', 'a', 'c'].map((k, i) => templateUpsert({ key: `api:${k}`, text: `text ${k}`, example: `example ${k}`, countDelta: i + 1 }));
      const ids = await store().upsertTemplates(items);
      expect(new Set(ids).size).toBe(3);
      const stored = await store().getTemplates(ids);
      expect(stored.sort((x, y) => ids.indexOf(x.id) - ids.indexOf(y.id))).toEqual(
        items.map((t, i) => ({
          id: ids[i], key: t.key, service: 'api', text: t.text, example: t.example, name: null, frozen: false, custom: false, normal: false,
          count: t.countDelta, firstSeen: T0, lastSeen: T0,
        })),
      );
    });

    it('keeps the id of a key, adds counts, widens the seen range and takes the new text', async () => {
      const [id] = await store().upsertTemplates([templateUpsert({ countDelta: 5 })]);
      const again = await store().upsertTemplates([
        templateUpsert({ key: 'api:other' }),
        templateUpsert({ text: 'request <NUM>', countDelta: 3, firstSeen: T0 - 10, lastSeen: T0 + 10 }),
      ]);
      expect(again[1]).toBe(id);
      expect(again[0]).not.toBe(id);
      expect(await store().getTemplate(id!)).toMatchObject({ text: 'request <NUM>', count: 8, firstSeen: T0 - 10, lastSeen: T0 + 10 });
    });

    it('folds a key repeated within one call into one template', async () => {
      const ids = await store().upsertTemplates([
        templateUpsert({ countDelta: 2, lastSeen: T0 + 5 }),
        templateUpsert({ key: 'api:x' }),
        templateUpsert({ countDelta: 4, firstSeen: T0 - 5, text: 'request <last>' }),
      ]);
      expect(ids[0]).toBe(ids[2]);
      expect(await store().getTemplate(ids[0]!)).toMatchObject({ count: 6, firstSeen: T0 - 5, lastSeen: T0 + 5, text: 'request <last>' });
      expect(await store().listTemplates()).toHaveLength(2);
    });

    it('never changes the text of a frozen template, but still counts it', async () => {
      const [id] = await store().upsertTemplates([templateUpsert({ text: 'request <*>' })]);
      await store().updateTemplate(id!, { frozen: true });
      await store().upsertTemplates([templateUpsert({ text: 'request <*> <*>', countDelta: 2 })]);
      expect(await store().getTemplate(id!)).toMatchObject({ text: 'request <*>', frozen: true, count: 3 });
      await store().updateTemplate(id!, { frozen: false });
      await store().upsertTemplates([templateUpsert({ text: 'request <*> <*>' })]);
      expect(await store().getTemplate(id!)).toMatchObject({ text: 'request <*> <*>', frozen: false, count: 4 });
    });

    it('applies user edits: name, normal, text, and leaves other fields alone', async () => {
      const [id] = await store().upsertTemplates([templateUpsert()]);
      const before = await store().getTemplate(id!);
      expect(await store().updateTemplate(id!, { name: 'Requests served', normal: true })).toEqual({ ...before, name: 'Requests served', normal: true });
      expect(await store().updateTemplate(id!, { text: 'request <ID>' })).toEqual({ ...before, name: 'Requests served', normal: true, text: 'request <ID>' });
      expect(await store().updateTemplate(id!, {})).toEqual({ ...before, name: 'Requests served', normal: true, text: 'request <ID>' });
      expect(await store().updateTemplate(id! + 1000, { name: 'ghost' })).toBeNull();
      expect(await store().getTemplate(id! + 1000)).toBeNull();
    });

    it('lists by count or newest first, filtered by service and limited', async () => {
      const ids = await store().upsertTemplates([
        templateUpsert({ key: 'api:1', countDelta: 5, firstSeen: T0 + 1 }),
        templateUpsert({ key: 'api:2', countDelta: 9, firstSeen: T0 }),
        templateUpsert({ key: 'db:1', service: 'db', countDelta: 7, firstSeen: T0 + 2 }),
      ]);
      const listed = async (opts: Parameters<ReturnType<typeof store>['listTemplates']>[0]) => (await store().listTemplates(opts)).map((t) => t.id);
      expect(await listed({})).toEqual([ids[1], ids[2], ids[0]]);
      expect(await listed({ order: 'newest' })).toEqual([ids[2], ids[0], ids[1]]);
      expect(await listed({ service: 'api' })).toEqual([ids[1], ids[0]]);
      expect(await listed({ limit: 1 })).toEqual([ids[1]]);
      expect(await store().getTemplates([])).toEqual([]);
    });

    it('adds per-minute volume, summing repeated cells, and reads it back by range', async () => {
      const [a, b] = await store().upsertTemplates([templateUpsert({ key: 'a' }), templateUpsert({ key: 'b' })]);
      await store().addTemplateVolume([
        { templateId: a!, minute: T0 + MINUTE, count: 2 },
        { templateId: a!, minute: T0, count: 1 },
        { templateId: a!, minute: T0, count: 4 },
        { templateId: b!, minute: T0, count: 9 },
      ]);
      await store().addTemplateVolume([{ templateId: a!, minute: T0 + MINUTE, count: 10 }]);
      await store().addTemplateVolume([]);
      expect(await store().templateVolume(a!)).toEqual([{ minute: T0, count: 5 }, { minute: T0 + MINUTE, count: 12 }]);
      expect(await store().templateVolume(a!, { since: T0 + MINUTE })).toEqual([{ minute: T0 + MINUTE, count: 12 }]);
      expect(await store().templateVolume(a!, { until: T0 + MINUTE })).toEqual([{ minute: T0, count: 5 }]);
      expect(await store().templateVolume(b!)).toEqual([{ minute: T0, count: 9 }]);
    });

    it('folds a merged template into its survivor once, and lists only the survivor', async () => {
      const [gone, kept] = await store().upsertTemplates([
        templateUpsert({ key: 'api:a', countDelta: 3, firstSeen: T0 - 50, lastSeen: T0 + 5 }),
        templateUpsert({ key: 'api:b', countDelta: 4, firstSeen: T0, lastSeen: T0 + 90 }),
      ]);
      await store().markTemplatesMerged([{ key: 'api:a', into: 'api:b' }]);
      await store().markTemplatesMerged([{ key: 'api:a', into: 'api:b' }, { key: 'api:missing', into: 'api:b' }]);
      expect(await store().getTemplate(kept!)).toMatchObject({ count: 7, firstSeen: T0 - 50, lastSeen: T0 + 90 });
      expect((await store().listTemplates()).map((t) => t.id)).toEqual([kept]);
      expect((await store().listTemplates({ merged: true })).map((t) => t.id).sort()).toEqual([gone, kept].sort());
      expect(await store().getTemplate(gone!)).toMatchObject({ count: 3 });
    });

    it('returns no ids for no templates', async () => {
      expect(await store().upsertTemplates([])).toEqual([]);
    });
  });
}
