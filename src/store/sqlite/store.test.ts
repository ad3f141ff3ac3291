/**
 * SQLite-only behaviour: bulk appends on the writer thread. The contract suite's batches are small
 * and stay on the store's own connection; these are large enough to go to the thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Checkpoint, LogRow } from '../store.js';
import { logRow, T0, templateUpsert } from '../testing/fixtures.js';
import Database from 'better-sqlite3';
import { PAGE_SIZE } from './log-appender.js';
import { SqliteStore, THREAD_MIN_ROWS } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const open = () => SqliteStore.open(join(dir, `store-${++n}.db`));

const bulk = (count: number, from = 0): LogRow[] =>
  Array.from({ length: count }, (_, i) =>
    logRow({
      ts: T0 + from + i, message: `record ${from + i}`, user: i % 3 ? `user${i % 7}` : undefined, templateId: i % 5 ? i % 5 : null,
      attrs: i % 4 ? {} : { status: 200 + i }, params: i % 2 ? [String(i)] : [], source: { file: 'bulk.log', line: from + i + 1, offset: (from + i) * 10 },
    }),
  );
const checkpoint = (offset: number): Checkpoint => ({ key: 'sha:bulk', path: '/logs/bulk.log', offset, line: offset / 10, size: 1e9, updatedAt: 0 });

describe('SqliteStore bulk appends', () => {
  it('stores a bulk batch exactly as given, ids ascending, and small batches after it keep the order', async () => {
    const store = await open();
    try {
      const rows = bulk(THREAD_MIN_ROWS + 123);
      const out = await store.appendBatch({ rows, rejects: [] });
      if (out.kind !== 'stored') throw new Error('expected the batch stored');
      expect(out.ids).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
      const small = await Promise.all([store.appendBatch({ rows: bulk(2, 9000), rejects: [] }), store.appendBatch({ rows: bulk(1, 9100), rejects: [] })]);
      expect(small.map((o) => (o.kind === 'stored' ? o.ids : []))).toEqual([[rows.length + 1, rows.length + 2], [rows.length + 3]]);
      const stored = await store.getLogs([1, 4, out.ids.at(-1)!]);
      expect(stored).toEqual([rows[0], rows[3], rows.at(-1)].map((r, i) => ({ ...r, id: [1, 4, out.ids.at(-1)][i] })));
    } finally {
      await store.close();
    }
  });

  it('applies the checkpoint compare-and-swap on the thread: a stale batch stores nothing', async () => {
    const store = await open();
    try {
      const first = await store.appendBatch({ rows: bulk(THREAD_MIN_ROWS), rejects: [], checkpoint: checkpoint(1000), expectOffset: 0 });
      expect(first.kind).toBe('stored');
      const stale = await store.appendBatch({ rows: bulk(THREAD_MIN_ROWS), rejects: [], checkpoint: checkpoint(2000), expectOffset: 0 });
      expect(stale).toMatchObject({ kind: 'conflict', current: { offset: 1000, line: 100 } });
      expect(await store.countLogs()).toBe(THREAD_MIN_ROWS);
      expect((await store.getCheckpoint('sha:bulk'))?.offset).toBe(1000);
    } finally {
      await store.close();
    }
  });

  it('rolls a failing bulk batch back entirely, reports why, and stays usable', async () => {
    const store = await open();
    try {
      const rows = bulk(THREAD_MIN_ROWS);
      rows[THREAD_MIN_ROWS - 2] = { ...rows[THREAD_MIN_ROWS - 2]!, message: null as unknown as string };
      await expect(store.appendBatch({ rows, rejects: [], checkpoint: checkpoint(500), expectOffset: 0 })).rejects.toThrow(/NOT NULL/);
      expect(await store.countLogs()).toBe(0);
      expect(await store.getCheckpoint('sha:bulk')).toBeNull();
      expect((await store.appendBatch({ rows: bulk(THREAD_MIN_ROWS), rejects: [] })).kind).toBe('stored');
    } finally {
      await store.close();
    }
  });

  it('finishes pending bulk appends before closing', async () => {
    const path = join(dir, 'closing.db');
    const store = await SqliteStore.open(path);
    const pending = [0, 1, 2].map((k) => store.appendBatch({ rows: bulk(THREAD_MIN_ROWS, k * THREAD_MIN_ROWS), rejects: [] }));
    await store.close();
    expect((await Promise.all(pending)).map((o) => o.kind)).toEqual(['stored', 'stored', 'stored']);
    const again = await SqliteStore.open(path);
    try {
      expect(await again.countLogs()).toBe(3 * THREAD_MIN_ROWS);
    } finally {
      await again.close();
    }
  });

  it('merges templates while bulk batches commit on the thread, waiting for the write lock instead of failing', async () => {
    // As during ingest: batches queued on the thread while the miner's merged clusters are marked.
    // A transaction that reads before it writes fails at once here ("database is locked").
    const store = await open();
    try {
      const keys = Array.from({ length: 200 }, (_, i) => `api:t${i}`);
      await store.upsertTemplates(keys.map((key) => templateUpsert({ key })));
      const appends = Array.from({ length: 10 }, (_, i) => store.appendBatch({ rows: bulk(3 * THREAD_MIN_ROWS, i * 3 * THREAD_MIN_ROWS), rejects: [] }));
      for (let i = 0; i < keys.length / 2; i++) {
        await store.markTemplatesMerged([{ key: keys[2 * i]!, into: keys[2 * i + 1]! }]);
        await new Promise((r) => setTimeout(r, 1));
      }
      expect((await Promise.all(appends)).map((o) => o.kind)).toEqual(new Array(10).fill('stored'));
      expect(await store.listTemplates()).toHaveLength(keys.length / 2);
    } finally {
      await store.close();
    }
  });
});

describe('SqliteStore files', () => {
  it(`are created with ${PAGE_SIZE}-byte pages in WAL mode, and an existing file keeps its page size`, async () => {
    const path = join(dir, `pages-${++n}.db`);
    const store = await SqliteStore.open(path);
    await store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();

    const older = join(dir, `older-${++n}.db`);
    const made = new Database(older);
    made.pragma('page_size = 4096');
    made.exec('create table t (x)');
    made.close();
    const reopened = await SqliteStore.open(older);
    await reopened.close();
    const check = new Database(older, { readonly: true });
    expect(check.pragma('page_size', { simple: true })).toBe(4096);
    check.close();
  });
});
