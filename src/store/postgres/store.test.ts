/**
 * PostgreSQL-only behaviour (everything shared is in the store contract suite): schema isolation,
 * concurrent opening, text PostgreSQL cannot hold, and a refused batch leaving no trace.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, TEST_PG_URL } from '../testing/backends.js';
import { logRow, templateUpsert } from '../testing/fixtures.js';
import type { LogRow } from '../store.js';
import { APPEND_LOCK } from './append.js';
import { PostgresStore, THREAD_MIN_ROWS } from './store.js';
import { writerApplicationName } from './writer.js';
import { dropTestSchemas } from './testing.js';
import { withSchema } from './url.js';

const postgres = BACKENDS.find((b) => b.name === 'postgres');

describe.skipIf(!postgres)('PostgresStore', () => {
  const extraUrls: string[] = [];
  /** A URL naming a schema that does not exist yet. */
  const unborn = () => {
    const url = withSchema(TEST_PG_URL, `lt_test_${randomBytes(6).toString('hex')}`);
    extraUrls.push(url);
    return url;
  };
  afterAll(async () => {
    await dropTestSchemas(extraUrls);
    await postgres?.cleanup();
  });

  it('creates the schema named in the URL and keeps each schema to itself', async () => {
    const [a, b] = await Promise.all([PostgresStore.open(unborn()), PostgresStore.open(unborn())]);
    try {
      await a.appendBatch({ rows: [logRow({ message: 'only in a' })], rejects: [] });
      expect(await a.countLogs()).toBe(1);
      expect(await b.countLogs()).toBe(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('lets several connections open a fresh schema at once, migrating it once', async () => {
    const url = unborn();
    const stores = await Promise.all([1, 2, 3, 4].map(() => PostgresStore.open(url)));
    try {
      const out = await stores[3]!.appendBatch({ rows: [logRow()], rejects: [] });
      expect(out.kind).toBe('stored');
      expect(await stores[0]!.countLogs()).toBe(1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('shows its location without the password, and explains a bad URL', async () => {
    const url = unborn().replace('postgres@', 'postgres:hunter2@');
    const store = await PostgresStore.open(url);
    try {
      expect(store.location).toContain('postgres:***@');
      expect(store.location).not.toContain('hunter2');
    } finally {
      await store.close();
    }
    await expect(PostgresStore.open('postgres://u@h/db?schema=x;y')).rejects.toThrow('plain identifier');
  });

  it('stores NUL, which PostgreSQL text cannot hold, as U+FFFD', async () => {
    const store = await postgres!.open();
    try {
      const out = await store.appendBatch({ rows: [logRow({ message: 'a\0b', params: ['\0'] })], rejects: [] });
      if (out.kind !== 'stored') throw new Error('expected the batch stored');
      const [log] = await store.getLogs(out.ids);
      expect(log?.message).toBe('a\uFFFDb');
      expect(log?.params).toEqual(['\0']);
      const [id] = await store.upsertTemplates([{ key: 'k\0', service: 's', text: 't\0', example: 'e', firstSeen: 0, lastSeen: 0, countDelta: 1 }]);
      expect((await store.getTemplate(id!))?.text).toBe('t\uFFFD');
    } finally {
      await store.close();
    }
  });

  it('has every checkpointed batch on disk once flushCommits returns (they commit without waiting for it)', async () => {
    const store = await PostgresStore.open(unborn());
    try {
      const checkpoint = { key: 'f', path: '/f', offset: 10, line: 1, size: 10, updatedAt: 0 };
      await store.appendBatch({ rows: Array.from({ length: 500 }, () => logRow()), rejects: [], checkpoint });
      const pool = store['pool'];
      const written = (await pool.query<{ lsn: string }>('select pg_current_wal_insert_lsn()::text as lsn')).rows[0]!.lsn;
      await store.flushCommits();
      const flushed = await pool.query<{ ok: boolean }>('select pg_current_wal_flush_lsn() >= $1::pg_lsn as ok', [written]);
      expect(flushed.rows[0]!.ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('rolls a refused batch back entirely and stays usable', async () => {
    const store = await postgres!.open();
    try {
      const checkpoint = { key: 'f', path: '/f', offset: 10, line: 1, size: 10, updatedAt: 0 };
      const bad = { rows: [logRow(), logRow({ ts: Number.NaN })], rejects: [{ reason: 'r', raw: 'x', source: { file: 'f', line: 1, offset: 0 } }], checkpoint };
      await expect(store.appendBatch(bad)).rejects.toThrow();
      expect(await store.countLogs()).toBe(0);
      expect(await store.countRejects()).toEqual({});
      expect(await store.getCheckpoint('f')).toBeNull();
      expect((await store.appendBatch({ ...bad, rows: [logRow()] })).kind).toBe('stored');
    } finally {
      await store.close();
    }
  });

  it('makes a template merge wait for the append lock (an append upserting the same templates deadlocked with it)', async () => {
    const url = unborn();
    const store = await PostgresStore.open(url);
    const holder = new pg.Client({ connectionString: TEST_PG_URL });
    await holder.connect();
    try {
      await store.upsertTemplates([templateUpsert({ key: 'a', countDelta: 2 }), templateUpsert({ key: 'b', countDelta: 3 })]);
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock(hashtext($1), hashtext($2))', [new URL(url).searchParams.get('schema'), APPEND_LOCK]);
      let merged = false;
      const merging = store.markTemplatesMerged([{ key: 'a', into: 'b' }]).then(() => (merged = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(merged).toBe(false);
      await holder.query('commit');
      await merging;
      const [b] = await store.upsertTemplates([templateUpsert({ key: 'b', countDelta: 0 })]);
      expect(await store.getTemplate(b!)).toMatchObject({ key: 'b', count: 5 });
    } finally {
      await holder.end();
      await store.close();
    }
  });

  it('gives concurrent batches disjoint, ascending ids', async () => {
    const store = await postgres!.open();
    try {
      const outs = await Promise.all(
        Array.from({ length: 8 }, (_, b) => store.appendBatch({ rows: Array.from({ length: 50 }, (_, i) => logRow({ message: `${b}:${i}` })), rejects: [] })),
      );
      const batches = outs.map((o) => (o.kind === 'stored' ? o.ids : []));
      for (const ids of batches) expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(new Set(batches.flat()).size).toBe(400);
      const logs = await store.getLogs(batches[5]!);
      expect(logs.map((l) => l.message)).toEqual(Array.from({ length: 50 }, (_, i) => `5:${i}`));
    } finally {
      await store.close();
    }
  });
  describe('bulk batches, sent from the writer thread', () => {
    const bulk = (n: number, fields: (i: number) => Partial<LogRow> = () => ({})) => Array.from({ length: n }, (_, i) => logRow({ message: `m${i}`, ...fields(i) }));

    it('stores every field as a small batch does, templates and NUL included', async () => {
      const store = await postgres!.open();
      try {
        const odd = { host: 'h1', rawLevel: 'err', level: 'ERROR' as const, user: 'ann', message: 'a\0b é 😀', attrs: { status: 500, tags: ['x'] }, params: ['p\0', 'q"'] };
        const rows = bulk(THREAD_MIN_ROWS + 3, (i) => (i === 7 ? { ...odd, templateRef: 0 } : { templateId: null }));
        const out = await store.appendBatch({ rows, rejects: [], templates: [{ ...templateUpsert(), volume: [] }] });
        if (out.kind !== 'stored') throw new Error('expected the batch stored');
        expect(out.ids).toHaveLength(rows.length);
        expect((store as PostgresStore)['writer']).not.toBeNull();
        const [bulky] = await store.getLogs([out.ids[7]!]);
        const small = await store.appendBatch({ rows: [{ ...rows[7]!, templateRef: undefined, templateId: out.templateIds[0]! }], rejects: [] });
        if (small.kind !== 'stored') throw new Error('expected the batch stored');
        const [direct] = await store.getLogs(small.ids);
        expect({ ...bulky, id: 0 }).toEqual({ ...direct, id: 0 });
        expect(bulky).toMatchObject({ message: 'a\uFFFDb é 😀', attrs: { status: 500, tags: ['x'] }, params: ['p\0', 'q"'], templateId: out.templateIds[0], user: 'ann', host: 'h1' });
      } finally {
        await store.close();
      }
    });

    it('rolls a refused bulk batch back on the thread\'s connection, which stays usable', async () => {
      const store = await postgres!.open();
      try {
        const checkpoint = { key: 'f', path: '/f', offset: 10, line: 1, size: 10, updatedAt: 0 };
        const bad = bulk(THREAD_MIN_ROWS, (i) => (i === 500 ? { ts: 1.5 } : {}));
        await expect(store.appendBatch({ rows: bad, rejects: [], checkpoint })).rejects.toThrow('int8');
        expect(await store.countLogs()).toBe(0);
        expect(await store.getCheckpoint('f')).toBeNull();
        expect((await store.appendBatch({ rows: bulk(THREAD_MIN_ROWS), rejects: [], checkpoint })).kind).toBe('stored');
        expect((await store.appendBatch({ rows: bulk(THREAD_MIN_ROWS), rejects: [], checkpoint: { ...checkpoint, offset: 20 }, expectOffset: 0 })).kind).toBe('conflict');
        expect(await store.countLogs()).toBe(THREAD_MIN_ROWS);
      } finally {
        await store.close();
      }
    });

    it('opens a new connection for the next batch when the server dropped the thread\'s', async () => {
      const store = await postgres!.open();
      try {
        expect((await store.appendBatch({ rows: bulk(THREAD_MIN_ROWS), rejects: [] })).kind).toBe('stored');
        const pg = store as PostgresStore;
        const admin = pg['pool'];
        const name = writerApplicationName(pg['ctx'].lockSpace);
        const killed = await admin.query('select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1', [name]);
        expect(killed.rows).toEqual([{ ok: true }]);
        // The batch that meets the dropped connection may fail; the store goes on with a new one.
        await store.appendBatch({ rows: bulk(THREAD_MIN_ROWS), rejects: [] }).catch(() => undefined);
        expect((await store.appendBatch({ rows: bulk(5, () => ({ message: 'after' })), rejects: [] })).kind).toBe('stored');
        expect((await store.queryLogs({ grep: 'after', limit: 10 })).rows).toHaveLength(5);
      } finally {
        await store.close();
      }
    });

    it('keeps call order across the switch from this thread to the writer thread', async () => {
      const store = await postgres!.open();
      try {
        const outs = await Promise.all([
          store.appendBatch({ rows: bulk(3, () => ({ message: 'small' })), rejects: [] }),
          store.appendBatch({ rows: bulk(THREAD_MIN_ROWS, () => ({ message: 'big' })), rejects: [] }),
          store.appendBatch({ rows: bulk(2, () => ({ message: 'after' })), rejects: [] }),
        ]);
        const ids = outs.map((o) => (o.kind === 'stored' ? o.ids : []));
        expect(ids[0]!.at(-1)! < ids[1]![0]! && ids[1]!.at(-1)! < ids[2]![0]!).toBe(true);
        expect((await store.getLogs([ids[2]![0]!]))[0]?.message).toBe('after');
      } finally {
        await store.close();
      }
    });
  });
});
