/**
 * SQLite store throughput, to compare with bench/store-postgres.ts: 1,000,000 generated rows
 * (BENCH_ROWS) through appendBatch into a fresh database file, removed afterwards.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from '../src/store/sqlite/store.js';
import { appendFigures, DEFAULT_APPEND_BENCH, measureAppend, type AppendBenchOptions } from './store-append.js';
import { emitFigures, tempDir, type Figure } from './util.js';

export async function benchSqliteIngest(opts: AppendBenchOptions = DEFAULT_APPEND_BENCH): Promise<Figure[]> {
  const dir = tempDir('store-sqlite');
  try {
    const store = await SqliteStore.open(join(dir, 'bench.db'));
    try {
      return appendFigures('sqlite', opts, await measureAppend(store, opts));
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) emitFigures(await benchSqliteIngest());
