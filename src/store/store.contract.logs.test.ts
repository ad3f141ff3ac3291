/**
 * Store contract, part 1: writing logs. Every backend must store batches atomically, hand back ids
 * in order, keep every field byte for byte, and honour the checkpoint compare-and-swap.
 */
import { describe, expect, it } from 'vitest';
import type { Checkpoint, LogRow } from './store.js';
import { BACKENDS } from './testing/backends.js';
import { logRow, T0 } from './testing/fixtures.js';
import { emptyStorePerTest } from './testing/hooks.js';

const checkpoint = (offset: number, fields: Partial<Checkpoint> = {}): Checkpoint => ({
  key: 'sha:abc', path: '/var/log/app.log', offset, line: Math.floor(offset / 10), size: 1000, updatedAt: 0, ...fields,
});

/** Text that trips up naive escaping (COPY text format, JSON, SQL literals). */
const NASTY = [
  'tab\there', 'new\nline', 'crlf\r\nend', 'back\\slash', 'literal \\N not null', '\\.', 'trailing backslash \\',
  "quote ' and \"double\"", 'ünïcödé — 日本語 — 🚀👍🏽', 'control \u0001\u0007\u001b[31m\u007f', '%_%', '',
];

for (const backend of BACKENDS) {
  describe(`${backend.name}: appendBatch`, () => {
    const store = emptyStorePerTest(backend);

    it('returns one ascending id per row, in input order, and later batches get higher ids', async () => {
      const first = await store().appendBatch({ rows: ['a', 'b', 'c'].map((message) => logRow({ message })), rejects: [] });
      const second = await store().appendBatch({ rows: [logRow({ message: 'd' })], rejects: [] });
      if (first.kind !== 'stored' || second.kind !== 'stored') throw new Error('expected both batches stored');
      expect(first.ids).toHaveLength(3);
      expect([...first.ids].sort((x, y) => x - y)).toEqual(first.ids);
      expect(new Set(first.ids).size).toBe(3);
      expect(second.ids[0]).toBeGreaterThan(first.ids[2]!);
      const stored = await store().getLogs([...first.ids, ...second.ids]);
      expect(stored.map((l) => [l.id, l.message])).toEqual([
        [first.ids[0], 'a'], [first.ids[1], 'b'], [first.ids[2], 'c'], [second.ids[0], 'd'],
      ]);
    });

    it('round-trips every field, whatever characters it holds', async () => {
      const rows: LogRow[] = NASTY.map((text, i) =>
        logRow({
          ts: T0 + i,
          service: `svc ${text}`,
          host: `host-${text}`,
          level: 'WARN',
          rawLevel: `warning${text}`,
          user: `user ${text}`,
          message: `message: ${text}`,
          attrs: { text, nested: { list: [1, 2.5, -3, true, null, text], deep: { deeper: { deepest: text } } }, n: 2 ** 52 },
          source: { file: `/logs/dir with space/${text}.log`, line: 2 ** 40 + i, offset: 2 ** 45 + i },
          templateId: i,
          params: [text, `${text}${text}`, ''],
        }),
      );
      const bigAttrs = logRow({
        message: 'x'.repeat(100_000),
        attrs: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`key${i}`, `value ${i} ${NASTY[i % NASTY.length]}`])),
      });
      const sparse = logRow({ message: 'no optional fields' });
      const out = await store().appendBatch({ rows: [...rows, bigAttrs, sparse], rejects: [] });
      if (out.kind !== 'stored') throw new Error('expected the batch stored');
      const stored = await store().getLogs(out.ids);
      expect(stored).toEqual([...rows, bigAttrs, sparse].map((r, i) => ({ ...r, id: out.ids[i] })));
      const last = stored[stored.length - 1]!;
      expect(['host', 'user', 'rawLevel'].filter((k) => k in last)).toEqual([]);
    });

    it('stores an empty batch as stored with no ids', async () => {
      expect(await store().appendBatch({ rows: [], rejects: [] })).toEqual({ kind: 'stored', ids: [], templateIds: [] });
      expect(await store().maxLogId()).toBe(0);
    });

    it("writes a batch's templates with its rows and resolves each row's templateRef to their ids", async () => {
      const touch = (key: string, countDelta: number, minute: number) => ({
        key, service: 'api', text: `${key} <*>`, example: `${key} 1`, firstSeen: T0, lastSeen: T0 + 1, countDelta, volume: [{ minute, count: countDelta }],
      });
      const rows = [logRow({ message: 'a 1', templateRef: 1 }), logRow({ message: 'b 1', templateRef: 0 }), logRow({ message: 'c', templateId: null }), logRow({ message: 'a 2', templateRef: 1 })];
      const out = await store().appendBatch({ rows, rejects: [], templates: [touch('b', 1, T0), touch('a', 2, T0)] });
      if (out.kind !== 'stored') throw new Error('expected the batch stored');
      const [b, a] = out.templateIds;
      expect(new Set([a, b]).size).toBe(2);
      expect((await store().getLogs(out.ids)).map((l) => [l.message, l.templateId])).toEqual([['a 1', a], ['b 1', b], ['c', null], ['a 2', a]]);
      expect(await store().getTemplate(a!)).toMatchObject({ key: 'a', text: 'a <*>', count: 2 });
      expect(await store().templateVolume(a!)).toEqual([{ minute: T0, count: 2 }]);
      // A later batch touching the same key gets the same id and adds to its count and volume.
      const again = await store().appendBatch({ rows: [logRow({ message: 'a 3', templateRef: 0 })], rejects: [], templates: [touch('a', 1, T0)] });
      expect(again.kind === 'stored' && again.templateIds).toEqual([a]);
      expect(await store().getTemplate(a!)).toMatchObject({ count: 3 });
      expect(await store().templateVolume(a!)).toEqual([{ minute: T0, count: 3 }]);
      // A key listed twice, its volume over two minutes: counts and cells add up.
      const twice = await store().appendBatch({
        rows: [logRow({ message: 'a 4', templateRef: 0 }), logRow({ message: 'b 2', templateRef: 2 })], rejects: [],
        templates: [touch('a', 1, T0), touch('a', 2, T0 + 60_000), touch('b', 4, T0 + 60_000)],
      });
      expect(twice.kind === 'stored' && twice.templateIds).toEqual([a, a, b]);
      expect(await store().getTemplate(a!)).toMatchObject({ count: 6 });
      expect(await store().templateVolume(a!)).toEqual([{ minute: T0, count: 4 }, { minute: T0 + 60_000, count: 2 }]);
      expect(await store().templateVolume(b!)).toEqual([{ minute: T0, count: 1 }, { minute: T0 + 60_000, count: 4 }]);
    });

    it('keeps rejects with their source and counts them by reason', async () => {
      const source = { file: 'app.log', line: 7, offset: 70 };
      await store().appendBatch({
        rows: [logRow()],
        rejects: [
          { reason: 'unparseable timestamp', raw: 'garbage\tline \\ with tab', source },
          { reason: 'unparseable timestamp', raw: '', source: { ...source, line: 8 } },
          { reason: 'line too long', raw: 'y'.repeat(2048), source: { ...source, line: 9 } },
        ],
      });
      expect(await store().countRejects()).toEqual({ 'unparseable timestamp': 2, 'line too long': 1 });
      const listed = await store().listRejects();
      expect(listed.map((r) => r.source.line)).toEqual([9, 8, 7]);
      expect(listed[2]).toMatchObject({ reason: 'unparseable timestamp', raw: 'garbage\tline \\ with tab', source });
      expect(listed[2]!.createdAt).toBeGreaterThan(0);
      expect((await store().listRejects({ limit: 2 })).map((r) => r.source.line)).toEqual([9, 8]);
    });
  });

  describe(`${backend.name}: checkpoint compare-and-swap`, () => {
    const store = emptyStorePerTest(backend);
    const batch = (message: string, offset: number, expectOffset?: number) => ({
      rows: [logRow({ message })],
      rejects: [{ reason: 'bad', raw: message, source: { file: 'app.log', line: 1, offset: 0 } }],
      checkpoint: checkpoint(offset),
      expectOffset,
    });

    it('stores the first batch of a file when expectOffset is 0 or omitted', async () => {
      expect((await store().appendBatch(batch('first', 10))).kind).toBe('stored');
      expect(await store().getCheckpoint('sha:abc')).toMatchObject({ key: 'sha:abc', path: '/var/log/app.log', offset: 10, line: 1, size: 1000 });
      const other = await store().appendBatch({ ...batch('other file', 5, 0), checkpoint: checkpoint(5, { key: 'sha:other' }) });
      expect(other.kind).toBe('stored');
    });

    it('advances only from the stored offset', async () => {
      await store().appendBatch(batch('a', 10, 0));
      expect((await store().appendBatch(batch('b', 20, 10))).kind).toBe('stored');
      expect((await store().appendBatch(batch('c', 30, 20))).kind).toBe('stored');
      expect((await store().getCheckpoint('sha:abc'))?.offset).toBe(30);
      expect((await store().queryLogs({ order: 'asc' })).rows.map((l) => l.message)).toEqual(['a', 'b', 'c']);
    });

    it('on conflict writes nothing and returns the current checkpoint', async () => {
      await store().appendBatch(batch('a', 10, 0));
      const before = await store().getCheckpoint('sha:abc');
      for (const stale of [0, 5, 20]) {
        const out = await store().appendBatch(batch(`stale from ${stale}`, 40, stale));
        expect(out).toEqual({ kind: 'conflict', current: before });
      }
      expect(await store().countLogs()).toBe(1);
      expect(await store().countRejects()).toEqual({ bad: 1 });
      expect(await store().getCheckpoint('sha:abc')).toEqual(before);
    });

    it('writes no template of a batch that conflicts', async () => {
      await store().appendBatch(batch('a', 10, 0));
      const templates = [{ key: 'k', service: 'api', text: 'k', example: 'k', firstSeen: T0, lastSeen: T0, countDelta: 1, volume: [{ minute: T0, count: 1 }] }];
      const out = await store().appendBatch({ ...batch('stale', 20, 0), rows: [logRow({ templateRef: 0 })], templates });
      expect(out.kind).toBe('conflict');
      expect(await store().listTemplates()).toEqual([]);
    });

    it('applies batches in call order, so the next can be handed over before the last is stored', async () => {
      // Batches big enough for a bulk path (SQLite: its writer thread), each expecting the offset the one before stores.
      const rows = (tag: string) => Array.from({ length: 1500 }, (_, i) => logRow({ message: `${tag} ${i}` }));
      const outcomes = await Promise.all([
        store().appendBatch({ rows: rows('a'), rejects: [], checkpoint: checkpoint(10), expectOffset: 0 }),
        store().appendBatch({ rows: rows('b'), rejects: [], checkpoint: checkpoint(20), expectOffset: 10 }),
        store().appendBatch({ rows: rows('c'), rejects: [], checkpoint: checkpoint(30), expectOffset: 20 }),
      ]);
      expect(outcomes.map((o) => o.kind)).toEqual(['stored', 'stored', 'stored']);
      expect((await store().getCheckpoint('sha:abc'))?.offset).toBe(30);
      const ids = outcomes.flatMap((o) => (o.kind === 'stored' ? o.ids : []));
      expect([...ids].sort((x, y) => x - y)).toEqual(ids);
      expect((await store().getLogs([ids[0]!, ids[1500]!, ids[3000]!])).map((l) => l.message)).toEqual(['a 0', 'b 0', 'c 0']);
    });

    it('reports a conflict with no current checkpoint for an unknown file expected mid-way', async () => {
      expect(await store().appendBatch(batch('x', 20, 10))).toEqual({ kind: 'conflict', current: null });
      expect(await store().countLogs()).toBe(0);
      expect(await store().getCheckpoint('sha:abc')).toBeNull();
    });

    it('appends unconditionally without a checkpoint, leaving checkpoints alone', async () => {
      await store().appendBatch(batch('a', 10, 0));
      expect((await store().appendBatch({ rows: [logRow()], rejects: [], expectOffset: 99 })).kind).toBe('stored');
      expect((await store().getCheckpoint('sha:abc'))?.offset).toBe(10);
    });

    it('lists every checkpoint', async () => {
      await store().appendBatch(batch('a', 10, 0));
      await store().appendBatch({ ...batch('b', 7, 0), checkpoint: checkpoint(7, { key: 'sha:b', path: '/b.log' }) });
      const listed = await store().listCheckpoints();
      expect(listed.map((c) => [c.key, c.path, c.offset]).sort()).toEqual([['sha:abc', '/var/log/app.log', 10], ['sha:b', '/b.log', 7]]);
      expect(listed.every((c) => c.updatedAt > 0)).toBe(true);
    });
  });
}
