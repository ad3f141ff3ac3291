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

  countLogs(store: Store, q: Pick<LogQuery, 'service' | 'since' | 'until'> = {}): Promise<number> {
    return (store as BaseStore)['countLogsByRows'](q);
  },

  async services(store: Store): Promise<ServiceSummary[]> {
    const db: Kysely<Database> = (store as BaseStore)['db'];
    const { rows } = await sql<ServiceSummary>`
      select service, count(*) as "count", min(ts) as "firstTs", max(ts) as "lastTs" from logs group by service order by service`.execute(db);
    return rows.map((r) => ({ service: r.service, count: Number(r.count), firstTs: Number(r.firstTs), lastTs: Number(r.lastTs) }));
  },
};
