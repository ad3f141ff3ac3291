/**
 * What a store answers without its block skip index: the row-scanning query and count, and a
 * GROUP BY over the rows for the per-service summaries. Tests hold the block queries to these.
 */
import { sql, type Kysely } from 'kysely';
import type { BaseStore } from '../base-store.js';
import type { ServiceSummary } from '../log-block-query.js';
import type { Database } from '../schema.js';
import type { LogPage, LogQuery, Store } from '../store.js';

export const byRows = {
  queryLogs(store: Store, q: LogQuery): Promise<LogPage> {
    return (store as BaseStore)['queryLogsByRows'](q);
  },

  async countLogs(store: Store, q: Pick<LogQuery, 'service' | 'since' | 'until'> = {}): Promise<number> {
    const db: Kysely<Database> = (store as BaseStore)['db'];
    let query = db.selectFrom('logs').select((eb) => eb.fn.countAll().as('n'));
    if (q.service) query = query.where('service', '=', q.service);
    if (q.since != null) query = query.where('ts', '>=', q.since);
    if (q.until != null) query = query.where('ts', '<', q.until);
    return Number((await query.executeTakeFirst())?.n ?? 0);
  },

  /** Ids of the rows with since <= ts < until (either bound optional), in id order. */
  async windowIds(store: Store, since?: number, until?: number): Promise<number[]> {
    const db: Kysely<Database> = (store as BaseStore)['db'];
    let query = db.selectFrom('logs').select('id');
    if (since != null) query = query.where('ts', '>=', since);
    if (until != null) query = query.where('ts', '<', until);
    return (await query.orderBy('id').execute()).map((r) => Number(r.id));
  },

  /** Store.volume's answer, by a GROUP BY over the rows. */
  async volume(store: Store, opts: { since?: number; until?: number; bucketMs: number; service?: string }) {
    const db: Kysely<Database> = (store as BaseStore)['db'];
    const bucket = sql<number>`(ts / ${sql.lit(opts.bucketMs)}) * ${sql.lit(opts.bucketMs)}`;
    let query = db.selectFrom('logs').select(['service', bucket.as('bucket'), (eb) => eb.fn.countAll().as('n'),
      sql<number>`sum(case when level in ('ERROR', 'FATAL') then 1 else 0 end)`.as('errors')]);
    if (opts.service) query = query.where('service', '=', opts.service);
    if (opts.since != null) query = query.where('ts', '>=', opts.since);
    if (opts.until != null) query = query.where('ts', '<', opts.until);
    const rows = await query.groupBy(['service', sql`2`]).orderBy(sql`2`).orderBy('service').execute();
    return rows.map((r) => ({ service: r.service, bucket: Number(r.bucket), count: Number(r.n), errors: Number(r.errors) }));
  },

  async services(store: Store): Promise<ServiceSummary[]> {
    const db: Kysely<Database> = (store as BaseStore)['db'];
    const { rows } = await sql<ServiceSummary>`
      select service, count(*) as "count", min(ts) as "firstTs", max(ts) as "lastTs" from logs group by service order by service`.execute(db);
    return rows.map((r) => ({ service: r.service, count: Number(r.count), firstTs: Number(r.firstTs), lastTs: Number(r.lastTs) }));
  },
};
