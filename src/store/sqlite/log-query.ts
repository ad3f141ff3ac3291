/**
 * SQLite log queries through the block skip index (log-blocks.ts), for the filters whose per-row
 * indexes it replaced: service, level / minLevel, template. A page walks the matching blocks in the
 * page's order and runs the page's full filter inside their id ranges (a primary-key range scan),
 * until it has limit + 1 rows. Pages are the generic BaseStore.queryLogs' pages exactly: the same
 * filters on the same rows, ordered by id; the blocks only decide which id ranges are read.
 *
 * Without one of those filters the generic query serves (ts index, primary key), and `ids` is
 * already a short list of primary-key lookups.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import { LEVELS } from '../../domain/index.js';
import { decodeCursor, encodeCursor, rowToLog } from '../rows.js';
import type { LogsTable } from '../schema.js';
import type { LogPage, LogQuery } from '../store.js';
import { serviceLevelKey, templateKey, type BlockKind } from './log-blocks.js';

export type LogQueryPlan = { kind: 'generic' } | { kind: 'blocks'; blockKind: BlockKind; keys: string[] };

/**
 * Which blocks drive a query: the template's if it names one (the rarest key, usually), else the
 * service's (with its levels when it names any), else the levels'. The other filters then apply to
 * the rows of those blocks.
 */
export function planLogQuery(q: LogQuery): LogQueryPlan {
  if (q.ids) return { kind: 'generic' };
  // The same level set the generic query filters by (LEVELS.slice(indexOf) even for an unknown level).
  const levels: string[] | null = q.level ? [q.level] : q.minLevel ? LEVELS.slice(LEVELS.indexOf(q.minLevel)) : null;
  if (q.templateId != null && Number.isSafeInteger(q.templateId)) return { kind: 'blocks', blockKind: 't', keys: [templateKey(q.templateId)] };
  if (q.service) {
    return levels ? { kind: 'blocks', blockKind: 'sl', keys: levels.map((l) => serviceLevelKey(q.service!, l)) } : { kind: 'blocks', blockKind: 's', keys: [q.service] };
  }
  if (levels) return { kind: 'blocks', blockKind: 'l', keys: levels };
  return { kind: 'generic' };
}

/** An id range, both ends included. */
export type Interval = [from: number, to: number];

interface BlockIds {
  first_id: number;
  last_id: number;
}

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

/** Blocks fetched per key in a walk's first slab; doubled every slab after (rare keys need many). */
const FIRST_CHUNK = 16;
const MAX_CHUNK = 1024;

interface Slab {
  intervals: Interval[];
  /** The exclusive bound the next slab starts from, or null when no block is left. */
  next: number | null;
}

export class LogBlockQuery {
  private readonly below: BetterSqlite3.Statement;
  private readonly above: BetterSqlite3.Statement;
  private readonly straddling: BetterSqlite3.Statement;
  private readonly rowStatements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly raw: BetterSqlite3.Database) {
    const blocks = `select first_id, last_id from log_block_keys where kind = ? and key = ? and ts_max >= ? and ts_min < ?`;
    this.below = raw.prepare(`${blocks} and first_id < ? order by first_id desc limit ?`);
    this.above = raw.prepare(`${blocks} and first_id > ? order by first_id limit ?`);
    this.straddling = raw.prepare(`${blocks} and first_id <= ? order by first_id desc limit 1`);
  }

  query(q: LogQuery, plan: Extract<LogQueryPlan, { kind: 'blocks' }>): LogPage {
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 10_000);
    const order = q.order ?? 'desc';
    const after = decodeCursor(q.cursor);
    const { sql, params } = rowFilter(q);
    const rows = this.rowStatement(sql, order);
    const want = limit + 1;
    const found: Selectable<LogsTable>[] = [];
    const ts: [number, number] = [q.since ?? -Infinity, q.until ?? Infinity];
    // The walk's exclusive bound: ids already passed (or excluded by the cursor) lie beyond it.
    let bound = after ?? (order === 'desc' ? Infinity : -Infinity);
    let chunk = FIRST_CHUNK;
    while (found.length < want) {
      const slab = order === 'desc' ? this.slabBelow(plan, bound, chunk, ts) : this.slabAbove(plan, bound, chunk, ts);
      for (const [from, to] of slab.intervals) {
        for (const row of rows.all(from, to, ...params, want - found.length) as Selectable<LogsTable>[]) found.push(row);
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
  private slabBelow(plan: { blockKind: BlockKind; keys: string[] }, hi: number, chunk: number, ts: [number, number]): Slab {
    let floor = -Infinity;
    const blocks: BlockIds[] = [];
    for (const key of plan.keys) {
      const got = this.below.all(plan.blockKind, key, ...ts, hi, chunk) as BlockIds[];
      if (got.length === chunk) floor = Math.max(floor, got[got.length - 1]!.first_id);
      for (const b of got) blocks.push(b);
    }
    return { intervals: slabIntervals(blocks, floor, hi - 1, 'desc'), next: floor === -Infinity ? null : floor };
  }

  /** Ascending: the block holding `lo` + 1, if any, then each key's next `chunk` blocks above it. */
  private slabAbove(plan: { blockKind: BlockKind; keys: string[] }, lo: number, chunk: number, ts: [number, number]): Slab {
    let ceiling = Infinity;
    const blocks: BlockIds[] = [];
    for (const key of plan.keys) {
      const straddling = this.straddling.get(plan.blockKind, key, ...ts, lo) as BlockIds | undefined;
      if (straddling && straddling.last_id > lo) blocks.push(straddling);
      const got = this.above.all(plan.blockKind, key, ...ts, lo, chunk) as BlockIds[];
      // The last block fetched may reach beyond the slab: its id range past the ceiling is the next slab's.
      if (got.length === chunk) ceiling = Math.min(ceiling, got[got.length - 1]!.first_id);
      for (const b of got) blocks.push(b);
    }
    return { intervals: slabIntervals(blocks, lo + 1, ceiling, 'asc'), next: ceiling === Infinity ? null : ceiling };
  }

  private rowStatement(where: string, order: 'asc' | 'desc'): BetterSqlite3.Statement {
    const key = `${order} ${where}`;
    let stmt = this.rowStatements.get(key);
    if (!stmt) {
      // NOT INDEXED: read the range through the primary key; left to itself the planner may prefer
      // the ts index for a time window and read the whole window for every block.
      stmt = this.raw.prepare(`select * from logs not indexed where id >= ? and id <= ?${where} order by id ${order} limit ?`);
      this.rowStatements.set(key, stmt);
    }
    return stmt;
  }
}

/** The generic query's filters (BaseStore.queryLogs), as SQL after `id` bounds, with their values. */
export function rowFilter(q: LogQuery): { sql: string; params: unknown[] } {
  let sql = '';
  const params: unknown[] = [];
  const add = (cond: string, ...values: unknown[]) => {
    sql += ` and ${cond}`;
    params.push(...values);
  };
  if (q.service) add('service = ?', q.service);
  if (q.level) add('level = ?', q.level);
  if (q.minLevel) {
    const levels = LEVELS.slice(LEVELS.indexOf(q.minLevel));
    add(`level in (${levels.map(() => '?').join(', ')})`, ...levels);
  }
  if (q.since != null) add('ts >= ?', q.since);
  if (q.until != null) add('ts < ?', q.until);
  if (q.templateId != null) add('template_id = ?', q.templateId);
  if (q.user) add('user_name = ?', q.user);
  if (q.host) add('host = ?', q.host);
  if (q.grep) add(`message like ? escape '\\'`, `%${escapeLike(q.grep)}%`);
  return { sql, params };
}

/** As BaseStore's: `%`, `_` and `\` match themselves. */
function escapeLike(s: string): string {
  return s.replace(/[%_\\]/g, (c) => `\\${c}`);
}
