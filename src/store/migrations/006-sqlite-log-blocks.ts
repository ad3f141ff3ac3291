/**
 * SQLite only: the logs table's three key indexes, (service, ts), (service, level, id) and
 * (template_id, id), give way to a block-level skip index, `log_block_keys` (see
 * ../log-blocks.ts for what a block is and the invariants its queries rely on). logs_ts stayed, until 008.
 * PostgreSQL got its own indexes (005), then the same blocks (007).
 *
 * The backfill cuts the existing rows into chunks of BLOCK_SPAN ids and writes one block per key and
 * chunk, so an existing database answers every query as before. It reads the logs table once
 * (grouped into a temporary table by chunk and every key column), then derives each kind's blocks
 * from that much smaller table. The keys are built as log-blocks.ts builds them.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { BLOCK_SPAN } from '../log-blocks.js';
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
  await backfill(db, BLOCK_SPAN, dialect);
}

/** Shared with 007 (PostgreSQL), and exported for the tests, which backfill with small chunks. */
export async function backfill(db: Kysely<unknown>, span: number, dialect: Dialect): Promise<void> {
  const unitSeparator = sql.raw(dialect === 'sqlite' ? 'char(31)' : 'chr(31)');
  const chunk = sql.lit(span);
  await sql`create temporary table log_block_backfill as
    select (id - 1) / ${chunk} as chunk, service, level, template_id,
           min(id) as first_id, max(id) as last_id, count(*) as n, min(ts) as ts_min, max(ts) as ts_max
    from logs group by 1, 2, 3, 4`.execute(db);
  const kinds: [kind: string, key: RawBuilder<unknown>, where: RawBuilder<unknown>][] = [
    ['sl', sql`service || ${unitSeparator} || level`, sql.raw('true')],
    ['s', sql.raw('service'), sql.raw('true')],
    ['l', sql.raw('level'), sql.raw('true')],
    ['t', sql.raw('cast(template_id as text)'), sql.raw('template_id is not null')],
  ];
  for (const [kind, key, where] of kinds) {
    await sql`insert into log_block_keys (kind, key, first_id, last_id, n, ts_min, ts_max)
      select ${sql.lit(kind)}, ${key}, min(first_id), max(last_id), sum(n), min(ts_min), max(ts_max)
      from log_block_backfill where ${where} group by chunk, ${key}`.execute(db);
  }
  // Every row's blocks (the time index, 008), one per chunk.
  await sql`insert into log_block_keys (kind, key, first_id, last_id, n, ts_min, ts_max)
    select 'a', '', min(first_id), max(last_id), sum(n), min(ts_min), max(ts_max)
    from log_block_backfill group by chunk`.execute(db);
  await sql`drop table log_block_backfill`.execute(db);
}
