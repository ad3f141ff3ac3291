/**
 * PostgreSQL store throughput: 1,000,000 generated rows (BENCH_ROWS) through appendBatch (COPY)
 * into a fresh schema, dropped afterwards. Server: LOGTRACK_BENCH_PG, else LOGTRACK_TEST_PG, else
 * the local test database. The whole ingest targets ≥ 150,000 lines/s; the store part must be well above.
 */
import { PostgresStore } from '../src/store/postgres/store.js';
import { createTestSchema, dropTestSchemas } from '../src/store/postgres/testing.js';
import { appendFigures, DEFAULT_APPEND_BENCH, measureAppend, type AppendBenchOptions } from './store-append.js';
import { emitFigures, type Figure } from './util.js';

const BENCH_PG = process.env.LOGTRACK_BENCH_PG ?? process.env.LOGTRACK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function benchPostgresIngest(opts: AppendBenchOptions = DEFAULT_APPEND_BENCH): Promise<Figure[]> {
  const url = await createTestSchema(BENCH_PG);
  try {
    const store = await PostgresStore.open(url);
    try {
      return appendFigures('postgres', opts, await measureAppend(store, opts));
    } finally {
      await store.close();
    }
  } finally {
    await dropTestSchemas([url]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) emitFigures(await benchPostgresIngest());
