/**
 * The store half of ingest, measured alone: generated records appended in batches through
 * `appendBatch`, each batch with its checkpoint compare-and-swap, as the pipeline does.
 */
import type { Level } from '../src/domain/index.js';
import type { AppendBatch, Store } from '../src/store/store.js';

export interface IngestBenchOptions {
  rows: number;
  batchSize: number;
}

export const DEFAULT_INGEST_BENCH: IngestBenchOptions = { rows: 1_000_000, batchSize: 5000 };

export interface IngestBenchResult {
  backend: string;
  rows: number;
  batchSize: number;
  /** Time spent inside appendBatch. */
  storeSeconds: number;
  /** Rows per second of store time. */
  rowsPerSecond: number;
}

const SERVICES = ['api', 'auth', 'db', 'worker', 'web'];
const LEVELS: Level[] = ['INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
const LINE_BYTES = 160;

/** One batch of realistic-looking records starting at line `first` (deterministic). */
function makeBatch(first: number, count: number, expectOffset: number): AppendBatch {
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

export async function benchIngest(store: Store, opts: IngestBenchOptions = DEFAULT_INGEST_BENCH): Promise<IngestBenchResult> {
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
  const storeSeconds = storeMs / 1000;
  return { backend: store.backend, rows: opts.rows, batchSize: opts.batchSize, storeSeconds, rowsPerSecond: Math.round(opts.rows / storeSeconds) };
}

export function printIngest(r: IngestBenchResult): void {
  console.log(
    `store ingest (${r.backend}): ${r.rows.toLocaleString('en')} rows in batches of ${r.batchSize} — ` +
      `${r.storeSeconds.toFixed(2)} s in appendBatch, ${r.rowsPerSecond.toLocaleString('en')} rows/s`,
  );
}

/** Parse `--rows N --batch N` from argv over the defaults. */
export function ingestOptionsFromArgs(argv: string[]): IngestBenchOptions {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    const n = i >= 0 ? Number(argv[i + 1]) : NaN;
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  return { rows: value('--rows') ?? DEFAULT_INGEST_BENCH.rows, batchSize: value('--batch') ?? DEFAULT_INGEST_BENCH.batchSize };
}
