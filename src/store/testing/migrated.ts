/**
 * What the block migrations' tests (006 on SQLite, 007 on PostgreSQL) check once the blocks are
 * backfilled: the store answers every kind of block query as the row-scanning queries do, and still
 * does after new appends extend the backfilled blocks or start new ones.
 */
import { expect } from 'vitest';
import type { LogQuery, Store } from '../store.js';
import { byRows } from './by-rows.js';
import { logRow, T0 } from './fixtures.js';

/** The old rows span ts T0 .. T0 + 10 * rows; `rows` of them were stored before the migration. */
export async function expectMigratedAnswers(store: Store, rows: number): Promise<void> {
  await expectSameAnswers(store);
  await store.appendBatch({ rows: [logRow({ service: 'api', level: 'ERROR', templateId: 2, ts: T0 + 5 })], rejects: [] });
  await store.appendBatch({
    rows: Array.from({ length: 300 }, (_, i) => logRow({ service: i % 2 ? 'rare' : 'db', level: 'WARN', templateId: i % 3, ts: T0 + 200_000 + i })),
    rejects: [],
  });
  await expectSameAnswers(store);
  expect(await store.countLogs()).toBe(rows + 301);
}

async function expectSameAnswers(store: Store): Promise<void> {
  const queries: LogQuery[] = [
    { service: 'api', level: 'ERROR', limit: 500 }, { service: 'rare', order: 'asc' }, { templateId: 2, limit: 1000, order: 'asc' },
    { service: 'db', minLevel: 'WARN', since: T0 + 40_000, until: T0 + 90_000, limit: 2000 }, { minLevel: 'FATAL', limit: 50 },
    { since: T0 + 20_000, until: T0 + 60_000, limit: 3000 }, { until: T0 + 30_000, order: 'asc', limit: 10_000 },
  ];
  for (const q of queries) expect(await store.queryLogs(q), JSON.stringify(q)).toEqual(await byRows.queryLogs(store, q));
  expect(await store.services()).toEqual(await byRows.services(store));
  for (const c of [{ service: 'web', since: T0 + 33_333, until: T0 + 111_111 }, { since: T0 + 33_333, until: T0 + 111_111 }, {}]) {
    expect(await store.countLogs(c), JSON.stringify(c)).toBe(await byRows.countLogs(store, c));
  }
}
