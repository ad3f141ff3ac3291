/**
 * PostgreSQL only: logs indexes that serve the same API queries for about a third less ingest
 * cost. SQLite keeps its indexes (001–003).
 *
 * Server CPU per stored record, COPY of 1,000,000 generated records in batches of 5,000
 * (bench/store-postgres.ts, 2 cores shared with other work, so ±0.5 µs):
 *
 * - before: primary key + btrees on ts, (service, ts), (service, level, id), (template_id, id): 9.7 µs
 * - primary key alone: 2.8 µs
 * - after: primary key + ts + (template_id) + (service, level) in the "C" collation: 6.2 µs
 *
 * Why each choice:
 *
 * - id is left out of (template_id) and (service, level). A page of a common template or service
 *   is a short backwards primary-key scan (the planner's choice once the table is analyzed); a
 *   rare one reads its few rows through the index and sorts them. Without id, equal keys are
 *   deduplicated into posting lists: a much smaller index that splits pages far less often
 *   ((template_id, id) cost 1.75 µs a record, (template_id) 0.9 µs).
 * - (service, ts) is gone: a service in a time window reads the window through the ts index and
 *   filters the service (4.5 ms at 1,000,000 records). ts stays a btree: a BRIN index costs 0.45 µs
 *   a record less, but with it the planner scans the primary key backwards through every record
 *   after the window (100 ms for a window in the middle of 1,000,000 records).
 * - service and level compare in the "C" collation (bytes, as SQLite's BINARY does): a database
 *   created with a libc locale (C.UTF-8, en_US.UTF-8) otherwise compares every key through strcoll
 *   (the same index cost 1.7 µs a record instead of 1.1). Equality is unchanged; ordering by
 *   service now agrees with SQLite.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from './index.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const name of ['logs_service_ts', 'logs_service_level_id', 'logs_template_id']) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
  await sql`alter table logs alter column service type text collate "C", alter column level type text collate "C"`.execute(db);
  await db.schema.createIndex('logs_template_only').ifNotExists().on('logs').column('template_id').execute();
  await db.schema.createIndex('logs_service_level').ifNotExists().on('logs').columns(['service', 'level']).execute();
}
