/**
 * The embedded SQLite backend: one file, WAL mode, several processes may share it. Queries go
 * through Kysely; the bulk paths use raw prepared statements inside one IMMEDIATE transaction per
 * batch (Kysely per-row inserts measured 15x slower). Bulk appends run on a writer thread with its
 * own connection (see writer.ts), small ones on this connection.
 */
import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrate } from '../migrations/index.js';
import { BaseStore } from '../base-store.js';
import type { Database } from '../schema.js';
import type { AppendBatch, AppendOutcome, ScanLogsOptions, ScannedLog, TemplateUpsert } from '../store.js';
import { configureConnection, LogAppender } from './log-appender.js';
import { toColumnBatch } from '../log-columns.js';
import type { ScanPlan } from '../log-block-query.js';
import { SqliteBlockReads } from './log-blocks.js';
import { LogScanner } from './log-scan.js';
import { WriterThread } from './writer.js';
import { TemplateWrites } from './template-writes.js';


/**
 * Batches of at least this many rows go to the writer thread (started on the first one); after that
 * every batch does, so appends stay in order. Smaller ones alone cost less than the hand-over.
 */
export const THREAD_MIN_ROWS = 1000;

export class SqliteStore extends BaseStore {
  readonly backend = 'sqlite' as const;
  /**
   * Two keep the writer thread busy while the ingest prepares a third; more only cost memory and CPU
   * (1,000,000 generic lines: the same lines/s with four). With templates in the batch, two took
   * 1,000,000 generic lines from 58k to 91k lines/s (one batch in flight, templates written first).
   */
  readonly appendsInFlight = 2;
  private readonly templates: TemplateWrites;
  private readonly appender: LogAppender;
  private readonly scanner: LogScanner;
  protected readonly blocks: SqliteBlockReads;
  private writer: WriterThread | null = null;

  /** Statements are prepared here, so the schema must be migrated before construction. */
  private constructor(readonly location: string, private readonly raw: BetterSqlite3.Database, db: Kysely<Database>) {
    super(db);
    this.appender = new LogAppender(raw);
    this.scanner = new LogScanner(raw);
    this.templates = new TemplateWrites(raw);
    this.blocks = new SqliteBlockReads(raw);
  }

  /** Open (creating if needed) a database file and bring its schema up to date. */
  static async open(path: string): Promise<SqliteStore> {
    const raw = new BetterSqlite3(path);
    configureConnection(raw);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
    // Kysely takes no migration lock on SQLite: hold the write lock for the whole migration, so a
    // second process opening the file at the same moment waits, then finds nothing left to do.
    raw.exec('begin immediate');
    try {
      await migrate(db as unknown as Kysely<unknown>, 'sqlite');
      raw.exec('commit');
    } catch (err) {
      if (raw.inTransaction) raw.exec('rollback');
      raw.close();
      throw err;
    }
    return new SqliteStore(path, raw, db);
  }

  async appendBatch(batch: AppendBatch): Promise<AppendOutcome> {
    const columns = toColumnBatch(batch);
    if (!this.writer && batch.rows.length >= THREAD_MIN_ROWS && this.onDisk) this.writer = WriterThread.start(this.location);
    return this.writer ? this.writer.append(columns) : this.appender.append(columns);
  }

  protected async *scanPages(plan: ScanPlan, opts: ScanLogsOptions): AsyncIterable<ScannedLog[]> {
    yield* this.scanner.scan(plan, opts);
  }

  /** A second connection sees the same database only through a file. */
  private get onDisk(): boolean {
    return this.location !== '' && this.location !== ':memory:' && !this.location.startsWith('file::memory:');
  }

  async upsertTemplates(items: TemplateUpsert[]): Promise<number[]> {
    return this.raw.transaction(() => this.templates.upsertAll(items)).immediate();
  }

  async addTemplateVolume(items: { templateId: number; minute: number; count: number }[]): Promise<void> {
    this.raw.transaction(() => this.templates.addVolume(items)).immediate();
  }

  /**
   * On the raw connection in an IMMEDIATE transaction, like every other write: a deferred one that
   * reads first cannot take the write lock once the writer thread has committed since (SQLite
   * answers "database is locked" at once, without waiting), which happened mid-ingest.
   */
  override async markTemplatesMerged(items: { key: string; into: string }[]): Promise<void> {
    if (items.length) this.raw.transaction(() => this.templates.mergeAll(items)).immediate();
  }

  /**
   * A named lock shared by every process on this file: a row in `locks` with an owner and a lease.
   * Acquired in an IMMEDIATE transaction (SQLite serialises writers), renewed while held, and taken
   * over when its lease expired (its holder died). Each acquisition has its own owner id, so two
   * calls from one process exclude each other too.
   */
  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const leaseMs = 30_000;
    const owner = randomUUID();
    const tryAcquire = this.raw.transaction((now: number) => {
      const row = this.raw.prepare(`select expires_at from locks where name = ?`).get(name) as { expires_at: number } | undefined;
      if (row && row.expires_at > now) return false;
      this.raw.prepare(`insert into locks (name, owner, expires_at) values (?, ?, ?) on conflict (name) do update set owner = excluded.owner, expires_at = excluded.expires_at`)
        .run(name, owner, now + leaseMs);
      return true;
    });
    const deadline = Date.now() + 10 * 60_000;
    while (!tryAcquire.immediate(Date.now())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for the "${name}" lock held by another process`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const renew = setInterval(() => {
      this.raw.prepare(`update locks set expires_at = ? where name = ? and owner = ?`).run(Date.now() + leaseMs, name, owner);
    }, leaseMs / 3);
    renew.unref();
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      this.raw.prepare(`delete from locks where name = ? and owner = ?`).run(name, owner);
    }
  }

  async close(): Promise<void> {
    await this.writer?.close();
    await this.db.destroy();
  }
}
