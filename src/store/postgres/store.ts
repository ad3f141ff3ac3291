/**
 * The PostgreSQL backend: a `pg` pool behind Kysely for the shared queries, COPY for bulk ingest,
 * single-statement upserts over `unnest` arrays for templates, and session advisory locks for
 * `withLock`. A `?schema=NAME` URL parameter keeps the whole store inside one schema.
 */
import pg from 'pg';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { BaseStore } from '../base-store.js';
import { migrate } from '../migrations/index.js';
import type { Database } from '../schema.js';
import type { AppendBatch, AppendOutcome, ScanLogsOptions, ScannedLog, TemplateUpsert } from '../store.js';
import { APPEND_LOCK, appendInTransaction, type AppendContext } from './append.js';
import type { ScanPlan } from '../log-block-query.js';
import { PgBlockReads } from './log-blocks.js';
import { scanLogs } from './log-scan.js';
import type { VolumeDelta } from './merge.js';
import { addVolumeOn, upsertTemplatesOn } from './template-writes.js';
import { clientConfig } from './connection.js';
import { parsePgUrl, type PgLocation } from './url.js';
import { WriterThread } from './writer.js';
import { toColumnBatch } from '../log-columns.js';

/**
 * Batches of at least this many rows go to the writer thread (started on the first one); after that
 * every batch does. Smaller ones alone cost less than the hand-over.
 */
export const THREAD_MIN_ROWS = 1000;

export interface PostgresOptions {
  /** Connections for queries and ingest. */
  poolSize: number;
  /** Connections dedicated to holding `withLock` locks (kept apart so a held lock never starves queries). */
  lockPoolSize: number;
}

export const DEFAULT_POSTGRES: PostgresOptions = { poolSize: 8, lockPoolSize: 4 };

export class PostgresStore extends BaseStore {
  readonly backend = 'postgres' as const;
  /**
   * Every commit costs about ten round trips and the server's work per statement, so batches that
   * queue up while the writer thread works commit together (batch-merge.ts), which takes more than
   * two in flight: 1,000,000 generic lines, same hour, 99–111k lines/s with two against 123–125k with
   * four (server CPU 5.2–5.9 s against 4.5 s; peak RSS about 60 MB more).
   */
  readonly appendsInFlight = 4;
  /** In-process queue per lock name: one waiting connection per name, however many callers wait. */
  private readonly lockQueues = new Map<string, Promise<unknown>>();
  private appendTail: Promise<unknown> = Promise.resolve();
  /** The writer thread, once the appends before it are stored (appends after it go to it in call order). */
  private writer: Promise<WriterThread> | null = null;
  /** Some batch committed without waiting for the WAL flush since the last flushCommits. */
  private unflushed = false;
  protected readonly blocks: PgBlockReads;

  private constructor(
    readonly location: string,
    db: Kysely<Database>,
    private readonly pool: pg.Pool,
    private readonly lockPool: pg.Pool,
    private readonly ctx: AppendContext,
    private readonly connection: Pick<PgLocation, 'connectionString' | 'schema'>,
  ) {
    super(db);
    this.blocks = new PgBlockReads(pool);
  }

  /** Connect, create the schema named in the URL if needed, and bring the tables up to date. */
  static async open(url: string, options: PostgresOptions = DEFAULT_POSTGRES): Promise<PostgresStore> {
    const parsed = parsePgUrl(url);
    if (parsed.kind === 'invalid') throw new Error(parsed.reason);
    const { schema, redacted } = parsed.location;
    const config: pg.PoolConfig = clientConfig(parsed.location);
    const pool = new pg.Pool({ ...config, max: options.poolSize });
    const lockPool = new pg.Pool({ ...config, max: options.lockPoolSize });
    // An idle connection dropped by the server is discarded by the pool; the next query reconnects.
    pool.on('error', () => undefined);
    lockPool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      const storeSchema = schema ?? (await pool.query<{ s: string | null }>('select current_schema() as s')).rows[0]?.s ?? 'public';
      await migrate(db as unknown as Kysely<unknown>, 'postgres', { schema: storeSchema });
      const seq = await pool.query<{ seq: string }>(`select pg_get_serial_sequence('logs', 'id') as seq`);
      const ctx = { lockSpace: storeSchema, logIdSequence: seq.rows[0]!.seq };
      return new PostgresStore(redacted, db, pool, lockPool, ctx, parsed.location);
    } catch (err) {
      await Promise.all([pool.end(), lockPool.end()]);
      throw new Error(`cannot open PostgreSQL store ${redacted}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  /**
   * Batches are applied in call order (the port's promise): each waits for the one before it. Bulk
   * ones are encoded and sent on the writer thread, and every batch after them too: handed over as
   * soon as it comes (once the batches before the thread started are stored), so the thread can
   * commit the ones that queue up while it works in one transaction (batch-merge.ts).
   */
  async appendBatch(batch: AppendBatch): Promise<AppendOutcome> {
    if (batch.checkpoint) this.unflushed = true;
    const columns = toColumnBatch(batch);
    if (!this.writer && batch.rows.length >= THREAD_MIN_ROWS) {
      const writer = WriterThread.start({ location: this.connection, ctx: this.ctx });
      this.writer = this.appendTail.then(() => writer);
    }
    const run = this.writer
      ? this.writer.then((w) => w.append(columns))
      : this.appendTail.then(() => this.transaction((client) => appendInTransaction(client, columns, this.ctx)));
    this.appendTail = run.catch(() => undefined);
    return run;
  }

  /** Merges wait for the append lock: an append upserting the same templates in another order deadlocked with them. */
  protected override async beforeTemplateMerge(trx: Transaction<Database>): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${this.ctx.lockSpace}), hashtext(${APPEND_LOCK}))`.execute(trx);
  }

  protected scanPages(plan: ScanPlan, opts: ScanLogsOptions): AsyncIterable<ScannedLog[]> {
    return scanLogs(this.pool, plan, opts);
  }

  async upsertTemplates(items: TemplateUpsert[]): Promise<number[]> {
    return upsertTemplatesOn(this.pool, items);
  }

  async addTemplateVolume(items: VolumeDelta[]): Promise<void> {
    await addVolumeOn(this.pool, items);
  }

  /**
   * A session-level advisory lock keyed by (schema, name), held on a connection of its own for the
   * duration of `fn`. The server drops it if this process dies, so a crash never leaves it stuck.
   * Not reentrant: a holder asking again for the name it holds waits for itself.
   */
  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.lockQueues.get(name) ?? Promise.resolve();
    const run = previous.then(() => this.holdLock(name, fn));
    const tail = run.catch(() => undefined);
    this.lockQueues.set(name, tail);
    try {
      return await run;
    } finally {
      if (this.lockQueues.get(name) === tail) this.lockQueues.delete(name);
    }
  }

  private async holdLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.lockPool.connect();
    let broken: Error | undefined;
    try {
      await client.query('select pg_advisory_lock(hashtext($1), hashtext($2))', [this.ctx.lockSpace, name]);
      try {
        return await fn();
      } finally {
        await client.query('select pg_advisory_unlock(hashtext($1), hashtext($2))', [this.ctx.lockSpace, name]).catch((err: Error) => {
          broken = err;
        });
      }
    } finally {
      // A connection whose unlock failed may still hold the lock: destroy it rather than reuse it.
      client.release(broken ?? false);
    }
  }

  /** Wait until every commit so far is on disk, those that did not wait for it included (see append.ts). */
  async flushCommits(): Promise<void> {
    this.unflushed = false;
    // A commit waits for the WAL flush through its own commit record (which comes after every earlier
    // commit) only if the transaction wrote WAL under a transaction id: a transactional logical
    // message does both and touches no table (`select txid_current()` alone does not wait).
    await this.pool.query(`select pg_logical_emit_message(true, 'logtrack', 'flush')`);
  }

  /** Flushes first (an error then means the last batches may not be durable), and closes the pools whatever happens. */
  async close(): Promise<void> {
    try {
      if (this.unflushed) await this.appendTail.then(() => this.flushCommits());
    } finally {
      await (await this.writer)?.close();
      await this.db.destroy();
      await this.lockPool.end();
    }
  }

  private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch((rollbackErr: Error) => {
        broken = rollbackErr;
      });
      throw err;
    } finally {
      client.release(broken ?? false);
    }
  }
}
