/**
 * Store contract, part 2: reading logs. One seeded store per backend; every expectation is
 * computed from the seed with plain array operations, so the store must agree with a reference
 * implementation of each filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEVELS, type Level, type StoredLog } from '../domain/index.js';
import type { LogQuery, LogRow, Store } from './store.js';
import { BACKENDS } from './testing/backends.js';
import { collect, logRow, T0 } from './testing/fixtures.js';

const SERVICES = ['api', 'db', 'web'];
const MESSAGES = [
  'Disk FULL on /dev/sda1', 'disk full again', '100% done', '100 percent done', 'user_name missing', 'username missing',
  'path C:\\temp\\x', 'connection reset', 'Connection RESET by peer', 'plain message',
];

/** 90 records, one second apart, cycling through services, levels, users, hosts and messages. */
function seed(): LogRow[] {
  return Array.from({ length: 90 }, (_, i) =>
    logRow({
      ts: T0 + i * 1000,
      service: SERVICES[i % 3]!,
      level: LEVELS[i % LEVELS.length]!,
      user: i % 4 === 0 ? undefined : `user${i % 4}`,
      host: `host${i % 5}`,
      message: `${MESSAGES[i % MESSAGES.length]} #${i}`,
      templateId: i % 7 === 0 ? null : i % 7,
      source: { file: 'seed.log', line: i + 1, offset: i * 100 },
    }),
  );
}

const ids = (logs: StoredLog[]) => logs.map((l) => l.id);
const isAtLeast = (level: Level, min: Level) => LEVELS.indexOf(level) >= LEVELS.indexOf(min);

async function allPages(store: Store, q: LogQuery): Promise<StoredLog[][]> {
  const pages: StoredLog[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.queryLogs({ ...q, cursor });
    pages.push(page.rows);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

for (const backend of BACKENDS) {
  describe(`${backend.name}: log queries`, () => {
    let store: Store;
    let logs: StoredLog[];
    const newestFirst = (pick: (l: StoredLog) => boolean) => ids(logs.filter(pick)).reverse();

    beforeAll(async () => {
      store = await backend.open();
      const rows = seed();
      const out = await store.appendBatch({ rows, rejects: [] });
      if (out.kind !== 'stored') throw new Error('seeding failed');
      logs = rows.map((r, i) => ({ ...r, id: out.ids[i]! }));
    });
    afterAll(async () => {
      await store.close();
      await backend.cleanup();
    });

    it('returns the newest 100 by default, or oldest first with order asc', async () => {
      expect(ids((await store.queryLogs({})).rows)).toEqual(newestFirst(() => true));
      expect(ids((await store.queryLogs({ order: 'asc', limit: 5 })).rows)).toEqual(ids(logs.slice(0, 5)));
    });

    it.each<[string, LogQuery, (l: StoredLog) => boolean]>([
      ['service', { service: 'db' }, (l) => l.service === 'db'],
      ['level', { level: 'ERROR' }, (l) => l.level === 'ERROR'],
      ['minLevel', { minLevel: 'WARN' }, (l) => isAtLeast(l.level, 'WARN')],
      ['since (inclusive)', { since: T0 + 80_000 }, (l) => l.ts >= T0 + 80_000],
      ['until (exclusive)', { until: T0 + 10_000 }, (l) => l.ts < T0 + 10_000],
      ['since and until', { since: T0 + 5000, until: T0 + 9000 }, (l) => l.ts >= T0 + 5000 && l.ts < T0 + 9000],
      ['templateId', { templateId: 3 }, (l) => l.templateId === 3],
      ['user', { user: 'user2' }, (l) => l.user === 'user2'],
      ['host', { host: 'host4' }, (l) => l.host === 'host4'],
      ['several filters at once', { service: 'api', minLevel: 'WARN', host: 'host0' }, (l) => l.service === 'api' && isAtLeast(l.level, 'WARN') && l.host === 'host0'],
    ])('filters by %s', async (_name, q, pick) => {
      const expected = newestFirst(pick);
      expect(expected.length).toBeGreaterThan(0);
      expect(ids((await store.queryLogs(q)).rows)).toEqual(expected);
    });

    it.each<[string, (m: string) => boolean]>([
      ['disk full', (m) => m.toLowerCase().includes('disk full')],
      ['CONNECTION reset', (m) => m.toLowerCase().includes('connection reset')],
      ['100%', (m) => m.includes('100%')],
      ['user_name', (m) => m.includes('user_name')],
      ['C:\\temp', (m) => m.includes('C:\\temp')],
      ['#1', (m) => m.includes('#1')],
    ])('greps %j case-insensitively, with %, _ and \\ taken literally', async (grep, pick) => {
      const expected = newestFirst((l) => pick(l.message));
      expect(expected.length).toBeGreaterThan(0);
      expect(ids((await store.queryLogs({ grep })).rows)).toEqual(expected);
    });

    it('selects by ids, and matches nothing for an empty id list', async () => {
      const wanted = [logs[3]!.id, logs[40]!.id, 987_654];
      expect(ids((await store.queryLogs({ ids: wanted, order: 'asc' })).rows)).toEqual(wanted.slice(0, 2));
      expect((await store.queryLogs({ ids: [] })).rows).toEqual([]);
    });

    it.each(['desc', 'asc'] as const)('pages %s with no overlap and no gap', async (order) => {
      const pages = await allPages(store, { order, limit: 7, service: 'web' });
      const expected = ids(logs.filter((l) => l.service === 'web'));
      expect(pages.flat().map((l) => l.id)).toEqual(order === 'asc' ? expected : expected.reverse());
      expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 7, 2]);
    });

    it('gives no next cursor when the page is exactly the last one', async () => {
      const page = await store.queryLogs({ service: 'api', limit: 30 });
      expect(page.rows).toHaveLength(30);
      expect(page.nextCursor).toBeNull();
    });

    it('reads records back by id, skipping unknown ids', async () => {
      expect(await store.getLogs([logs[10]!.id, 987_654, logs[2]!.id])).toEqual([logs[2], logs[10]]);
      expect(await store.getLogs([])).toEqual([]);
    });

    it('counts records by service and time range', async () => {
      expect(await store.countLogs()).toBe(90);
      expect(await store.countLogs({ service: 'api' })).toBe(30);
      expect(await store.countLogs({ since: T0 + 10_000, until: T0 + 20_000 })).toBe(10);
      expect(await store.countLogs({ service: 'db', since: T0 + 30_000 })).toBe(logs.filter((l) => l.service === 'db' && l.ts >= T0 + 30_000).length);
    });

    it('scans after an id in pages, oldest first', async () => {
      const after = logs[20]!.id;
      const pages = await collect(store.scanLogs({ afterId: after, batchSize: 25 }));
      expect(pages.map((p) => p.length)).toEqual([25, 25, 19]);
      expect(ids(pages.flat())).toEqual(ids(logs.slice(21)));
      expect(pages.flat()[0]).toEqual(logs[21]);
    });

    it('scans within a time range, and yields nothing past the end', async () => {
      const pages = await collect(store.scanLogs({ since: T0 + 50_000, until: T0 + 60_000, batchSize: 4 }));
      expect(ids(pages.flat())).toEqual(ids(logs.filter((l) => l.ts >= T0 + 50_000 && l.ts < T0 + 60_000)));
      expect(await collect(store.scanLogs({ afterId: logs[89]!.id }))).toEqual([]);
    });

    it('scans only the fields detection reads when asked, with the values of the whole records', async () => {
      const range = { since: T0 + 50_000, until: T0 + 60_000, batchSize: 4 };
      const whole = (await collect(store.scanLogs(range))).flat();
      const wanted = whole.map(({ params: _p, source: _s, rawLevel: _r, ...read }) => read);
      expect(wanted.some((l) => l.user !== undefined && l.host !== undefined && l.templateId !== null)).toBe(true);
      expect((await collect(store.scanLogs({ ...range, fields: 'detect' }))).flat()).toMatchObject(wanted);
    });

    it('knows the highest id', async () => {
      expect(await store.maxLogId()).toBe(logs[89]!.id);
    });

    it('summarises services with counts and first/last times', async () => {
      expect(await store.services()).toEqual(
        SERVICES.map((service) => {
          const mine = logs.filter((l) => l.service === service);
          return { service, count: mine.length, firstTs: mine[0]!.ts, lastTs: mine[mine.length - 1]!.ts };
        }),
      );
    });

    it('buckets volume per service with error counts', async () => {
      const bucketMs = 20_000;
      const since = T0 + 10_000;
      const expected = new Map<string, { service: string; bucket: number; count: number; errors: number }>();
      for (const l of logs.filter((x) => x.ts >= since && x.service !== 'web')) {
        const bucket = Math.floor(l.ts / bucketMs) * bucketMs;
        const cell = expected.get(`${l.service}@${bucket}`) ?? { service: l.service, bucket, count: 0, errors: 0 };
        cell.count++;
        if (l.level === 'ERROR' || l.level === 'FATAL') cell.errors++;
        expected.set(`${l.service}@${bucket}`, cell);
      }
      const byCell = (a: { service: string; bucket: number }, b: { service: string; bucket: number }) =>
        a.bucket - b.bucket || a.service.localeCompare(b.service);
      const got = [...(await store.volume({ bucketMs, since, service: 'api' })), ...(await store.volume({ bucketMs, since, service: 'db' }))];
      expect(got.sort(byCell)).toEqual([...expected.values()].sort(byCell));
      const all = await store.volume({ bucketMs: 3_600_000 });
      expect(all.map((v) => v.count).reduce((a, b) => a + b, 0)).toBe(90);
    });
  });
}
