/**
 * The logs table's skip index (like ClickHouse's skip indexes or Loki's chunk labels), on both
 * backends: instead of per-row btrees on service, level, template and time, one row in
 * `log_block_keys` per key and block of ids, saying "rows with this key lie somewhere in ids first_id..last_id, n of
 * them, with ts between ts_min and ts_max". A query for a key walks its blocks and scans only their
 * id ranges through the primary key (log-block-query.ts). Each backend writes and reads the blocks
 * in its own `log-blocks.ts`.
 *
 * Time queries use the blocks of key ALL_ROWS, which every row has: their ts ranges say which id
 * ranges can hold a time window (logs arrive roughly in time order, so the ranges are tight; a late
 * record widens its block's range, which costs reading more rows, never a wrong answer).
 *
 * Why: per-row index entries cost the writer most of its CPU. SQLite (bare inserts, 1M rows): 5.3 µs
 * a row with the four logs indexes, 2.76 µs with the ts index alone. PostgreSQL: see migrations 007
 * and 008. A block row costs one row per key and batch.
 *
 * Invariants the queries rely on:
 * - every stored row is counted in exactly one block of each of its keys (logs are append-only);
 * - the blocks of one key are disjoint and a later block holds higher ids (ids only grow: the table
 *   is AUTOINCREMENT and nothing deletes logs), so for one key, order by first_id = order by id;
 * - a block spans at most BLOCK_SPAN ids unless one batch alone spans more (a batch is never split),
 *   which bounds the rows a query reads per block.
 */
import type { CodedColumn, LogColumns } from './log-columns.js';

/** service alone, service + level, level alone, template id, and every row (key ALL_ROWS: the time index). */
export type BlockKind = 's' | 'sl' | 'l' | 't' | 'a';

/** The one key of kind 'a': every row has it, so its blocks map time ranges to id ranges. */
export const ALL_ROWS = '';

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
 * The distinct values of a coded column (service, level) across the batches a BatchKeys sees: a
 * batch's own codes are translated once per distinct value, so a row costs an array read.
 */
class ColumnDictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  private column: CodedColumn | null = null;
  /** The batch column's codes as indices into `values` (−1: not yet looked up). */
  private remap = new Int32Array(0);

  indexAt(col: CodedColumn, i: number): number {
    if (col !== this.column) {
      this.column = col;
      this.remap = new Int32Array(col.values.length).fill(-1);
    }
    const code = col.codes[i]!;
    const known = this.remap[code]!;
    if (known >= 0) return known;
    const value = col.values[code]!;
    let k = this.index.get(value);
    if (k === undefined) {
      k = this.values.length;
      this.values.push(value);
      this.index.set(value, k);
    }
    this.remap[code] = k;
    return k;
  }

  clear(): void {
    this.values.length = 0;
    this.index.clear();
    this.column = null;
  }
}

/**
 * The keys of one batch's rows, collected while the rows are encoded or bound. Per row: the service
 * and level by their codes (ColumnDictionary), one array slot for the pair, and one Map lookup for
 * the template; the service-alone and level-alone blocks are derived from the (service, level) ones
 * once per batch.
 */
export class BatchKeys {
  private readonly services = new ColumnDictionary();
  private readonly levels = new ColumnDictionary();
  /** The (service, level) accumulators, by service index then level index. */
  private readonly byServiceLevel: (Acc | undefined)[][] = [];
  private readonly byTemplate = new Map<number, Acc>();

  /** Row `i` of the batch, with its resolved template id (rows must come in order). */
  add(cols: LogColumns, i: number, templateId: number | null): void {
    const ts = cols.ts[i]!;
    const levels = (this.byServiceLevel[this.services.indexAt(cols.service, i)] ??= []);
    const l = this.levels.indexAt(cols.level, i);
    const sl = levels[l];
    if (sl) addTo(sl, i, ts);
    else levels[l] = newAcc(i, ts);
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
    this.byServiceLevel.forEach((levels, si) => {
      const service = this.services.values[si]!;
      let s: Acc | undefined;
      levels.forEach((acc, li) => {
        if (!acc) return;
        const level = this.levels.values[li]!;
        push('sl', serviceLevelKey(service, level), acc);
        s = mergeInto(s, acc);
        byLevel.set(level, mergeInto(byLevel.get(level), acc));
      });
      if (s) push('s', service, s);
    });
    let all: Acc | undefined;
    for (const [level, acc] of byLevel) {
      push('l', level, acc);
      all = mergeInto(all, acc);
    }
    if (all) push('a', ALL_ROWS, all);
    for (const [id, acc] of this.byTemplate) push('t', templateKey(id), acc);
    this.clear();
    return out;
  }

  clear(): void {
    this.services.clear();
    this.levels.clear();
    this.byServiceLevel.length = 0;
    this.byTemplate.clear();
  }
}
