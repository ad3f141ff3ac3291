/**
 * The block skip index's write side: where a batch's block goes, the keys a batch yields, and
 * the blocks a store really writes for bulk and one-row appends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../migrations/index.js';
import type { LogRow } from '../store.js';
import { logRow, T0 } from '../testing/fixtures.js';
import { BatchKeys, BLOCK_SPAN, BlockWriter, serviceLevelKey, type KeyedBlock } from './log-blocks.js';
import { SqliteStore, THREAD_MIN_ROWS } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-blocks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const path = () => join(dir, `store-${++n}.db`);

/** A migrated in-memory database and a BlockWriter on it with a small span. */
async function writerOn(span: number) {
  const raw = new BetterSqlite3(':memory:');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
  await migrate(db, 'sqlite');
  const writer = new BlockWriter(raw, span);
  const rows = () => raw.prepare(`select kind, key, first_id, last_id, n, ts_min, ts_max from log_block_keys order by kind, key, first_id`).raw().all() as unknown[][];
  return { writer, rows, close: () => db.destroy() };
}

const block = (key: string, firstId: number, lastId: number, fields: Partial<KeyedBlock> = {}): KeyedBlock =>
  ({ kind: 's', key, firstId, lastId, n: 1, tsMin: 10, tsMax: 20, ...fields });

describe('BlockWriter', () => {
  it('extends the latest block of the key while the result spans fewer than `span` ids, summing counts and widening the time range', async () => {
    const { writer, rows, close } = await writerOn(12);
    try {
      writer.write([block('api', 1, 5, { n: 3, tsMin: 10, tsMax: 20 }), block('db', 2, 2)]);
      writer.write([block('api', 9, 12, { n: 2, tsMin: 5, tsMax: 15 })]);
      expect(rows()).toEqual([['s', 'api', 1, 12, 5, 5, 20], ['s', 'db', 2, 2, 1, 10, 20]]);
    } finally {
      await close();
    }
  });

  it('starts a new block once the result would span `span` ids or more, and extends only the latest', async () => {
    const { writer, rows, close } = await writerOn(12);
    try {
      writer.write([block('api', 1, 5)]);
      writer.write([block('api', 9, 13)]); // 1..13 would span 13 ids
      writer.write([block('api', 14, 20)]); // 9..20 spans 12
      writer.write([block('api', 21, 21)]);
      expect(rows().map((r) => [r[2], r[3], r[4]])).toEqual([[1, 5, 1], [9, 20, 2], [21, 21, 1]]);
    } finally {
      await close();
    }
  });

  it('never makes blocks of one key overlap, even if ids went backwards', async () => {
    const { writer, rows, close } = await writerOn(100);
    try {
      writer.write([block('api', 5, 10)]);
      writer.write([block('api', 10, 11)]);
      expect(rows().map((r) => [r[2], r[3]])).toEqual([[5, 10], [10, 11]]);
    } finally {
      await close();
    }
  });
});

describe('BatchKeys', () => {
  it('yields service+level, service, level and template blocks with positions turned into ids', () => {
    const keys = new BatchKeys();
    keys.add(0, 100, 'api', 'INFO', 7);
    keys.add(1, 90, 'db', 'ERROR', null);
    keys.add(2, 130, 'api', 'ERROR', 7);
    keys.add(3, 95, 'api', 'INFO', 8);
    const blocks = keys.take(1000);
    const byKey = Object.fromEntries(blocks.map((b) => [`${b.kind} ${b.key}`, [b.firstId, b.lastId, b.n, b.tsMin, b.tsMax]]));
    expect(byKey).toEqual({
      [`sl ${serviceLevelKey('api', 'INFO')}`]: [1000, 1003, 2, 95, 100],
      [`sl ${serviceLevelKey('api', 'ERROR')}`]: [1002, 1002, 1, 130, 130],
      [`sl ${serviceLevelKey('db', 'ERROR')}`]: [1001, 1001, 1, 90, 90],
      's api': [1000, 1003, 3, 95, 130],
      's db': [1001, 1001, 1, 90, 90],
      'l INFO': [1000, 1003, 2, 95, 100],
      'l ERROR': [1001, 1002, 2, 90, 130],
      't 7': [1000, 1002, 2, 100, 130],
      't 8': [1003, 1003, 1, 95, 95],
    });
    expect(keys.take(5)).toEqual([]);
  });
});

type BlockRow = { kind: string; key: string; first_id: number; last_id: number; n: number; ts_min: number; ts_max: number };
const readBlocks = (file: string, kind?: string): BlockRow[] => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const where = kind ? `where kind = '${kind}'` : '';
    return db.prepare(`select * from log_block_keys ${where} order by kind, key, first_id`).all() as BlockRow[];
  } finally {
    db.close();
  }
};

describe('SqliteStore writes blocks with its rows', () => {
  it('writes one block per key for a bulk batch on the writer thread, exactly covering its rows', async () => {
    const file = path();
    const store = await SqliteStore.open(file);
    try {
      const rows: LogRow[] = Array.from({ length: THREAD_MIN_ROWS + 7 }, (_, i) =>
        logRow({ ts: T0 + i, service: i % 3 ? 'api' : 'db', level: i % 10 === 0 ? 'ERROR' : 'INFO', templateId: i % 4 === 1 ? 5 : null }),
      );
      const out = await store.appendBatch({ rows, rejects: [] });
      if (out.kind !== 'stored') throw new Error('expected the batch stored');
      const blocks = readBlocks(file);
      const expected = (pred: (r: LogRow) => boolean) => {
        const ids = rows.flatMap((r, i) => (pred(r) ? [out.ids[i]!] : []));
        const ts = rows.filter(pred).map((r) => r.ts);
        return { first_id: ids[0], last_id: ids.at(-1), n: ids.length, ts_min: Math.min(...ts), ts_max: Math.max(...ts) };
      };
      const find = (kind: string, key: string) => blocks.filter((b) => b.kind === kind && b.key === key).map(({ kind: _k, key: _key, ...rest }) => rest);
      expect(find('s', 'db')).toEqual([expected((r) => r.service === 'db')]);
      expect(find('sl', serviceLevelKey('api', 'ERROR'))).toEqual([expected((r) => r.service === 'api' && r.level === 'ERROR')]);
      expect(find('l', 'INFO')).toEqual([expected((r) => r.level === 'INFO')]);
      expect(find('t', '5')).toEqual([expected((r) => r.templateId === 5)]);
      expect(blocks.filter((b) => b.kind === 't')).toHaveLength(1);
      expect(blocks).toHaveLength(4 + 2 + 2 + 1);
    } finally {
      await store.close();
    }
  });

  it('grows one block per key from a stream of one-row appends, and starts the next after BLOCK_SPAN ids', async () => {
    const file = path();
    const store = await SqliteStore.open(file);
    try {
      // Interleaved services: the previous block of a key never ends at id - 1, yet the block grows.
      const appends = BLOCK_SPAN + 10;
      for (let i = 0; i < appends; i++) {
        await store.appendBatch({ rows: [logRow({ ts: T0 + i, service: i % 2 ? 'api' : 'db', templateId: i % 2 })], rejects: [] });
      }
      const api = readBlocks(file, 's').filter((b) => b.key === 'api');
      expect(api.map((b) => [b.first_id, b.last_id, b.n])).toEqual([
        [2, BLOCK_SPAN, BLOCK_SPAN / 2],
        [BLOCK_SPAN + 2, BLOCK_SPAN + 10, 5],
      ]);
      expect(readBlocks(file).reduce((sum, b) => sum + b.n, 0)).toBe(4 * appends);
    } finally {
      await store.close();
    }
  });

  it('writes no block for a batch that failed, and none of its keys leak into the next batch', async () => {
    const file = path();
    const store = await SqliteStore.open(file);
    try {
      const bad = [logRow({ service: 'ghost' }), logRow({ service: 'ghost', message: null as unknown as string })];
      await expect(store.appendBatch({ rows: bad, rejects: [] })).rejects.toThrow(/NOT NULL/);
      await store.appendBatch({ rows: [logRow({ service: 'api' })], rejects: [] });
      expect(readBlocks(file, 's').map((b) => [b.key, b.n])).toEqual([['api', 1]]);
    } finally {
      await store.close();
    }
  });
});
