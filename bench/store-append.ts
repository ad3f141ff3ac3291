/**
 * The store half of ingest, measured alone: generated records appended in batches through
 * `appendBatch`, each batch with its checkpoint compare-and-swap, as the pipeline does.
 */
import type { Level } from '../src/domain/index.js';
import type { AppendBatch, Store } from '../src/store/store.js';
import type { Figure } from './util.js';

export interface AppendBenchOptions {
  rows: number;
  batchSize: number;
}

export const DEFAULT_APPEND_BENCH: AppendBenchOptions = { rows: Number(process.env.BENCH_ROWS ?? 1_000_000), batchSize: 5000 };

export interface AppendBenchResult {
  /** Time spent inside appendBatch. */
  storeSeconds: number;
  /** Rows per second of store time. */
  rowsPerSecond: number;
}

const SERVICES = ['api', 'auth', 'db', 'worker', 'web'];
const LEVELS: Level[] = ['INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
const LINE_BYTES = 160;

/** One batch of realistic-looking records starting at line `first` (deterministic). */
export function makeBatch(first: number, count: number, expectOffset: number): AppendBatch {
  const rows: AppendBatch['rows'] = new Array(count);
  for (let i = 0; i < count; i++) {
    const n = first + i;
    const service = SERVICES[n % SERVICES.length]!;
    rows[i] = {
      ts: 1_705_320_000_000 + n * 7,
      service,
      host: `node-${n % 17}`,
      level: LEVELS[n % LEVELS.length]!,
      rawLevel: 'info',
      user: n % 3 ? `user${n % 1000}` : undefined,
      message: `GET /api/v1/orders/${n % 9973} completed status=${200 + (n % 5)} in ${n % 997}ms for client 10.0.${n % 256}.${n % 200}`,
      attrs: { requestId: `req-${n.toString(16)}`, bytes: n % 65_536, path: `/api/v1/orders/${n % 9973}` },
      source: { file: '/var/log/bench.log', line: n, offset: (n - 1) * LINE_BYTES },
      templateId: (n % 40) + 1,
      params: [String(n % 9973), String(200 + (n % 5)), String(n % 997)],
    };
  }
  const offset = (first - 1 + count) * LINE_BYTES;
  return {
    rows,
    rejects: [],
    checkpoint: { key: 'bench', path: '/var/log/bench.log', offset, line: first - 1 + count, size: offset, updatedAt: 0 },
    expectOffset,
  };
}

/** Append `opts.rows` generated rows in batches into `store` (which must be empty). */
export async function measureAppend(store: Store, opts: AppendBenchOptions = DEFAULT_APPEND_BENCH): Promise<AppendBenchResult> {
  let storeMs = 0;
  let offset = 0;
  for (let first = 1; first <= opts.rows; first += opts.batchSize) {
    const batch = makeBatch(first, Math.min(opts.batchSize, opts.rows - first + 1), offset);
    const start = performance.now();
    const out = await store.appendBatch(batch);
    storeMs += performance.now() - start;
    if (out.kind !== 'stored') throw new Error(`unexpected checkpoint conflict at line ${first}`);
    offset = batch.checkpoint!.offset;
  }
  return { storeSeconds: storeMs / 1000, rowsPerSecond: Math.round((opts.rows * 1000) / storeMs) };
}

/** The figures of one backend's run, in the shape bench/util.ts reports. */
export function appendFigures(backend: string, opts: AppendBenchOptions, r: AppendBenchResult): Figure[] {
  const bench = `store append (${backend})`;
  return [
    { bench, metric: `rows/s over ${opts.rows} rows, batches of ${opts.batchSize}`, value: r.rowsPerSecond, unit: 'rows/s', target: '≥ 150000' },
    { bench, metric: 'seconds in appendBatch', value: Number(r.storeSeconds.toFixed(2)), unit: 's' },
  ];
}
