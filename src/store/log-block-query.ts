/**
 * Log queries through the block skip index (log-blocks.ts): the blocks of the query's service,
 * level / minLevel or template, else every row's blocks (which also serve time windows). A page walks
 * the matching blocks in the page's order and runs the page's full filter inside their id ranges (a
 * primary-key range scan), until it has limit + 1 rows. Pages are the row-scanning query's pages exactly (BaseStore.queryLogsByRows):
 * the same filters on the same rows, ordered by id; the blocks only decide which id ranges are read.
 * Counts and per-service summaries come from the blocks' row counts.
 *
 * The walk is the same on both backends; each backend reads blocks and rows through its
 * `BlockReads` (sqlite/log-blocks.ts, postgres/log-blocks.ts).
 *
 * A list of `ids` is served by the row-scanning query: a short list of primary-key lookups.
 */
import type { Selectable } from 'kysely';
import { LEVELS } from '../domain/index.js';
import { decodeCursor, encodeCursor, escapeLike, rowToLog } from './rows.js';
import type { LogsTable } from './schema.js';
import type { LogPage, LogQuery, ScanLogsOptions } from './store.js';
import { ALL_ROWS, BLOCK_SPAN, serviceLevelKey, templateKey, type BlockKind } from './log-blocks.js';

export type LogQueryPlan = { kind: 'rows' } | { kind: 'blocks'; blockKind: BlockKind; keys: string[] };

/**
 * Which blocks drive a query: the template's if it names one (the rarest key, usually), else the
 * service's (with its levels when it names any), else the levels', else every row's. The other
 * filters then apply to the rows of those blocks. Walking every row's blocks rather than the whole
 * table keeps each read a primary-key range with a limit: PostgreSQL's planner, left with
 * `message ilike '%x%' order by id desc limit 101` over the whole table, sorts a full scan (3 s at
 * 1,000,000 rows) even when the first rows match.
 */
export function planLogQuery(q: LogQuery): LogQueryPlan {
  if (q.ids) return { kind: 'rows' };
  // The same level set the row query filters by (LEVELS.slice(indexOf) even for an unknown level).
  const levels: string[] | null = q.level ? [q.level] : q.minLevel ? LEVELS.slice(LEVELS.indexOf(q.minLevel)) : null;
  if (q.templateId != null && Number.isSafeInteger(q.templateId)) return { kind: 'blocks', blockKind: 't', keys: [templateKey(q.templateId)] };
  if (q.service) {
    return levels ? { kind: 'blocks', blockKind: 'sl', keys: levels.map((l) => serviceLevelKey(q.service!, l)) } : { kind: 'blocks', blockKind: 's', keys: [q.service] };
  }
  if (levels) return { kind: 'blocks', blockKind: 'l', keys: levels };
  return { kind: 'blocks', blockKind: 'a', keys: [ALL_ROWS] };
}

/** An id range, both ends included. */
export type Interval = [from: number, to: number];

export interface BlockIds {
  first_id: number;
  last_id: number;
}

export interface CountedBlock extends BlockIds {
  n: number;
  ts_min: number;
  ts_max: number;
}

export interface ServiceSummary {
  service: string;
  count: number;
  firstTs: number;
  lastTs: number;
}

/**
 * One key's blocks whose time range meets [since, until). Bounds are always finite numbers
 * (no ±Infinity: PostgreSQL's int8 has none).
 */
export interface BlockRange {
  kind: BlockKind;
  key: string;
  since: number;
  until: number;
}

/** What the walk and the counts read, one statement each; every backend implements it. */
export interface BlockReads {
  /** Blocks with first_id < hi, newest first, at most `limit`. */
  below(range: BlockRange, hi: number, limit: number): Promise<BlockIds[]>;
  /** Blocks with first_id > lo, oldest first, at most `limit`. */
  above(range: BlockRange, lo: number, limit: number): Promise<BlockIds[]>;
  /** The newest block with first_id <= lo, if any. */
  straddling(range: BlockRange, lo: number): Promise<BlockIds | undefined>;
  /** Rows with from <= id <= to passing every filter of `q` (but its cursor), in `order`, at most `limit`. */
  rows(q: LogQuery, from: number, to: number, order: 'asc' | 'desc', limit: number): Promise<Selectable<LogsTable>[]>;
  /** Every block of the range, with counts and times. */
  counted(range: BlockRange): Promise<CountedBlock[]>;
  /** The lowest first id and highest last id of the range's blocks; null when it has none. */
  idHull(range: BlockRange): Promise<IdHull | null>;
  /** Rows (of one service, unless null) with from <= id <= to and since <= ts < until. */
  countRows(service: string | null, from: number, to: number, since: number, until: number): Promise<number>;
  /** Rows in the table. */
  total(): Promise<number>;
  /** Each service's row count and time range, ordered by service in bytes (SQLite's BINARY, PostgreSQL's "C"). */
  summaries(): Promise<ServiceSummary[]>;
}

/** Ids from lo to hi, both included. */
export interface IdHull {
  lo: number;
  hi: number;
}

/** The finite stand-ins for "no bound" on ids and times. */
const LOWEST = Number.MIN_SAFE_INTEGER;
const HIGHEST = Number.MAX_SAFE_INTEGER;

/**
 * The id ranges to read in the slab of ids [lo, hi]: the blocks clipped to it, overlapping and
 * touching ones joined (blocks of different keys overlap), in the page's order.
 */
export function slabIntervals(blocks: readonly BlockIds[], lo: number, hi: number, order: 'asc' | 'desc'): Interval[] {
  const clipped: Interval[] = [];
  for (const b of blocks) {
    const from = Math.max(b.first_id, lo);
    const to = Math.min(b.last_id, hi);
    if (from <= to) clipped.push([from, to]);
  }
  clipped.sort((a, b) => a[0] - b[0]);
  const out: Interval[] = [];
  for (const iv of clipped) {
    const last = out[out.length - 1];
    if (last && iv[0] <= last[1] + 1) last[1] = Math.max(last[1], iv[1]);
    else out.push([iv[0], iv[1]]);
  }
  return order === 'desc' ? out.reverse() : out;
}

/**
 * Ids a page's first row query reads at most; each later one reads twice as many, up to
 * MAX_READ_IDS. A joined interval can span the whole table (every row's blocks touch each other),
 * and PostgreSQL's planner, estimating few matches for a filter such as `message ilike '%x%'`, reads
 * and sorts the whole range before the limit applies (1.9 s for 1,000,000 ids even when the first
 * rows match). In growing pieces, a common match costs one small read and a rare one reads the table
 * in a few large ones.
 */
export const FIRST_READ_IDS = 2 * BLOCK_SPAN;
export const MAX_READ_IDS = 64 * BLOCK_SPAN;

/** The next `size` ids of an interval at the end the page comes from (all of it when shorter). */
export function nextPiece([from, to]: Interval, size: number, order: 'asc' | 'desc'): Interval {
  return order === 'desc' ? [Math.max(from, to - size + 1), to] : [from, Math.min(to, from + size - 1)];
}

/** Blocks fetched per key in a walk's first slab; doubled every slab after (rare keys need many). */
const FIRST_CHUNK = 16;
const MAX_CHUNK = 1024;

interface Slab {
  intervals: Interval[];
  /** The exclusive bound the next slab starts from, or null when no block is left. */
  next: number | null;
}

type BlockPlan = Extract<LogQueryPlan, { kind: 'blocks' }>;

export async function queryThroughBlocks(reads: BlockReads, q: LogQuery, plan: BlockPlan): Promise<LogPage> {
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 10_000);
  const order = q.order ?? 'desc';
  const after = decodeCursor(q.cursor);
  const want = limit + 1;
  const found: Selectable<LogsTable>[] = [];
  const ranges = plan.keys.map((key): BlockRange => ({ kind: plan.blockKind, key, since: q.since ?? LOWEST, until: q.until ?? HIGHEST }));
  // The walk's exclusive bound: ids already passed (or excluded by the cursor) lie beyond it.
  let bound = after ?? (order === 'desc' ? HIGHEST : 0);
  let chunk = FIRST_CHUNK;
  let piece = FIRST_READ_IDS;
  while (found.length < want) {
    const slab = order === 'desc' ? await slabBelow(reads, ranges, bound, chunk) : await slabAbove(reads, ranges, bound, chunk);
    for (let interval of slab.intervals) {
      while (found.length < want) {
        const [lo, hi] = nextPiece(interval, piece, order);
        for (const row of await reads.rows(q, lo, hi, order, want - found.length)) found.push(row);
        piece = Math.min(2 * piece, MAX_READ_IDS);
        if (lo === interval[0] && hi === interval[1]) break;
        interval = order === 'desc' ? [interval[0], lo - 1] : [hi + 1, interval[1]];
      }
      if (found.length >= want) break;
    }
    if (slab.next == null) break;
    bound = slab.next;
    chunk = Math.min(2 * chunk, MAX_CHUNK);
  }
  const page = found.slice(0, limit).map(rowToLog);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: found.length > limit && last ? encodeCursor(last.id) : null };
}

/**
 * Descending: each key's next `chunk` blocks starting below `hi`. Below the highest first id where
 * a key's chunk ended, that key may have blocks not fetched yet; the slab stops there.
 */
async function slabBelow(reads: BlockReads, ranges: readonly BlockRange[], hi: number, chunk: number): Promise<Slab> {
  let floor = -Infinity;
  const blocks: BlockIds[] = [];
  for (const range of ranges) {
    const got = await reads.below(range, hi, chunk);
    if (got.length === chunk) floor = Math.max(floor, got[got.length - 1]!.first_id);
    for (const b of got) blocks.push(b);
  }
  return { intervals: slabIntervals(blocks, floor, hi - 1, 'desc'), next: floor === -Infinity ? null : floor };
}

/** Ascending: the block holding `lo` + 1, if any, then each key's next `chunk` blocks above it. */
async function slabAbove(reads: BlockReads, ranges: readonly BlockRange[], lo: number, chunk: number): Promise<Slab> {
  let ceiling = Infinity;
  const blocks: BlockIds[] = [];
  for (const range of ranges) {
    const straddling = await reads.straddling(range, lo);
    if (straddling && straddling.last_id > lo) blocks.push(straddling);
    const got = await reads.above(range, lo, chunk);
    // The last block fetched may reach beyond the slab: its id range past the ceiling is the next slab's.
    if (got.length === chunk) ceiling = Math.min(ceiling, got[got.length - 1]!.first_id);
    for (const b of got) blocks.push(b);
  }
  return { intervals: slabIntervals(blocks, lo + 1, ceiling, 'asc'), next: ceiling === Infinity ? null : ceiling };
}

export type BlockCount = { kind: 'whole'; n: number } | { kind: 'none' } | { kind: 'scan' };

/** How a block counts toward rows with since <= ts < until. */
export function countBlock(b: Pick<CountedBlock, 'n' | 'ts_min' | 'ts_max'>, since: number, until: number): BlockCount {
  if (b.ts_max < since || b.ts_min >= until) return { kind: 'none' };
  if (b.ts_min >= since && b.ts_max < until) return { kind: 'whole', n: b.n };
  return { kind: 'scan' };
}

/**
 * Rows of one service (or all rows) with since <= ts < until: a block's row count serves whole when
 * its time range lies inside the asked one; only a block straddling an end of the range has its rows
 * counted.
 */
export async function countThroughBlocks(reads: BlockReads, service: string | null, since = LOWEST, until = HIGHEST): Promise<number> {
  let total = 0;
  const range: BlockRange = service === null ? { kind: 'a', key: ALL_ROWS, since, until } : { kind: 's', key: service, since, until };
  for (const b of await reads.counted(range)) {
    const c = countBlock(b, since, until);
    if (c.kind === 'whole') total += c.n;
    else if (c.kind === 'scan') total += await reads.countRows(service, b.first_id, b.last_id, since, until);
  }
  return total;
}

/**
 * The ids that can hold rows (of one service, unless null) with since <= ts < until: the hull of the
 * blocks whose time ranges meet the window; null when none does.
 */
export function windowIds(reads: BlockReads, service: string | null, since = LOWEST, until = HIGHEST): Promise<IdHull | null> {
  return reads.idHull(service === null ? { kind: 'a', key: ALL_ROWS, since, until } : { kind: 's', key: service, since, until });
}

/**
 * The row query's filters (BaseStore.queryLogsByRows), as SQL to follow the `id` bounds, with their
 * values; `placeholder(n)` writes the n-th value's parameter (1-based, after the two id bounds).
 */
export function rowFilter(q: LogQuery, dialect: { placeholder: (n: number) => string; like: 'like' | 'ilike' }): { sql: string; params: unknown[] } {
  let sql = '';
  const params: unknown[] = [];
  const value = (v: unknown): string => dialect.placeholder(params.push(v));
  if (q.service) sql += ` and service = ${value(q.service)}`;
  if (q.level) sql += ` and level = ${value(q.level)}`;
  if (q.minLevel) sql += ` and level in (${LEVELS.slice(LEVELS.indexOf(q.minLevel)).map(value).join(', ')})`;
  if (q.since != null) sql += ` and ts >= ${value(q.since)}`;
  if (q.until != null) sql += ` and ts < ${value(q.until)}`;
  if (q.templateId != null) sql += ` and template_id = ${value(q.templateId)}`;
  if (q.user) sql += ` and user_name = ${value(q.user)}`;
  if (q.host) sql += ` and host = ${value(q.host)}`;
  if (q.grep) sql += ` and message ${dialect.like} ${value(`%${escapeLike(q.grep)}%`)} escape '\\'`;
  return { sql, params };
}


/** A scan's pages: ids after `afterId` up to `lastId` (null: to the end of the table), within the time bounds. */
export interface ScanPlan {
  afterId: number;
  lastId: number | null;
  since?: number;
  until?: number;
}

/**
 * The id range a scan pages through; null when the time window holds no record. A window is bounded
 * by every row's blocks that meet it; an open end runs to the end of the table (rows stored while
 * the scan runs included, as without a window).
 */
export async function planScan(reads: BlockReads, opts: ScanLogsOptions): Promise<ScanPlan | null> {
  const afterId = opts.afterId ?? 0;
  const { since, until } = opts;
  if (since == null && until == null) return { afterId, lastId: null };
  const hull = await windowIds(reads, null, since, until);
  if (!hull) return null;
  const bounds = { ...(since != null ? { since } : {}), ...(until != null ? { until } : {}) };
  return { afterId: Math.max(afterId, hull.lo - 1), lastId: until != null ? hull.hi : null, ...bounds };
}
