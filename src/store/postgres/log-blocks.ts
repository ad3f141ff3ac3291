/**
 * PostgreSQL's side of the logs' block skip index (../log-blocks.ts): writing a batch's blocks in the
 * transaction that copies its rows, and the statements a block walk and the counts read with.
 */
import type { Selectable } from 'kysely';
import { BLOCK_SPAN, type KeyedBlock } from '../log-blocks.js';
import { rowFilter, type BlockIds, type BlockRange, type BlockReads, type CountedBlock, type IdHull, type ServiceSummary } from '../log-block-query.js';
import type { LogsTable } from '../schema.js';
import type { LogQuery } from '../store.js';
import { pgText } from './pg-text.js';
import type { Queryable } from './template-writes.js';

/**
 * Write a batch's blocks inside the caller's transaction, which holds the append lock (append.ts):
 * no other writer moves a key's latest block meanwhile. The rule is SQLite's BlockWriter's, for all
 * of the batch's keys in one statement: a key's block extends the key's latest block when the result
 * still spans fewer than `span` ids (and lies wholly after it), else it is inserted as a new block.
 *
 * The latest block is found per key (a lateral probe) before the update: put as a correlated
 * subquery in the update's WHERE, the planner hashed the whole table on every batch (10 ms a batch
 * of 58 keys at 1,000,000 rows and growing, against 1 ms).
 *
 * Keys are stored as the rows' text is (NUL replaced, as the COPY writer replaces it): the separator
 * of a (service, level) key is not NUL, so replacing in the whole key is replacing in each part.
 */
export async function writeBlocks(q: Queryable, blocks: readonly KeyedBlock[], span = BLOCK_SPAN): Promise<void> {
  if (blocks.length === 0) return;
  await q.query(
    `with b (kind, key, first_id, last_id, n, ts_min, ts_max) as (
       select * from unnest($1::text[], $2::text[], $3::int8[], $4::int8[], $5::int8[], $6::int8[], $7::int8[])
     ),
     -- Each key's latest block, one backwards primary-key probe per key, kept where the batch's block extends it.
     target as (
       select b.*, latest.first_id as into_first
       from b cross join lateral (
         select t.first_id, t.last_id from log_block_keys t where t.kind = b.kind and t.key = b.key order by t.first_id desc limit 1
       ) latest
       where latest.last_id < b.first_id and b.last_id - latest.first_id < ${Number(span)}
     ),
     extended as (
       update log_block_keys t
       set last_id = g.last_id, n = t.n + g.n, ts_min = least(t.ts_min, g.ts_min), ts_max = greatest(t.ts_max, g.ts_max)
       from target g
       where t.kind = g.kind and t.key = g.key and t.first_id = g.into_first
     )
     insert into log_block_keys (kind, key, first_id, last_id, n, ts_min, ts_max)
     select b.* from b where not exists (select 1 from target g where g.kind = b.kind and g.key = b.key)`,
    [
      blocks.map((b) => b.kind), blocks.map((b) => pgText(b.key)), blocks.map((b) => b.firstId), blocks.map((b) => b.lastId),
      blocks.map((b) => b.n), blocks.map((b) => b.tsMin), blocks.map((b) => b.tsMax),
    ],
  );
}

/** Row filters after `id >= $1 and id <= $2`. */
const DIALECT = { placeholder: (n: number) => `$${n + 2}`, like: 'ilike' } as const;

const BLOCKS = `from log_block_keys where kind = $1 and key = $2 and ts_max >= $3 and ts_min < $4`;

/** Each read is one query on the store's pool. */
export class PgBlockReads implements BlockReads {
  constructor(private readonly db: Queryable) {}

  async below(r: BlockRange, hi: number, limit: number): Promise<BlockIds[]> {
    return this.all<BlockIds>(`select first_id, last_id ${BLOCKS} and first_id < $5 order by first_id desc limit $6`, [r.kind, r.key, r.since, r.until, hi, limit]);
  }

  async above(r: BlockRange, lo: number, limit: number): Promise<BlockIds[]> {
    return this.all<BlockIds>(`select first_id, last_id ${BLOCKS} and first_id > $5 order by first_id limit $6`, [r.kind, r.key, r.since, r.until, lo, limit]);
  }

  async straddling(r: BlockRange, lo: number): Promise<BlockIds | undefined> {
    const rows = await this.all<BlockIds>(`select first_id, last_id ${BLOCKS} and first_id <= $5 order by first_id desc limit 1`, [r.kind, r.key, r.since, r.until, lo]);
    return rows[0];
  }

  async rows(q: LogQuery, from: number, to: number, order: 'asc' | 'desc', limit: number): Promise<Selectable<LogsTable>[]> {
    const { sql, params } = rowFilter(q, DIALECT);
    return this.all<Selectable<LogsTable>>(
      `select * from logs where id >= $1 and id <= $2${sql} order by id ${order === 'asc' ? 'asc' : 'desc'} limit $${params.length + 3}`,
      [from, to, ...params, limit],
    );
  }

  async counted(r: BlockRange): Promise<CountedBlock[]> {
    return this.all<CountedBlock>(`select first_id, last_id, n, ts_min, ts_max ${BLOCKS}`, [r.kind, r.key, r.since, r.until]);
  }

  async idHull(r: BlockRange): Promise<IdHull | null> {
    const rows = await this.all<{ lo: number | null; hi: number | null }>(`select min(first_id) as lo, max(last_id) as hi ${BLOCKS}`, [r.kind, r.key, r.since, r.until]);
    const hull = rows[0]!;
    return hull.lo === null || hull.hi === null ? null : { lo: hull.lo, hi: hull.hi };
  }

  async countRows(service: string | null, from: number, to: number, since: number, until: number): Promise<number> {
    const count = `select count(*) as n from logs where id >= $1 and id <= $2 and ts >= $3 and ts < $4`;
    const rows = await this.all<{ n: number }>(service === null ? count : `${count} and service = $5`, service === null ? [from, to, since, until] : [from, to, since, until, service]);
    return rows[0]!.n;
  }

  /** Every row has exactly one level, so the level blocks count every row once. */
  async total(): Promise<number> {
    const rows = await this.all<{ n: number }>(`select coalesce(sum(n), 0)::int8 as n from log_block_keys where kind = 'l'`, []);
    return rows[0]!.n;
  }

  async summaries(): Promise<ServiceSummary[]> {
    return this.all<ServiceSummary>(
      `select key as service, sum(n)::int8 as count, min(ts_min) as "firstTs", max(ts_max) as "lastTs"
       from log_block_keys where kind = 's' group by key order by key`,
      [],
    );
  }

  private async all<R extends object>(text: string, values: unknown[]): Promise<R[]> {
    return (await this.db.query<R>(text, values)).rows;
  }
}
