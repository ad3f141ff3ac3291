/**
 * scanLogs on SQLite without Kysely: pages of records in id order from raw prepared statements that
 * return rows as arrays. Detection reads every stored record this way; building Kysely's row
 * objects (and then the domain objects from them) cost more than the detectors themselves.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { LOG_SELECT_COLUMNS, SCANNED_LOG_COLUMNS, valuesToLog, valuesToScannedLog } from '../rows.js';
import type { ScanPlan } from '../log-block-query.js';
import type { ScanLogsOptions, ScannedLog } from '../store.js';

/** What each `fields` choice selects and how a selected row becomes a record. */
const PROJECTIONS = {
  all: { columns: LOG_SELECT_COLUMNS, toLog: valuesToLog },
  detect: { columns: SCANNED_LOG_COLUMNS, toLog: valuesToScannedLog },
} as const;

export class LogScanner {
  private readonly pages = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly raw: BetterSqlite3.Database) {}

  /** The plan's pages (see ../log-block-query.ts planScan). */
  *scan(plan: ScanPlan, opts: ScanLogsOptions): Generator<ScannedLog[]> {
    let after = plan.afterId;
    const size = opts.batchSize ?? 5000;
    const fields = opts.fields ?? 'all';
    const page = this.pageStatement(fields, plan.lastId != null, plan.since != null, plan.until != null);
    const toLog = PROJECTIONS[fields].toLog;
    const bounds = [plan.lastId, plan.since, plan.until].filter((b) => b != null);
    for (;;) {
      const rows = page.all(after, ...bounds, size) as unknown[][];
      if (rows.length === 0) return;
      const logs = rows.map(toLog);
      after = logs[logs.length - 1]!.id;
      yield logs;
      if (rows.length < size) return;
    }
  }

  private pageStatement(fields: keyof typeof PROJECTIONS, lastId: boolean, since: boolean, until: boolean): BetterSqlite3.Statement {
    const key = `${fields}:${lastId}:${since}:${until}`;
    let stmt = this.pages.get(key);
    if (!stmt) {
      const where = ['id > ?', ...(lastId ? ['id <= ?'] : []), ...(since ? ['ts >= ?'] : []), ...(until ? ['ts < ?'] : [])].join(' and ');
      stmt = this.raw.prepare(`select ${PROJECTIONS[fields].columns} from logs where ${where} order by id limit ?`).raw(true);
      this.pages.set(key, stmt);
    }
    return stmt;
  }
}
