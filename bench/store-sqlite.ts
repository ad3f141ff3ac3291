/**
 * SQLite store throughput, to compare with bench/store-postgres.ts: 1,000,000 generated rows
 * (BENCH_ROWS) through appendBatch into a fresh database file, removed afterwards.
 *
 * Beside it, SQLite's own floor for the same rows: they are inserted straight through better-sqlite3
 * into a freshly migrated file (the same table, the same ts index, the same pragmas, 50-row
 * statements with the values bound as arguments, one transaction per batch), with nothing else of
 * appendBatch (no columns, no writer thread, no block index, templates or checkpoint). Only the
 * inserts are timed, in CPU time. No ingest into a row-per-line SQLite table can go below it:
 * at 300,000 lines/s on two cores, everything (read, decode, mine, store) has 6.7 µs of CPU a line.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { LOG_INSERT_COLUMNS, LOG_VALUES_PER_ROW } from '../src/store/log-columns.js';
import { attrsJson, paramsJson } from '../src/store/row-json.js';
import { configureConnection, ROWS_PER_STATEMENT } from '../src/store/sqlite/log-appender.js';
import { SqliteStore } from '../src/store/sqlite/store.js';
import { appendFigures, DEFAULT_APPEND_BENCH, makeBatch, measureAppend, type AppendBenchOptions } from './store-append.js';
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

/** CPU seconds SQLite (through better-sqlite3) takes to insert the bench's rows, and nothing else. */
export async function measureInsertFloor(opts: AppendBenchOptions = DEFAULT_APPEND_BENCH): Promise<number> {
  const dir = tempDir('store-sqlite-floor');
  try {
    const path = join(dir, 'floor.db');
    await (await SqliteStore.open(path)).close(); // migrated: the logs table and its indexes as the store has them
    const raw = new BetterSqlite3(path);
    configureConnection(raw, 16);
    const tuple = `(${new Array(LOG_VALUES_PER_ROW).fill('?').join(', ')})`;
    const insert = raw.prepare(`insert or rollback into logs (${LOG_INSERT_COLUMNS}) values ${new Array(ROWS_PER_STATEMENT).fill(tuple).join(', ')}`);
    const run = raw.transaction((values: unknown[]) => {
      for (let at = 0; at < values.length; at += ROWS_PER_STATEMENT * LOG_VALUES_PER_ROW) insert.run(...values.slice(at, at + ROWS_PER_STATEMENT * LOG_VALUES_PER_ROW));
    });
    let cpuMicros = 0;
    for (let first = 1; first <= opts.rows; first += opts.batchSize) {
      // Whole statements only: the last rows that do not fill one are left out.
      const count = Math.floor(Math.min(opts.batchSize, opts.rows - first + 1) / ROWS_PER_STATEMENT) * ROWS_PER_STATEMENT;
      const values = makeBatch(first, count, 0).rows.flatMap((r) => [
        r.ts, r.service, r.host ?? null, r.level, r.rawLevel ?? null, r.user ?? null, r.message, attrsJson(r.attrs),
        r.templateId, paramsJson(r.params), r.source.file, r.source.line, r.source.offset,
      ]);
      const before = process.cpuUsage();
      run.immediate(values);
      const used = process.cpuUsage(before);
      cpuMicros += used.user + used.system;
    }
    raw.close();
    return cpuMicros / 1e6;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchSqliteIngest();
  const floorSeconds = await measureInsertFloor();
  figures.push({ bench: 'store append (sqlite)', metric: "SQLite's own floor: insert CPU per row", value: Number(((floorSeconds * 1e6) / DEFAULT_APPEND_BENCH.rows).toFixed(2)), unit: 'µs' });
  emitFigures(figures);
}
