/**
 * A batch of log rows as columns of SQL values: typed arrays for the numbers, plain arrays for the
 * text, JSON already encoded. This is the shape a batch crosses to the writer thread in: a
 * structured clone of columns costs about a fifth of a clone of row objects, and the writer binds
 * the values as they are.
 */
import { attrsJson, paramsJson } from '../rows.js';
import type { LogRow } from '../store.js';

export interface LogColumns {
  length: number;
  ts: Float64Array;
  service: string[];
  host: (string | null)[];
  level: string[];
  rawLevel: (string | null)[];
  user: (string | null)[];
  message: string[];
  attrs: string[];
  /** NaN stands for null (no template). */
  templateId: Float64Array;
  /** Index into the batch's templates, or -1: then `templateId` holds the id. */
  templateRef: Int32Array;
  params: string[];
  file: string[];
  line: Float64Array;
  offset: Float64Array;
}

/** Number of values bound per row, in the order `rowValues` writes them. */
export const LOG_VALUES_PER_ROW = 13;

export const LOG_INSERT_COLUMNS =
  'ts, service, host, level, raw_level, user_name, message, attrs, template_id, params, src_file, src_line, src_offset';

export function toLogColumns(rows: readonly LogRow[]): LogColumns {
  const n = rows.length;
  const cols: LogColumns = {
    length: n, ts: new Float64Array(n), service: new Array(n), host: new Array(n), level: new Array(n), rawLevel: new Array(n),
    user: new Array(n), message: new Array(n), attrs: new Array(n), templateId: new Float64Array(n), templateRef: new Int32Array(n), params: new Array(n),
    file: new Array(n), line: new Float64Array(n), offset: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    cols.ts[i] = r.ts;
    cols.service[i] = r.service;
    cols.host[i] = r.host ?? null;
    cols.level[i] = r.level;
    cols.rawLevel[i] = r.rawLevel ?? null;
    cols.user[i] = r.user ?? null;
    cols.message[i] = r.message;
    cols.attrs[i] = attrsJson(r.attrs);
    cols.templateId[i] = r.templateId ?? NaN;
    cols.templateRef[i] = r.templateRef ?? -1;
    cols.params[i] = paramsJson(r.params);
    cols.file[i] = r.source.file;
    cols.line[i] = r.source.line;
    cols.offset[i] = r.source.offset;
  }
  return cols;
}

/**
 * Write row `i`'s values into `out` from position `at`, in LOG_INSERT_COLUMNS order; `templateIds`
 * resolves the row's `templateRef` (the ids the batch's templates got).
 */
export function rowValues(cols: LogColumns, i: number, out: unknown[], at: number, templateIds: readonly number[] = []): void {
  const ref = cols.templateRef[i]!;
  const templateId = ref >= 0 ? templateIds[ref]! : cols.templateId[i]!;
  out[at] = cols.ts[i];
  out[at + 1] = cols.service[i];
  out[at + 2] = cols.host[i];
  out[at + 3] = cols.level[i];
  out[at + 4] = cols.rawLevel[i];
  out[at + 5] = cols.user[i];
  out[at + 6] = cols.message[i];
  out[at + 7] = cols.attrs[i];
  out[at + 8] = Number.isNaN(templateId) ? null : templateId;
  out[at + 9] = cols.params[i];
  out[at + 10] = cols.file[i];
  out[at + 11] = cols.line[i];
  out[at + 12] = cols.offset[i];
}
