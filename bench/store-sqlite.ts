/**
 * SQLite ingest throughput, for comparison with bench/store-postgres.ts: 1,000,000 generated rows
 * through appendBatch into a fresh database file in a temp directory, removed afterwards.
 *
 *   npx tsx bench/store-sqlite.ts [--rows N] [--batch N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SqliteStore } from '../src/store/sqlite/store.js';
import { benchIngest, DEFAULT_INGEST_BENCH, ingestOptionsFromArgs, printIngest, type IngestBenchOptions, type IngestBenchResult } from './store-ingest.js';

export async function benchSqliteIngest(opts: IngestBenchOptions = DEFAULT_INGEST_BENCH): Promise<IngestBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'logtrack-bench-'));
  try {
    const store = await SqliteStore.open(join(dir, 'bench.db'));
    try {
      const result = await benchIngest(store, opts);
      printIngest(result);
      return result;
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchSqliteIngest(ingestOptionsFromArgs(process.argv.slice(2)));
}
