/**
 * Template upserts and volume on one SQLite connection, synchronous: shared by the store's own
 * connection (`upsertTemplates`, `addTemplateVolume`) and the log appender, which writes a batch's
 * templates in the batch's transaction (on the writer thread for bulk ingest).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { TemplateTouch, TemplateUpsert } from '../store.js';

export class TemplateWrites {
  private readonly upsert: BetterSqlite3.Statement;
  private readonly idOf: BetterSqlite3.Statement;
  private readonly volume: BetterSqlite3.Statement;
  private readonly retire: BetterSqlite3.Statement;
  private readonly fold: BetterSqlite3.Statement;

  constructor(raw: BetterSqlite3.Database) {
    this.upsert = raw.prepare(
      `insert into templates (key, service, text, example, count, first_seen, last_seen) values (?, ?, ?, ?, ?, ?, ?)
       on conflict (key) do update set text = case when templates.frozen = 1 then templates.text else excluded.text end,
         count = templates.count + excluded.count,
         first_seen = min(templates.first_seen, excluded.first_seen), last_seen = max(templates.last_seen, excluded.last_seen)
       returning id`,
    );
    this.idOf = raw.prepare(`select id from templates where key = ?`);
    this.volume = raw.prepare(
      `insert into template_volume (template_id, minute, count) values (?, ?, ?)
       on conflict (template_id, minute) do update set count = template_volume.count + excluded.count`,
    );
    this.retire = raw.prepare(`update templates set merged_into = ? where key = ? and merged_into is null returning count, first_seen, last_seen`);
    this.fold = raw.prepare(`update templates set count = count + ?, first_seen = min(first_seen, ?), last_seen = max(last_seen, ?) where key = ?`);
  }

  /** Upsert each template (in a transaction the caller holds); their ids, in input order. */
  upsertAll(items: readonly TemplateUpsert[]): number[] {
    return items.map((t) => {
      const row = this.upsert.get(t.key, t.service, t.text, t.example, t.countDelta, t.firstSeen, t.lastSeen) as { id: number } | undefined;
      return Number(row?.id ?? (this.idOf.get(t.key) as { id: number }).id);
    });
  }

  addVolume(items: readonly { templateId: number; minute: number; count: number }[]): void {
    for (const v of items) this.volume.run(v.templateId, v.minute, v.count);
  }

  /**
   * Mark each template merged into another (in a transaction the caller holds): its count and
   * first/last seen fold into the survivor, once (a template already merged is left alone).
   */
  mergeAll(items: readonly { key: string; into: string }[]): void {
    for (const { key, into } of items) {
      const gone = this.retire.get(into, key) as { count: number; first_seen: number; last_seen: number } | undefined;
      if (gone) this.fold.run(gone.count, gone.first_seen, gone.last_seen, into);
    }
  }

  /** A batch's templates and their volume; their ids, in input order. */
  touch(items: readonly TemplateTouch[]): number[] {
    const ids = this.upsertAll(items);
    items.forEach((t, i) => {
      for (const v of t.volume) this.volume.run(ids[i], v.minute, v.count);
    });
    return ids;
  }
}
