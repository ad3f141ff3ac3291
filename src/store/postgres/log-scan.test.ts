/**
 * The PostgreSQL scan pages through the id range of a time window: records that arrived late (a
 * small ts after a large one) must still be found, and nothing outside the window returned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredLog } from '../../domain/index.js';
import { BACKENDS } from '../testing/backends.js';
import { logRow, T0 } from '../testing/fixtures.js';
import type { Store } from '../store.js';

const postgres = BACKENDS.find((b) => b.name === 'postgres');

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe.skipIf(!postgres)('PostgreSQL scanLogs', () => {
  let store: Store;
  let logs: StoredLog[];
  // Seconds after T0, in arrival (id) order: mostly increasing, with late and early arrivals.
  const seconds = [0, 1, 2, 30, 3, 4, 50, 5, 6, 7, 1, 8, 9, 60, 10, 2, 11];
  const at = (s: number) => T0 + s * 1000;

  beforeAll(async () => {
    store = await postgres!.open();
    const out = await store.appendBatch({
      rows: seconds.map((s, i) => logRow({ ts: at(s), message: `m${i}`, source: { file: 'a.log', line: i + 1, offset: i * 10 } })),
      rejects: [],
    });
    if (out.kind !== 'stored') throw new Error('not stored');
    logs = (await collect(store.scanLogs({}))).flat();
  });
  afterAll(async () => {
    await store.close();
    await postgres!.cleanup();
  });

  const inWindow = (since?: number, until?: number, afterId = 0) =>
    logs.filter((l) => l.id > afterId && (since == null || l.ts >= since) && (until == null || l.ts < until)).map((l) => l.id);
  const scanned = async (opts: { since?: number; until?: number; afterId?: number; batchSize?: number }) =>
    (await collect(store.scanLogs(opts))).flat().map((l) => l.id);

  it('finds late records inside a window and nothing outside it, in id order, page by page', async () => {
    for (const [since, until] of [[at(1), at(3)], [at(2), at(11)], [at(7), at(61)], [at(30), at(31)]] as const) {
      expect(await scanned({ since, until, batchSize: 2 })).toEqual(inWindow(since, until));
    }
  });

  it('takes a window open on one side, and an afterId together with it', async () => {
    expect(await scanned({ since: at(9), batchSize: 3 })).toEqual(inWindow(at(9)));
    expect(await scanned({ until: at(2), batchSize: 3 })).toEqual(inWindow(undefined, at(2)));
    const after = logs[8]!.id;
    expect(await scanned({ since: at(1), until: at(10), afterId: after })).toEqual(inWindow(at(1), at(10), after));
  });

  it('yields nothing for a window without records', async () => {
    expect(await collect(store.scanLogs({ since: at(12), until: at(29) }))).toEqual([]);
    expect(await collect(store.scanLogs({ since: at(61) }))).toEqual([]);
  });
});
