/**
 * The SQLite logs table's skip index (like ClickHouse's skip indexes or Loki's chunk labels): instead
 * of three per-row btrees on (service, ts), (service, level, id) and (template_id, id), one row in
 * `log_block_keys` per key and block of ids, saying "rows with this key lie somewhere in ids
 * first_id..last_id, n of them, with ts between ts_min and ts_max". A query for a key walks its
 * blocks and scans only their id ranges through the primary key (log-query.ts).
 *
 * Why: per-row index entries cost the writer thread most of its CPU (bare inserts, 1M rows: 5.3 µs a
 * row with the four logs indexes, 2.76 µs with the ts index alone), while a block row costs one
 * statement per key and batch.
 *
 * Invariants the queries rely on:
 * - every stored row is counted in exactly one block of each of its keys (logs are append-only);
 * - the blocks of one key are disjoint and a later block holds higher ids (ids only grow: the table
 *   is AUTOINCREMENT and nothing deletes logs), so for one key, order by first_id = order by id;
 * - a block spans at most BLOCK_SPAN ids unless one batch alone spans more (a batch is never split),
 *   which bounds the rows a query reads per block.
 */
import type BetterSqlite3 from 'better-sqlite3';

/** service alone, service + level, level alone, template id. */
export type BlockKind = 's' | 'sl' | 'l' | 't';

/**
 * A block is extended by later appends while it spans fewer ids than this. Small appends (HTTP
 * push, watch: often one row) then add to a block row instead of adding one row per record and key,
 * and a query reads at most about this many rows per block it visits. Backfill uses it as its chunk.
 */
export const BLOCK_SPAN = 5000;

/**
 * The key of a (service, level) pair. The separator (unit separator, U+001F) cannot be confused with
 * anything a decoder puts in a level; a service holding it could only make two keys collide, which
 * costs a query some extra rows read, never a wrong row (queries apply every filter to the rows).
 * The migration's backfill builds the same key in SQL: `service || char(31) || level`.
 */
export function serviceLevelKey(service: string, level: string): string {
  return `${service}\u001f${level}`;
}

/** Template ids are keys as decimal text, in JavaScript (`String(id)`) and SQL (`cast(... as text)`). */
export function templateKey(id: number): string {
  return String(id);
}

export interface Block {
  firstId: number;
  lastId: number;
  n: number;
  tsMin: number;
  tsMax: number;
}

export interface KeyedBlock extends Block {
  kind: BlockKind;
  key: string;
}

/** One key's rows in the batch being inserted, by position in the batch (ids are known only after the insert). */
interface Acc {
  first: number;
  last: number;
  n: number;
  tsMin: number;
  tsMax: number;
}

const newAcc = (i: number, ts: number): Acc => ({ first: i, last: i, n: 1, tsMin: ts, tsMax: ts });

function addTo(acc: Acc, i: number, ts: number): void {
  acc.last = i;
  acc.n++;
  if (ts < acc.tsMin) acc.tsMin = ts;
  else if (ts > acc.tsMax) acc.tsMax = ts;
}

function mergeInto(target: Acc | undefined, acc: Acc): Acc {
  if (!target) return { ...acc };
  if (acc.first < target.first) target.first = acc.first;
  if (acc.last > target.last) target.last = acc.last;
  target.n += acc.n;
  if (acc.tsMin < target.tsMin) target.tsMin = acc.tsMin;
  if (acc.tsMax > target.tsMax) target.tsMax = acc.tsMax;
  return target;
}

/**
 * The keys of one batch's rows, collected while the rows are bound. Per row: two Map lookups for
 * (service, level) and one for the template; the service-alone and level-alone blocks are derived
 * from the (service, level) ones once per batch.
 */
export class BatchKeys {
  private readonly byService = new Map<string, Map<string, Acc>>();
  private readonly byTemplate = new Map<number, Acc>();

  /** Row `i` of the batch (rows must come in order). */
  add(i: number, ts: number, service: string, level: string, templateId: number | null): void {
    let levels = this.byService.get(service);
    if (!levels) this.byService.set(service, (levels = new Map()));
    const sl = levels.get(level);
    if (sl) addTo(sl, i, ts);
    else levels.set(level, newAcc(i, ts));
    if (templateId == null) return;
    const t = this.byTemplate.get(templateId);
    if (t) addTo(t, i, ts);
    else this.byTemplate.set(templateId, newAcc(i, ts));
  }

  /** The batch's blocks, given the id its row 0 got (ids are consecutive within a batch); then empty again. */
  take(firstId: number): KeyedBlock[] {
    const out: KeyedBlock[] = [];
    const push = (kind: BlockKind, key: string, a: Acc) =>
      out.push({ kind, key, firstId: firstId + a.first, lastId: firstId + a.last, n: a.n, tsMin: a.tsMin, tsMax: a.tsMax });
    const byLevel = new Map<string, Acc>();
    for (const [service, levels] of this.byService) {
      let s: Acc | undefined;
      for (const [level, acc] of levels) {
        push('sl', serviceLevelKey(service, level), acc);
        s = mergeInto(s, acc);
        byLevel.set(level, mergeInto(byLevel.get(level), acc));
      }
      push('s', service, s!);
    }
    for (const [level, acc] of byLevel) push('l', level, acc);
    for (const [id, acc] of this.byTemplate) push('t', templateKey(id), acc);
    this.clear();
    return out;
  }

  clear(): void {
    this.byService.clear();
    this.byTemplate.clear();
  }
}

/**
 * Writes blocks into `log_block_keys`, inside the caller's transaction (the one inserting their rows).
 *
 * A batch's block for a key extends the key's latest block when the result still spans fewer than
 * `span` ids, else it becomes a new block row. The rule is one conditional UPDATE (a stream of
 * one-row appends mostly extends: one statement per key where a select then an update cost two;
 * a one-row append costs 6 µs of CPU more than with the per-row indexes instead of 10, 45 → 51 µs);
 * when it changes nothing, an INSERT follows. The
 * `last_id < ?` condition keeps a key's blocks disjoint even if ids ever went backwards.
 */
export class BlockWriter {
  private readonly extend: BetterSqlite3.Statement;
  private readonly insert: BetterSqlite3.Statement;

  constructor(raw: BetterSqlite3.Database, span = BLOCK_SPAN) {
    this.extend = raw.prepare(
      `update log_block_keys set last_id = :lastId, n = n + :n, ts_min = min(ts_min, :tsMin), ts_max = max(ts_max, :tsMax)
       where kind = :kind and key = :key and first_id = (select max(first_id) from log_block_keys where kind = :kind and key = :key)
         and last_id < :firstId and :lastId - first_id < ${Number(span)}`,
    );
    this.insert = raw.prepare(
      `insert into log_block_keys (kind, key, first_id, last_id, n, ts_min, ts_max) values (:kind, :key, :firstId, :lastId, :n, :tsMin, :tsMax)`,
    );
  }

  write(blocks: readonly KeyedBlock[]): void {
    for (const b of blocks) if (this.extend.run(b).changes === 0) this.insert.run(b);
  }
}
