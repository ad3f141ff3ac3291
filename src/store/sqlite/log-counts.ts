/**
 * Counts and per-service summaries from the block skip index (log-blocks.ts) instead of a scan of
 * the logs table: a block's row count serves whole when its time range lies inside the asked one;
 * only a block straddling an end of the range has its rows counted, through its id range.
 */
import type BetterSqlite3 from 'better-sqlite3';

export interface ServiceSummary {
  service: string;
  count: number;
  firstTs: number;
  lastTs: number;
}

interface CountedBlock {
  first_id: number;
  last_id: number;
  n: number;
  ts_min: number;
  ts_max: number;
}

export type BlockCount = { kind: 'whole'; n: number } | { kind: 'none' } | { kind: 'scan' };

/** How a block counts toward rows with since <= ts < until. */
export function countBlock(b: Pick<CountedBlock, 'n' | 'ts_min' | 'ts_max'>, since: number, until: number): BlockCount {
  if (b.ts_max < since || b.ts_min >= until) return { kind: 'none' };
  if (b.ts_min >= since && b.ts_max < until) return { kind: 'whole', n: b.n };
  return { kind: 'scan' };
}

export class LogCounts {
  private readonly serviceBlocks: BetterSqlite3.Statement;
  private readonly countInBlock: BetterSqlite3.Statement;
  private readonly total: BetterSqlite3.Statement;
  private readonly summaries: BetterSqlite3.Statement;

  constructor(raw: BetterSqlite3.Database) {
    this.serviceBlocks = raw.prepare(
      `select first_id, last_id, n, ts_min, ts_max from log_block_keys where kind = 's' and key = ? and ts_max >= ? and ts_min < ?`,
    );
    this.countInBlock = raw.prepare(`select count(*) from logs not indexed where id >= ? and id <= ? and service = ? and ts >= ? and ts < ?`).pluck();
    // Every row has exactly one level, so the level blocks count every row once (and there are fewer
    // of them than service blocks).
    this.total = raw.prepare(`select coalesce(sum(n), 0) from log_block_keys where kind = 'l'`).pluck();
    this.summaries = raw.prepare(
      `select key as service, sum(n) as count, min(ts_min) as firstTs, max(ts_max) as lastTs from log_block_keys where kind = 's' group by key order by key`,
    );
  }

  /** Rows of one service with since <= ts < until. */
  service(service: string, since = -Infinity, until = Infinity): number {
    let total = 0;
    for (const b of this.serviceBlocks.all(service, since, until) as CountedBlock[]) {
      const c = countBlock(b, since, until);
      if (c.kind === 'whole') total += c.n;
      else if (c.kind === 'scan') total += this.countInBlock.get(b.first_id, b.last_id, service, since, until) as number;
    }
    return total;
  }

  all(): number {
    return this.total.get() as number;
  }

  /** Each service's row count and time range, ordered by service (BINARY, as `order by service`). */
  services(): ServiceSummary[] {
    return this.summaries.all() as ServiceSummary[];
  }
}
