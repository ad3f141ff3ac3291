/**
 * The block skip index's write side, on every backend: where a batch's block goes, the keys a batch
 * yields, and the blocks a store really writes for bulk and one-row appends.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Level } from '../domain/index.js';
import { createPrng } from '../detect/ml/prng.js';
import type { BaseStore } from './base-store.js';
import type { Database } from './schema.js';
import type { LogRow, Store } from './store.js';
import { BACKENDS, type TestBackend } from './testing/backends.js';
import { logRow, T0 } from './testing/fixtures.js';
import { BatchKeys, BLOCK_SPAN, serviceLevelKey, type KeyedBlock } from './log-blocks.js';
import { toLogColumns } from './log-columns.js';
import { BlockWriter } from './sqlite/log-blocks.js';
import type { SqliteStore } from './sqlite/store.js';
import { writeBlocks } from './postgres/log-blocks.js';
import type { PostgresStore } from './postgres/store.js';

/** Bulk batches of at least this many rows go to the writer thread on both backends. */
const THREAD_MIN_ROWS = 1000;

type BlockRow = { kind: string; key: string; first_id: number; last_id: number; n: number; ts_min: number; ts_max: number };

async function readBlocks(store: Store, kind?: string): Promise<BlockRow[]> {
  const db: Kysely<Database> = (store as BaseStore)['db'];
  const where = kind ? sql`where kind = ${kind}` : sql``;
  const { rows } = await sql<BlockRow>`select kind, key, first_id, last_id, n, ts_min, ts_max from log_block_keys ${where} order by kind, key, first_id`.execute(db);
  return rows.map((r) => ({ ...r, first_id: Number(r.first_id), last_id: Number(r.last_id), n: Number(r.n), ts_min: Number(r.ts_min), ts_max: Number(r.ts_max) }));
}

/** A fresh store of the backend and its own block writer on its connection, with a small span. */
async function writerOn(backend: TestBackend, span: number) {
  const store = await backend.open();
  const write: (blocks: KeyedBlock[]) => Promise<void> =
    store.backend === 'sqlite'
      ? ((w) => async (blocks) => w.write(blocks))(new BlockWriter((store as SqliteStore)['raw'], span))
      : (blocks) => writeBlocks((store as PostgresStore)['pool'], blocks, span);
  const rows = async () => (await readBlocks(store)).map((b) => [b.kind, b.key, b.first_id, b.last_id, b.n, b.ts_min, b.ts_max]);
  return { writer: { write }, rows, close: () => store.close() };
}

const block = (key: string, firstId: number, lastId: number, fields: Partial<KeyedBlock> = {}): KeyedBlock =>
  ({ kind: 's', key, firstId, lastId, n: 1, tsMin: 10, tsMax: 20, ...fields });

describe('BatchKeys', () => {
  const columns = (rows: [ts: number, service: string, level: string][]) =>
    toLogColumns(rows.map(([ts, service, level]) => logRow({ ts, service, level: level as Level })));

  it('yields service+level, service, level, every-row and template blocks with positions turned into ids', () => {
    const keys = new BatchKeys();
    const cols = columns([[100, 'api', 'INFO'], [90, 'db', 'ERROR'], [130, 'api', 'ERROR'], [95, 'api', 'INFO']]);
    [7, null, 7, 8].forEach((t, i) => keys.add(cols, i, t));
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
      'a ': [1000, 1003, 4, 90, 130],
      't 7': [1000, 1002, 2, 100, 130],
      't 8': [1003, 1003, 1, 95, 95],
    });
    expect(keys.take(5)).toEqual([]);
  });

  it('tells apart services that are prefixes of each other, empty ones, and more services than it compares in place', () => {
    // 40 services (past the in-place comparisons), among them '', 'a', 'ap', 'api', 'apix' and 'é', one random row each time.
    const services = ['', 'a', 'ap', 'api', 'apix', 'é', 'ée', ...Array.from({ length: 33 }, (_, k) => `svc-${k}`)];
    const levels = ['INFO', 'ERROR', 'WARN'];
    const r = createPrng(5);
    const rows = Array.from({ length: 3000 }, (_, i): [number, string, string] => [T0 + r.int(10_000), services[r.int(services.length)]!, levels[r.int(3)]!]);
    const keys = new BatchKeys();
    const cols = columns(rows);
    for (let i = 0; i < rows.length; i++) keys.add(cols, i, null);
    // Reference: each key's rows found by plain filtering.
    const expected = new Map<string, number[]>();
    const note = (key: string, ts: number, i: number) => {
      const e = expected.get(key) ?? [Infinity, -Infinity, 0, Infinity, -Infinity];
      expected.set(key, [Math.min(e[0]!, i), Math.max(e[1]!, i), e[2]! + 1, Math.min(e[3]!, ts), Math.max(e[4]!, ts)]);
    };
    rows.forEach(([ts, service, level], i) => {
      note(`sl ${serviceLevelKey(service, level)}`, ts, i);
      note(`s ${service}`, ts, i);
      note(`l ${level}`, ts, i);
      note('a ', ts, i);
    });
    const got = new Map(keys.take(0).map((b) => [`${b.kind} ${b.key}`, [b.firstId, b.lastId, b.n, b.tsMin, b.tsMax]]));
    expect(got).toEqual(expected);
  });
});

for (const backend of BACKENDS) describe(`${backend.name}: blocks`, () => {
  afterAll(() => backend.cleanup());

  describe('the block writer', () => {
    it('extends the latest block of the key while the result spans fewer than `span` ids, summing counts and widening the time range', async () => {
      const { writer, rows, close } = await writerOn(backend, 12);
      try {
        await writer.write([block('api', 1, 5, { n: 3, tsMin: 10, tsMax: 20 }), block('db', 2, 2)]);
        await writer.write([block('api', 9, 12, { n: 2, tsMin: 5, tsMax: 15 })]);
        expect(await rows()).toEqual([['s', 'api', 1, 12, 5, 5, 20], ['s', 'db', 2, 2, 1, 10, 20]]);
      } finally {
        await close();
      }
    });

    it('starts a new block once the result would span `span` ids or more, and extends only the latest', async () => {
      const { writer, rows, close } = await writerOn(backend, 12);
      try {
        await writer.write([block('api', 1, 5)]);
        await writer.write([block('api', 9, 13)]); // 1..13 would span 13 ids
        await writer.write([block('api', 14, 20)]); // 9..20 spans 12
        await writer.write([block('api', 21, 21)]);
        expect((await rows()).map((r) => [r[2], r[3], r[4]])).toEqual([[1, 5, 1], [9, 20, 2], [21, 21, 1]]);
      } finally {
        await close();
      }
    });

    it('never makes blocks of one key overlap, even if ids went backwards', async () => {
      const { writer, rows, close } = await writerOn(backend, 100);
      try {
        await writer.write([block('api', 5, 10)]);
        await writer.write([block('api', 10, 11)]);
        expect((await rows()).map((r) => [r[2], r[3]])).toEqual([[5, 10], [10, 11]]);
      } finally {
        await close();
      }
    });
  });

  describe('the store writes blocks with its rows', () => {
    it('writes one block per key for a bulk batch on the writer thread, exactly covering its rows', async () => {
      const store = await backend.open();
      try {
        const rows: LogRow[] = Array.from({ length: THREAD_MIN_ROWS + 7 }, (_, i) =>
          logRow({ ts: T0 + i, service: i % 3 ? 'api' : 'db', level: i % 10 === 0 ? 'ERROR' : 'INFO', templateId: i % 4 === 1 ? 5 : null }),
        );
        const out = await store.appendBatch({ rows, rejects: [] });
        if (out.kind !== 'stored') throw new Error('expected the batch stored');
        const blocks = await readBlocks(store);
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
        expect(find('a', '')).toEqual([expected(() => true)]);
        expect(blocks).toHaveLength(4 + 2 + 2 + 1 + 1);
      } finally {
        await store.close();
      }
    });

    it('grows one block per key from a stream of one-row appends, and starts the next after BLOCK_SPAN ids', async () => {
      const store = await backend.open();
      try {
        // Interleaved services: the previous block of a key never ends at id - 1, yet the block grows.
        const appends = BLOCK_SPAN + 10;
        for (let i = 0; i < appends; i++) {
          await store.appendBatch({ rows: [logRow({ ts: T0 + i, service: i % 2 ? 'api' : 'db', templateId: i % 2 })], rejects: [] });
        }
        const api = (await readBlocks(store, 's')).filter((b) => b.key === 'api');
        expect(api.map((b) => [b.first_id, b.last_id, b.n])).toEqual([
          [2, BLOCK_SPAN, BLOCK_SPAN / 2],
          [BLOCK_SPAN + 2, BLOCK_SPAN + 10, 5],
        ]);
        expect((await readBlocks(store)).reduce((sum, b) => sum + b.n, 0)).toBe(5 * appends);
      } finally {
        await store.close();
      }
    });

    it('writes no block for a batch that failed, and none of its keys leak into the next batch', async () => {
      const store = await backend.open();
      try {
        const bad = [logRow({ service: 'ghost' }), logRow({ service: 'ghost', message: null as unknown as string })];
        await expect(store.appendBatch({ rows: bad, rejects: [] })).rejects.toThrow(/NOT NULL|not-null/);
        await store.appendBatch({ rows: [logRow({ service: 'api' })], rejects: [] });
        expect((await readBlocks(store, 's')).map((b) => [b.key, b.n])).toEqual([['api', 1]]);
      } finally {
        await store.close();
      }
    });
  });
});
