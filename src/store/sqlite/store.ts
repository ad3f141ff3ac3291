/**
 * The embedded SQLite backend: one file, WAL mode, several processes may share it. Queries go
 * through Kysely; the bulk paths use raw prepared statements inside one IMMEDIATE transaction per
 * batch (Kysely per-row inserts measured 15x slower).
 */
import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrate } from '../migrations/index.js';
import { BaseStore } from '../base-store.js';
import type { Database } from '../schema.js';
import { json } from '../rows.js';
import type { AppendBatch, AppendOutcome, Checkpoint, TemplateUpsert } from '../store.js';

type Statement = BetterSqlite3.Statement;

export class SqliteStore extends BaseStore {
  readonly backend = 'sqlite' as const;
  private readonly stmts: Record<'insertLog' | 'insertReject' | 'getCheckpoint' | 'putCheckpoint' | 'upsertTemplate' | 'templateId' | 'addVolume', Statement>;

  /** Statements are prepared here, so the schema must be migrated before construction. */
  private constructor(readonly location: string, private readonly raw: BetterSqlite3.Database, db: Kysely<Database>) {
    super(db);
    this.stmts = {
      insertLog: raw.prepare(
        `insert into logs (ts, service, host, level, raw_level, user_name, message, attrs, template_id, params, src_file, src_line, src_offset)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertReject: raw.prepare(`insert into rejects (reason, raw, src_file, src_line, src_offset, created_at) values (?, ?, ?, ?, ?, ?)`),
      getCheckpoint: raw.prepare(`select offset from checkpoints where key = ?`),
      putCheckpoint: raw.prepare(
        `insert into checkpoints (key, path, offset, line, size, updated_at) values (?, ?, ?, ?, ?, ?)
         on conflict (key) do update set path = excluded.path, offset = excluded.offset, line = excluded.line, size = excluded.size, updated_at = excluded.updated_at`,
      ),
      upsertTemplate: raw.prepare(
        `insert into templates (key, service, text, example, count, first_seen, last_seen) values (?, ?, ?, ?, ?, ?, ?)
         on conflict (key) do update set text = case when templates.frozen = 1 then templates.text else excluded.text end,
           count = templates.count + excluded.count,
           first_seen = min(templates.first_seen, excluded.first_seen), last_seen = max(templates.last_seen, excluded.last_seen)
         returning id`,
      ),
      templateId: raw.prepare(`select id from templates where key = ?`),
      addVolume: raw.prepare(
        `insert into template_volume (template_id, minute, count) values (?, ?, ?)
         on conflict (template_id, minute) do update set count = template_volume.count + excluded.count`,
      ),
    };
  }

  /** Open (creating if needed) a database file and bring its schema up to date. */
  static async open(path: string): Promise<SqliteStore> {
    const raw = new BetterSqlite3(path);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('busy_timeout = 10000');
    raw.pragma('cache_size = -65536');
    raw.pragma('temp_store = MEMORY');
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
    const s = this.stmts;
    const run = this.raw.transaction((): AppendOutcome => {
      const cp = batch.checkpoint;
      if (cp) {
        const current = s.getCheckpoint.get(cp.key) as { offset: number } | undefined;
        if ((current?.offset ?? 0) !== (batch.expectOffset ?? 0)) {
          return { kind: 'conflict', current: this.readCheckpointSync(cp.key) };
        }
      }
      const ids: number[] = new Array(batch.rows.length);
      for (let i = 0; i < batch.rows.length; i++) {
        const r = batch.rows[i]!;
        const info = s.insertLog.run(
          r.ts, r.service, r.host ?? null, r.level, r.rawLevel ?? null, r.user ?? null, r.message,
          json(r.attrs ?? {}), r.templateId, json(r.params ?? []), r.source.file, r.source.line, r.source.offset,
        );
        ids[i] = Number(info.lastInsertRowid);
      }
      const now = Date.now();
      for (const rej of batch.rejects) s.insertReject.run(rej.reason, rej.raw, rej.source.file, rej.source.line, rej.source.offset, now);
      if (cp) s.putCheckpoint.run(cp.key, cp.path, cp.offset, cp.line, cp.size, now);
      return { kind: 'stored', ids };
    });
    return run.immediate();
  }

  private readCheckpointSync(key: string): Checkpoint | null {
    const r = this.raw.prepare(`select * from checkpoints where key = ?`).get(key) as Record<string, number | string> | undefined;
    if (!r) return null;
    return { key, path: String(r.path), offset: Number(r.offset), line: Number(r.line), size: Number(r.size), updatedAt: Number(r.updated_at) };
  }

  async upsertTemplates(items: TemplateUpsert[]): Promise<number[]> {
    const s = this.stmts;
    const run = this.raw.transaction(() =>
      items.map((t) => {
        const row = s.upsertTemplate.get(t.key, t.service, t.text, t.example, t.countDelta, t.firstSeen, t.lastSeen) as { id: number } | undefined;
        return Number(row?.id ?? (s.templateId.get(t.key) as { id: number }).id);
      }),
    );
    return run.immediate();
  }

  async addTemplateVolume(items: { templateId: number; minute: number; count: number }[]): Promise<void> {
    const s = this.stmts;
    this.raw.transaction(() => {
      for (const v of items) s.addVolume.run(v.templateId, v.minute, v.count);
    }).immediate();
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
    await this.db.destroy();
  }
}
