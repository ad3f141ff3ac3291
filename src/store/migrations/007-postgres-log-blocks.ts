/**
 * PostgreSQL only: the logs table's (template_id) and (service, level) btrees (005) give way to the
 * block skip index SQLite has had since 006 (../log-blocks.ts), backfilled the same way. logs_ts
 * stayed (until 008), and both backends now answer service, level and template queries and counts alike
 * (../log-block-query.ts).
 *
 * Why: per-row index entries were most of the server's CPU per stored line. 1,000,000 generic lines
 * ingested end to end (same hour, alternating runs): server CPU 6.9–8.8 s with the two btrees,
 * 4.2–6.0 s without them; a batch's blocks are a few dozen rows.
 *
 * key and kind compare in the "C" collation, as service and level do (005): bytes, as SQLite's
 * BINARY, so per-service summaries come out in the same order on both backends.
 */
import { sql, type Kysely } from 'kysely';
import { BLOCK_SPAN } from '../log-blocks.js';
import { backfill } from './006-sqlite-log-blocks.js';
import type { Dialect } from './index.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`create table log_block_keys (
    kind text collate "C" not null, key text collate "C" not null, first_id bigint not null, last_id bigint not null,
    n bigint not null, ts_min bigint not null, ts_max bigint not null,
    primary key (kind, key, first_id)
  )`.execute(db);
  await backfill(db, BLOCK_SPAN, dialect);
  for (const name of ['logs_template_only', 'logs_service_level']) await db.schema.dropIndex(name).ifExists().execute();
}
