/**
 * PostgreSQL ingest throughput: 1,000,000 generated rows through appendBatch (COPY) into a fresh
 * schema, dropped afterwards. Server: LOGTRACK_BENCH_PG, else LOGTRACK_TEST_PG, else the local test database.
 *
 *   npx tsx bench/store-postgres.ts [--rows N] [--batch N]
 */
import { pathToFileURL } from 'node:url';
import { PostgresStore } from '../src/store/postgres/store.js';
import { createTestSchema, dropTestSchemas } from '../src/store/postgres/testing.js';
import { benchIngest, DEFAULT_INGEST_BENCH, ingestOptionsFromArgs, printIngest, type IngestBenchOptions, type IngestBenchResult } from './store-ingest.js';

const BENCH_PG = process.env.LOGTRACK_BENCH_PG ?? process.env.LOGTRACK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function benchPostgresIngest(opts: IngestBenchOptions = DEFAULT_INGEST_BENCH): Promise<IngestBenchResult> {
  const url = await createTestSchema(BENCH_PG);
  try {
    const store = await PostgresStore.open(url);
    try {
      const result = await benchIngest(store, opts);
      printIngest(result);
      return result;
    } finally {
      await store.close();
    }
  } finally {
    await dropTestSchemas([url]);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchPostgresIngest(ingestOptionsFromArgs(process.argv.slice(2)));
}
