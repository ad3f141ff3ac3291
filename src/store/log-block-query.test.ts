/**
 * Queries through the block skip index answer exactly what the row-scanning query (run on the same
 * database) answers, on every backend: the same rows, order and cursors, page after page. The data
 * set mixes bulk batches, one-row appends and rare keys, so pages cross many blocks of several kinds.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEVELS, type Level } from '../domain/index.js';
import { createPrng } from '../detect/ml/prng.js';
import type { BaseStore } from './base-store.js';
import { backfill } from './migrations/006-sqlite-log-blocks.js';
import type { Database } from './schema.js';
import type { LogPage, LogQuery, LogRow } from './store.js';
import { BACKENDS } from './testing/backends.js';
import { collect, logRow, T0 } from './testing/fixtures.js';
import { countBlock, nextPiece, planLogQuery, slabIntervals } from './log-block-query.js';
import { byRows } from './testing/by-rows.js';

describe('planLogQuery', () => {
  it('drives by the template, else the service (with its levels), else all rows; the rows for a list of ids', () => {
    expect(planLogQuery({ templateId: 4, service: 'api', level: 'INFO' })).toEqual({ kind: 'blocks', blockKind: 't', keys: ['4'] });
    expect(planLogQuery({ service: 'api', level: 'WARN' })).toEqual({ kind: 'blocks', blockKind: 'sl', keys: ['api\u001fWARN'] });
    expect(planLogQuery({ service: 'api', minLevel: 'ERROR' })).toEqual({ kind: 'blocks', blockKind: 'sl', keys: ['api\u001fERROR', 'api\u001fFATAL'] });
    expect(planLogQuery({ service: 'api', since: 5 })).toEqual({ kind: 'blocks', blockKind: 's', keys: ['api'] });
    expect(planLogQuery({ minLevel: 'WARN' })).toEqual({ kind: 'blocks', blockKind: 'l', keys: ['WARN', 'ERROR', 'FATAL'] });
    expect(planLogQuery({ user: 'bob', grep: 'x', since: 1 })).toEqual({ kind: 'blocks', blockKind: 'a', keys: [''] });
    expect(planLogQuery({ until: 0 })).toEqual({ kind: 'blocks', blockKind: 'a', keys: [''] });
    expect(planLogQuery({ user: 'bob', grep: 'x' })).toEqual({ kind: 'blocks', blockKind: 'a', keys: [''] });
    expect(planLogQuery({})).toEqual({ kind: 'blocks', blockKind: 'a', keys: [''] });
    expect(planLogQuery({ service: 'api', ids: [1, 2] })).toEqual({ kind: 'rows' });
    expect(planLogQuery({ service: '' })).toEqual({ kind: 'blocks', blockKind: 'a', keys: [''] });
  });
});

describe('slabIntervals', () => {
  const b = (first_id: number, last_id: number) => ({ first_id, last_id });
  it('clips blocks to the slab and joins overlapping and touching ones, in the page order', () => {
    const blocks = [b(1, 5), b(3, 8), b(9, 9), b(12, 20), b(30, 40)];
    expect(slabIntervals(blocks, 2, 35, 'asc')).toEqual([[2, 9], [12, 20], [30, 35]]);
    expect(slabIntervals(blocks, 2, 35, 'desc')).toEqual([[30, 35], [12, 20], [2, 9]]);
    expect(slabIntervals(blocks, 41, Infinity, 'asc')).toEqual([]);
    expect(slabIntervals(blocks, -Infinity, Infinity, 'desc')).toEqual([[30, 40], [12, 20], [1, 9]]);
  });
});

describe('nextPiece', () => {
  it('takes `size` ids from the end of the interval the page comes from, or the whole interval', () => {
    expect(nextPiece([10, 100], 20, 'asc')).toEqual([10, 29]);
    expect(nextPiece([10, 100], 20, 'desc')).toEqual([81, 100]);
    expect(nextPiece([10, 100], 91, 'desc')).toEqual([10, 100]);
    expect(nextPiece([10, 100], 500, 'asc')).toEqual([10, 100]);
    expect(nextPiece([5, 5], 1, 'desc')).toEqual([5, 5]);
  });
});

describe('countBlock', () => {
  it('counts a block whole inside the range, not at all outside it, by its rows across an edge', () => {
    const blk = { n: 7, ts_min: 10, ts_max: 20 };
    expect(countBlock(blk, 10, 21)).toEqual({ kind: 'whole', n: 7 });
    expect(countBlock(blk, 21, 30)).toEqual({ kind: 'none' });
    expect(countBlock(blk, 0, 10)).toEqual({ kind: 'none' });
    expect(countBlock(blk, 0, 20)).toEqual({ kind: 'scan' });
    expect(countBlock(blk, 11, 30)).toEqual({ kind: 'scan' });
  });
});

const SERVICES = ['api', 'db', 'auth', 'billing', 'rare'];
const generic = (store: BaseStore, q: LogQuery): Promise<LogPage> => byRows.queryLogs(store, q);

/** Every page of a query, each checked against the row-scanning query given the same cursor. */
async function expectSamePages(store: BaseStore, q: LogQuery): Promise<number> {
  let cursor: string | undefined;
  let rows = 0;
  for (let page = 0; ; page++) {
    const got = await store.queryLogs({ ...q, cursor });
    const want = await generic(store, { ...q, cursor });
    expect(got, `${JSON.stringify(q)}, page ${page}`).toEqual(want);
    rows += got.rows.length;
    if (!got.nextCursor) return rows;
    cursor = got.nextCursor;
  }
}

for (const backend of BACKENDS) describe(`${backend.name}: queryLogs through blocks`, () => {
  let store: BaseStore;
  const r = createPrng(2024);
  let tsMax = T0;

  beforeAll(async () => {
    store = (await backend.open()) as BaseStore;
    let id = 0;
    const row = (): LogRow => {
      id++;
      // Time mostly follows ids, with jitter and some late (older) records.
      const ts = T0 + id * 1000 + (r.next() < 0.05 ? -r.int(500_000) : r.int(3000));
      tsMax = Math.max(tsMax, ts);
      const rare = r.next() < 0.002;
      return logRow({
        ts, service: rare ? 'rare' : SERVICES[r.int(4)]!, level: r.next() < 0.003 ? 'FATAL' : LEVELS[r.int(5)]!,
        host: `h${r.int(3)}`, user: r.next() < 0.5 ? `u${r.int(5)}` : undefined, message: `msg ${r.int(50)} ${r.next() < 0.01 ? 'Needle_%' : ''}`,
        templateId: r.next() < 0.1 ? null : r.next() < 0.003 ? 99 : r.int(6), source: { file: 'q.log', line: id, offset: id },
      });
    };
    // Small batches on the store's own connection first (runs of one-row appends among them), then
    // bulk ones, which move every later batch to the writer thread.
    for (let b = 0; b < 40; b++) {
      const size = b % 5 === 4 ? 1200 + r.int(800) : r.next() < 0.5 ? 1 : 1 + r.int(300);
      const out = await store.appendBatch({ rows: Array.from({ length: size }, row), rejects: [] });
      if (out.kind !== 'stored') throw new Error('expected stored');
    }
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  describe('blocks as appended (batches, one-row appends grown into blocks of up to 5,000 ids)', () => {
    sameAnswers(() => store, () => tsMax);
  });

  describe('blocks backfilled in chunks of 40 ids (hundreds of blocks per key)', () => {
    beforeAll(async () => {
      const db: Kysely<Database> = store['db'];
      await db.transaction().execute(async (trx) => {
        await sql`delete from log_block_keys`.execute(trx);
        await backfill(trx as unknown as Kysely<unknown>, 40, backend.name);
      });
    });
    sameAnswers(() => store, () => tsMax);
  });
});

function sameAnswers(store: () => BaseStore, tsMax: () => number): void {
  it('pages every filter combination as the row-scanning query does, both orders', async () => {
    const q = createPrng(7);
    const pick = <T>(xs: readonly T[]): T => xs[q.int(xs.length)]!;
    let total = 0;
    for (let k = 0; k < 80; k++) {
      const query: LogQuery = { limit: pick([25, 300, 2000]), order: pick(['asc', 'desc'] as const) };
      if (q.next() < 0.6) query.service = pick(SERVICES);
      if (q.next() < 0.3) query.level = pick(LEVELS) as Level;
      else if (q.next() < 0.3) query.minLevel = pick(LEVELS) as Level;
      if (q.next() < 0.3) query.templateId = pick([0, 1, 5, 99, 1234]);
      if (q.next() < 0.3) query.since = T0 + q.int(tsMax() - T0);
      if (q.next() < 0.3) query.until = (query.since ?? T0) + q.int(tsMax() - T0);
      if (q.next() < 0.15) query.user = pick(['u1', 'u4']);
      if (q.next() < 0.15) query.host = 'h2';
      if (q.next() < 0.1) query.grep = pick(['needle_%', 'msg 3']);
      total += await expectSamePages(store(), query);
    }
    expect(total).toBeGreaterThan(10_000); // the queries found rows, not only empty pages
  }, 120_000);

  it('finds a rare service, a rare template and a rare level across many blocks', async () => {
    for (const q of [{ service: 'rare' }, { templateId: 99 }, { minLevel: 'FATAL' as Level }, { service: 'rare', minLevel: 'ERROR' as Level }]) {
      for (const order of ['asc', 'desc'] as const) expect(await expectSamePages(store(), { ...q, order, limit: 3 })).toBeGreaterThan(0);
    }
  });

  it('starts from a cursor of its own in the middle of a block, both orders', async () => {
    const max = await store().maxLogId();
    for (const id of [1, 2, Math.floor(max / 3), max - 1, max, max + 10]) {
      const cursor = Buffer.from(String(id)).toString('base64url');
      for (const order of ['asc', 'desc'] as const) {
        const q: LogQuery = { service: 'api', order, cursor, limit: 25 };
        expect(await store().queryLogs(q)).toEqual(await generic(store(), q));
      }
    }
  });

  it('scans a time window and buckets volume over exactly the rows a row scan finds', async () => {
    const q = createPrng(13);
    const sortVolume = (v: { service: string; bucket: number }[]) => [...v].sort((a, b) => a.bucket - b.bucket || (a.service < b.service ? -1 : 1));
    for (let k = 0; k < 20; k++) {
      const since = q.next() < 0.8 ? T0 + q.int(tsMax() - T0) : undefined;
      const until = q.next() < 0.8 ? (since ?? T0) + q.int(200_000) : undefined;
      const scanned = (await collect(store().scanLogs({ since, until, batchSize: 500, fields: 'detect' }))).flat().map((l) => l.id);
      expect(scanned, JSON.stringify({ since, until })).toEqual(await byRows.windowIds(store(), since, until));
      const v = { since, until, bucketMs: 60_000, ...(q.next() < 0.5 ? { service: SERVICES[q.int(SERVICES.length)] } : {}) };
      expect(sortVolume(await store().volume(v)), JSON.stringify(v)).toEqual(sortVolume(await byRows.volume(store(), v)));
    }
  });

  it('counts a service and all rows from blocks, and lists services, as the row-scanning queries do', async () => {
    const q = createPrng(11);
    for (let k = 0; k < 30; k++) {
      const since = q.next() < 0.7 ? T0 + q.int(tsMax() - T0) : undefined;
      const until = q.next() < 0.7 ? (since ?? T0) + q.int(tsMax() - T0) : undefined;
      const c = { service: q.next() < 0.7 ? SERVICES[q.int(SERVICES.length)] : undefined, since, until };
      expect(await store().countLogs(c), JSON.stringify(c)).toBe(await byRows.countLogs(store(), c));
    }
    expect(await store().countLogs()).toBe(await byRows.countLogs(store()));
    expect(await store().services()).toEqual(await byRows.services(store()));
  });
}
