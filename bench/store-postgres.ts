/**
 * PostgreSQL store throughput: 1,000,000 generated rows (BENCH_ROWS) through appendBatch (COPY)
 * into a fresh schema, dropped afterwards. Server: LOGTRACK_BENCH_PG, else LOGTRACK_TEST_PG, else
 * the local test database. The whole ingest targets ≥ 150,000 lines/s; the store part must be well above.
 *
 * Wall time is at the mercy of whatever else runs on the machine, so the CPU time per row is
 * reported too: this process's, and the server's when it runs here (every `postgres` process of
 * this machine, read from /proc: its backends, WAL writer and checkpointer alike).
 */
import { PostgresStore } from '../src/store/postgres/store.js';
import { createTestSchema, dropTestSchemas } from '../src/store/postgres/testing.js';
import { appendFigures, DEFAULT_APPEND_BENCH, measureAppend, type AppendBenchOptions } from './store-append.js';
import { postgresCpu, postgresCpuSince } from './pg-cpu.mjs';
import { emitFigures, type Figure } from './util.js';

const BENCH_PG = process.env.LOGTRACK_BENCH_PG ?? process.env.LOGTRACK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function benchPostgresIngest(opts: AppendBenchOptions = DEFAULT_APPEND_BENCH): Promise<Figure[]> {
  const url = await createTestSchema(BENCH_PG);
  try {
    const store = await PostgresStore.open(url);
    try {
      const server = postgresCpu();
      const client = process.cpuUsage();
      const result = await measureAppend(store, opts);
      const clientUs = process.cpuUsage(client);
      const serverSeconds = postgresCpuSince(server);
      const bench = 'store append (postgres)';
      const perRow = (seconds: number) => Number(((seconds * 1e6) / opts.rows).toFixed(2));
      return [
        ...appendFigures('postgres', opts, result),
        { bench, metric: 'client CPU per row (with making rows)', value: perRow((clientUs.user + clientUs.system) / 1e6), unit: 'µs' },
        ...(server.size ? [{ bench, metric: 'server CPU per row', value: perRow(serverSeconds), unit: 'µs' }] : []),
      ];
    } finally {
      await store.close();
    }
  } finally {
    await dropTestSchemas([url]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) emitFigures(await benchPostgresIngest());
