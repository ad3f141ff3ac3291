/**
 * Both backends: the logs table's last per-row index but the primary key, logs_ts, gives way to the
 * blocks of key ALL_ROWS (../log-blocks.ts), which every row has: their time ranges map a time window
 * to the id ranges that can hold it. Time-window queries, counts, scans and volume read those ranges
 * through the primary key (../log-block-query.ts).
 *
 * Why: the ts btree was most of what the server still spent per stored line beyond the row itself.
 * PostgreSQL, 1,000,000 generic lines ingested end to end, same hour, alternating runs: server CPU
 * 4.3–4.8 s with it, 3.2–3.9 s without; 115–129k lines/s against 133–163k. On SQLite the writer
 * thread saves a few tenths of a second per million lines.
 *
 * The backfill deletes any ALL_ROWS blocks first: a database that reached 006 or 007 with this
 * release's code already has them.
 */
import { sql, type Kysely } from 'kysely';
import { BLOCK_SPAN } from '../log-blocks.js';
import type { Dialect } from './index.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`delete from log_block_keys where kind = 'a'`.execute(db);
  await sql`insert into log_block_keys (kind, key, first_id, last_id, n, ts_min, ts_max)
    select 'a', '', min(id), max(id), count(*), min(ts), max(ts) from logs group by (id - 1) / ${sql.lit(BLOCK_SPAN)}`.execute(db);
  await db.schema.dropIndex('logs_ts').ifExists().execute();
}
