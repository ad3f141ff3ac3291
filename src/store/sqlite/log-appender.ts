/**
 * The SQLite write path of appendBatch on one connection: templates, rows, rejects and the
 * checkpoint compare-and-swap in one IMMEDIATE transaction. It runs on the store's own connection for small
 * batches and on the writer thread's connection for bulk ones (see ../append-thread.ts).
 *
 * Rows go in `INSERT OR ROLLBACK` statements of ROWS_PER_STATEMENT rows. Multi-row statements
 * cross from JavaScript into SQLite a fiftieth as often; `OR ROLLBACK` spares SQLite the statement
 * journal (a copy of every page a statement first touches, kept to undo just that statement):
 * a failed row must undo the whole batch anyway. Measured on 1,000,000 rows with the logs indexes:
 * 10.2 µs → 7.3 µs of CPU per row.
 *
 * The values are passed as arguments (`run(...values)`), not as one array: better-sqlite3 reads an
 * array's elements one by one through V8's generic property lookup, arguments directly. Measured
 * inserting 1,000,000 prebuilt rows into the logs table: 2.2–2.4 → 2.0 µs of CPU per row.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { AppendOutcome, Checkpoint } from '../store.js';
import { LOG_INSERT_COLUMNS, LOG_VALUES_PER_ROW, rowValues, type ColumnBatch, type LogColumns } from '../log-columns.js';
import { BatchKeys } from '../log-blocks.js';
import { BlockWriter } from './log-blocks.js';
import { TemplateWrites } from './template-writes.js';

export const ROWS_PER_STATEMENT = 50;

/** Position in rowValues' output (LOG_INSERT_COLUMNS order) of the row's resolved template id. */
const TEMPLATE_ID = 8;

/**
 * Page size of a new store file: 16 KiB rather than SQLite's 4. A batch's commit writes each page it
 * changed to the WAL and each checkpoint copies them to the file, one system call a page (227,000
 * writes for 1,000,000 generic lines at 4 KiB); the logs table only grows at its right edge, so larger
 * pages mean fewer of both. Measured on 1,000,000 generic lines, 3 alternating runs: the writer
 * thread's CPU 2.36–2.44 → 2.10–2.21 s (64 KiB: 2.12–2.44 s).
 */
export const PAGE_SIZE = 16_384;

/**
 * The pragmas every connection to a store file uses. `synchronous = NORMAL` is durable in WAL mode.
 * Page cache: 64 MiB for the store's own connection (queries over large tables); the writer thread
 * only appends (every index grows at a few right edges), and 16 MiB serves it as well: measured on
 * 300,000 generic lines, the same CPU per line and 60 MB less peak RSS than 64 MiB.
 */
export function configureConnection(raw: BetterSqlite3.Database, cacheMib = 64): void {
  // Takes effect only on a file that has no page yet (a new store); an existing store keeps its size.
  raw.pragma(`page_size = ${PAGE_SIZE}`);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('busy_timeout = 10000');
  raw.pragma(`cache_size = ${-1024 * cacheMib}`);
  raw.pragma('temp_store = MEMORY');
}

export class LogAppender {
  private readonly insertMany: BetterSqlite3.Statement;
  private readonly insertOne: BetterSqlite3.Statement;
  private readonly insertReject: BetterSqlite3.Statement;
  private readonly getOffset: BetterSqlite3.Statement;
  private readonly getCheckpoint: BetterSqlite3.Statement;
  private readonly putCheckpoint: BetterSqlite3.Statement;
  private readonly templates: TemplateWrites;
  private readonly blocks: BlockWriter;
  private readonly keys = new BatchKeys();
  private readonly values: unknown[] = new Array(ROWS_PER_STATEMENT * LOG_VALUES_PER_ROW);
  private readonly run: BetterSqlite3.Transaction<(batch: ColumnBatch) => AppendOutcome>;

  /** The schema must be migrated before construction (statements are prepared here). */
  constructor(raw: BetterSqlite3.Database) {
    const tuple = `(${new Array(LOG_VALUES_PER_ROW).fill('?').join(', ')})`;
    const insert = (n: number) => `insert or rollback into logs (${LOG_INSERT_COLUMNS}) values ${new Array(n).fill(tuple).join(', ')}`;
    this.insertMany = raw.prepare(insert(ROWS_PER_STATEMENT));
    this.insertOne = raw.prepare(insert(1));
    this.templates = new TemplateWrites(raw);
    this.blocks = new BlockWriter(raw);
    this.insertReject = raw.prepare(`insert into rejects (reason, raw, src_file, src_line, src_offset, created_at) values (?, ?, ?, ?, ?, ?)`);
    this.getOffset = raw.prepare(`select offset from checkpoints where key = ?`);
    this.getCheckpoint = raw.prepare(`select * from checkpoints where key = ?`);
    this.putCheckpoint = raw.prepare(
      `insert into checkpoints (key, path, offset, line, size, updated_at) values (?, ?, ?, ?, ?, ?)
       on conflict (key) do update set path = excluded.path, offset = excluded.offset, line = excluded.line, size = excluded.size, updated_at = excluded.updated_at`,
    );
    this.run = raw.transaction((batch: ColumnBatch) => this.write(batch));
  }

  append(batch: ColumnBatch): AppendOutcome {
    return this.run.immediate(batch);
  }

  private write(batch: ColumnBatch): AppendOutcome {
    const cp = batch.checkpoint;
    if (cp) {
      const current = this.getOffset.get(cp.key) as { offset: number } | undefined;
      if ((current?.offset ?? 0) !== (batch.expectOffset ?? 0)) return { kind: 'conflict', current: this.readCheckpoint(cp.key) };
    }
    const templateIds = this.templates.touch(batch.templates ?? []);
    const ids = this.insertRows(batch.rows, templateIds);
    const now = Date.now();
    for (const rej of batch.rejects) this.insertReject.run(rej.reason, rej.raw, rej.source.file, rej.source.line, rej.source.offset, now);
    if (cp) this.putCheckpoint.run(cp.key, cp.path, cp.offset, cp.line, cp.size, now);
    return { kind: 'stored', ids, templateIds };
  }

  /**
   * Insert every row, and their keys' blocks (../log-blocks.ts); ids are consecutive, since this
   * transaction holds the write lock. The template id is read from the bound values, where the row's
   * template reference is already resolved.
   */
  private insertRows(cols: LogColumns, templateIds: number[]): number[] {
    const ids: number[] = new Array(cols.length);
    const values = this.values;
    const keys = this.keys;
    keys.clear(); // a batch that failed midway left its keys behind
    let i = 0;
    for (; i + ROWS_PER_STATEMENT <= cols.length; i += ROWS_PER_STATEMENT) {
      for (let j = 0, at = 0; j < ROWS_PER_STATEMENT; j++, at += LOG_VALUES_PER_ROW) {
        rowValues(cols, i + j, values, at, templateIds);
        keys.add(cols, i + j, values[at + TEMPLATE_ID] as number | null);
      }
      const last = Number(this.insertMany.run(...values).lastInsertRowid);
      for (let j = 0; j < ROWS_PER_STATEMENT; j++) ids[i + j] = last - ROWS_PER_STATEMENT + 1 + j;
    }
    const one = values.slice(0, LOG_VALUES_PER_ROW);
    for (; i < cols.length; i++) {
      rowValues(cols, i, one, 0, templateIds);
      keys.add(cols, i, one[TEMPLATE_ID] as number | null);
      ids[i] = Number(this.insertOne.run(...one).lastInsertRowid);
    }
    if (ids.length) this.blocks.write(keys.take(ids[0]!));
    return ids;
  }

  private readCheckpoint(key: string): Checkpoint | null {
    const r = this.getCheckpoint.get(key) as Record<string, number | string> | undefined;
    if (!r) return null;
    return { key, path: String(r.path), offset: Number(r.offset), line: Number(r.line), size: Number(r.size), updatedAt: Number(r.updated_at) };
  }
}
