/**
 * scanLogs on PostgreSQL without Kysely: pages of records in id order, returned by the driver as
 * arrays (`rowMode: 'array'`) and read by the same value mappers as SQLite's raw scan. Detection
 * reads every stored record this way; Kysely's row objects and the whole-record mapping cost more
 * than the detectors themselves.
 *
 * A window pages through the id range its blocks give (../log-block-query.ts planScan) only:
 * without the upper id bound, the last page of a window in the middle of the table reads every later
 * record looking for more.
 */
import type pg from 'pg';
import { LOG_SELECT_COLUMNS, SCANNED_LOG_COLUMNS, valuesToLog, valuesToScannedLog } from '../rows.js';
import type { ScanPlan } from '../log-block-query.js';
import type { ScanLogsOptions, ScannedLog } from '../store.js';

/** What each `fields` choice selects and how a selected row becomes a record. */
const PROJECTIONS = {
  all: { columns: LOG_SELECT_COLUMNS, toLog: valuesToLog },
  detect: { columns: SCANNED_LOG_COLUMNS, toLog: valuesToScannedLog },
} as const;

/** The part of pg.Pool a scan needs. */
export type Queryable = Pick<pg.Pool, 'query'>;

/** One page's query: ids after `after`, within the plan's bounds, in id order. */
function pageQuery(fields: keyof typeof PROJECTIONS, plan: ScanPlan, after: number, size: number): { text: string; values: number[] } {
  const values: number[] = [after];
  const where = ['id > $1'];
  const bound = (clause: string, value: number) => {
    values.push(value);
    where.push(`${clause} $${values.length}`);
  };
  if (plan.lastId != null) bound('id <=', plan.lastId);
  if (plan.since != null) bound('ts >=', plan.since);
  if (plan.until != null) bound('ts <', plan.until);
  values.push(size);
  return { text: `select ${PROJECTIONS[fields].columns} from logs where ${where.join(' and ')} order by id limit $${values.length}`, values };
}

/** The plan's pages (see ../log-block-query.ts planScan). */
export async function* scanLogs(db: Queryable, plan: ScanPlan, opts: ScanLogsOptions): AsyncGenerator<ScannedLog[]> {
  const size = opts.batchSize ?? 5000;
  const fields = opts.fields ?? 'all';
  const toLog = PROJECTIONS[fields].toLog;
  const fetch = (after: number) => {
    const { text, values } = pageQuery(fields, plan, after, size);
    const page = db.query<unknown[]>({ text, values, rowMode: 'array' });
    page.catch(() => {}); // a page nobody waits for (the caller stopped early) must not fail the process
    return page;
  };
  let next = fetch(plan.afterId);
  for (;;) {
    const { rows } = await next;
    if (rows.length === 0) return;
    const logs = rows.map(toLog);
    // Ask for the next page before handing this one over: the server reads it while the caller works.
    if (rows.length === size) next = fetch(logs[logs.length - 1]!.id);
    yield logs;
    if (rows.length < size) return;
  }
}
