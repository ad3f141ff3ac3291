/**
 * SQLite only: the logs table's three key indexes, (service, ts), (service, level, id) and
 * (template_id, id), give way to a block-level skip index, `log_block_keys` (see
 * sqlite/log-blocks.ts for what a block is and the invariants its queries rely on). logs_ts stays.
 * PostgreSQL keeps its own indexes (005).
 *
 * The backfill cuts the existing rows into chunks of BLOCK_SPAN ids and writes one block per key and
 * chunk, so an existing database answers every query as before. It reads the logs table once
 * (grouped into a temporary table by chunk and every key column), then derives each kind's blocks
 * from that much smaller table. The keys are built as log-blocks.ts builds them.
 */
import { sql, type Kysely } from 'kysely';
import { BLOCK_SPAN } from '../sqlite/log-blocks.js';
import type { Dialect } from './index.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  for (const name of ['logs_service_ts', 'logs_service_level_id', 'logs_template_id']) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
  // Without rowid: the rows are the primary key's btree, and "the blocks of a key below id X,
  // newest first" is one backwards range scan of it.
  await sql`create table log_block_keys (
    kind text not null, key text not null, first_id integer not null, last_id integer not null,
    n integer not null, ts_min integer not null, ts_max integer not null,
    primary key (kind, key, first_id)
  ) without rowid`.execute(db);
  await backfill(db, BLOCK_SPAN);
}

/** Exported for the tests, which backfill with small chunks. */
export async function backfill(db: Kysely<unknown>, span: number): Promise<void> {
  const chunk = sql.lit(span);
  await sql`create temporary table log_block_backfill as
    select (id - 1) / ${chunk} as chunk, service, level, template_id,
           min(id) as first_id, max(id) as last_id, count(*) as n, min(ts) as ts_min, max(ts) as ts_max
    from logs group by 1, 2, 3, 4`.execute(db);
  const kinds: [kind: string, key: ReturnType<typeof sql.raw>, where: ReturnType<typeof sql.raw>][] = [
    ['sl', sql.raw('service || char(31) || level'), sql.raw('1')],
    ['s', sql.raw('service'), sql.raw('1')],
    ['l', sql.raw('level'), sql.raw('1')],
    ['t', sql.raw('cast(template_id as text)'), sql.raw('template_id is not null')],
  ];
  for (const [kind, key, where] of kinds) {
    await sql`insert into log_block_keys (kind, key, first_id, last_id, n, ts_min, ts_max)
      select ${kind}, ${key}, min(first_id), max(last_id), sum(n), min(ts_min), max(ts_max)
      from log_block_backfill where ${where} group by chunk, ${key}`.execute(db);
  }
  await sql`drop table log_block_backfill`.execute(db);
}
