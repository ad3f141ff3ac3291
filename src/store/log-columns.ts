/**
 * A batch of log rows as columns of SQL values: typed arrays for the numbers, each free-text column
 * (message, attrs, params, user) as the UTF-8 bytes of its values end to end (utf8-column.ts), and
 * each column of repeated values (service, level, host, file) as the batch's distinct values with
 * each row's index among them. This is the shape a batch crosses to the writer thread in: its
 * typed arrays and bytes are transferred, not copied (`transferables`).
 *
 * Why: a structured clone pays for every element of an array of strings: on 1,000,000 generic
 * lines, cloning the text columns as arrays cost the main thread about 0.6 µs a row and the writer
 * as much again to rebuild them. A repeated column costs the main thread about what writing it as
 * text would (each row's value is a new string either way), but the writer handles each distinct
 * value once per batch instead of once per row: writer CPU 5–8 % lower on 1,000,000 generic lines,
 * both backends.
 */
import type { Reject } from '../domain/index.js';
import { revivedUtf8, textAt, Utf8ColumnBuilder, type Utf8Column } from './utf8-column.js';
import type { AppendBatch, Checkpoint, LogRow, TemplateTouch } from './store.js';

/** appendBatch's input with its rows as columns: the form a batch crosses to a writer thread in. */
export interface ColumnBatch {
  rows: LogColumns;
  rejects: Reject[];
  templates?: TemplateTouch[];
  checkpoint?: Checkpoint;
  expectOffset?: number;
}

export function toColumnBatch(batch: AppendBatch): ColumnBatch {
  return { ...batch, rows: toLogColumns(batch.rows) };
}

/** Value i is `values[codes[i]]`, or null where `codes[i]` is −1. */
export interface CodedColumn {
  values: string[];
  codes: Int32Array;
}

export interface LogColumns {
  length: number;
  ts: Float64Array;
  service: CodedColumn;
  host: CodedColumn;
  level: CodedColumn;
  rawLevel: CodedColumn;
  user: Utf8Column;
  message: Utf8Column;
  attrs: Utf8Column;
  /** NaN stands for null (no template). */
  templateId: Float64Array;
  /** Index into the batch's templates, or -1: then `templateId` holds the id. */
  templateRef: Int32Array;
  params: Utf8Column;
  file: CodedColumn;
  line: Float64Array;
  offset: Float64Array;
}

/** Number of values bound per row, in the order `rowValues` writes them. */
export const LOG_VALUES_PER_ROW = 13;

export const LOG_INSERT_COLUMNS =
  'ts, service, host, level, raw_level, user_name, message, attrs, template_id, params, src_file, src_line, src_offset';

export function toLogColumns(rows: readonly LogRow[]): LogColumns {
  const n = rows.length;
  const ts = new Float64Array(n);
  const templateId = new Float64Array(n);
  const templateRef = new Int32Array(n);
  const line = new Float64Array(n);
  const offset = new Float64Array(n);
  const service = new CodedColumnBuilder(n);
  const host = new CodedColumnBuilder(n);
  const level = new CodedColumnBuilder(n);
  const rawLevel = new CodedColumnBuilder(n);
  const user = new Utf8ColumnBuilder(n, 8);
  const message = new Utf8ColumnBuilder(n, 64);
  const attrs = new Utf8ColumnBuilder(n, 24);
  const params = new Utf8ColumnBuilder(n, 24);
  const file = new CodedColumnBuilder(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    ts[i] = r.ts;
    service.add(r.service);
    host.add(r.host);
    level.add(r.level);
    rawLevel.add(r.rawLevel);
    user.add(r.user);
    message.add(r.message);
    attrs.addJsonObject(r.attrs);
    templateId[i] = r.templateId ?? NaN;
    templateRef[i] = r.templateRef ?? -1;
    params.addJsonArray(r.params);
    file.add(r.source.file);
    line[i] = r.source.line;
    offset[i] = r.source.offset;
  }
  return {
    length: n, ts, templateId, templateRef, line, offset,
    service: service.finish(), host: host.finish(), level: level.finish(), rawLevel: rawLevel.finish(), user: user.finish(),
    message: message.finish(), attrs: attrs.finish(), params: params.finish(), file: file.finish(),
  };
}

/** Distinct values up to which a CodedColumnBuilder compares in turn; a Map past it. */
const LINEAR_VALUES = 8;

/** Collects a column of repeated values as codes into its distinct values. */
export class CodedColumnBuilder {
  private readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly codes: Int32Array;
  /** Runs are common (one file, one service for a while): the last value is compared before the Map. */
  private last: string | null = null;
  private lastCode = -1;
  private i = 0;

  constructor(length: number) {
    this.codes = new Int32Array(length);
  }

  add(value: string | null | undefined): void {
    let code: number;
    if (value == null) code = -1;
    else if (value === this.last) code = this.lastCode;
    else {
      code = this.find(value);
      this.last = value;
      this.lastCode = code;
    }
    this.codes[this.i++] = code;
  }

  /**
   * A few values are compared in turn: each row's value is a new string, and hashing it for the Map
   * cost more than joining it into a text column would.
   */
  private find(value: string): number {
    const values = this.values;
    if (values.length <= LINEAR_VALUES) {
      for (let k = 0; k < values.length; k++) if (values[k] === value) return k;
      if (values.length < LINEAR_VALUES) return values.push(value) - 1;
      values.forEach((v, k) => this.index.set(v, k)); // the Map takes over from here
    }
    let code = this.index.get(value);
    if (code === undefined) {
      code = values.length;
      values.push(value);
      this.index.set(value, code);
    }
    return code;
  }

  finish(): CodedColumn {
    return { values: this.values, codes: this.codes };
  }
}

/**
 * The memory of a batch's columns, to transfer with it to another thread instead of copying it
 * (`revivedColumns` on the other side). toLogColumns gives every column memory of its own; the
 * batch is unusable on this side afterwards.
 */
export function transferables(cols: LogColumns): ArrayBuffer[] {
  const views: (ArrayBufferView | null)[] = [cols.ts, cols.templateId, cols.templateRef, cols.line, cols.offset];
  for (const c of [cols.service, cols.host, cols.level, cols.rawLevel, cols.file]) views.push(c.codes);
  for (const c of [cols.user, cols.message, cols.attrs, cols.params]) views.push(c.bytes, c.ends, c.nulls);
  return views.filter((v) => v !== null).map((v) => v.buffer as ArrayBuffer);
}

/** A batch's columns as they arrive from another thread (see `revivedUtf8`). */
export function revivedColumns(cols: LogColumns): LogColumns {
  return { ...cols, user: revivedUtf8(cols.user), message: revivedUtf8(cols.message), attrs: revivedUtf8(cols.attrs), params: revivedUtf8(cols.params) };
}

export function codedAt(column: CodedColumn, i: number): string | null {
  const code = column.codes[i]!;
  return code < 0 ? null : column.values[code]!;
}

/**
 * Write row `i`'s values into `out` from position `at`, in LOG_INSERT_COLUMNS order; `templateIds`
 * resolves the row's `templateRef` (the ids the batch's templates got).
 */
export function rowValues(cols: LogColumns, i: number, out: unknown[], at: number, templateIds: readonly number[] = []): void {
  const ref = cols.templateRef[i]!;
  const templateId = ref >= 0 ? templateIds[ref]! : cols.templateId[i]!;
  out[at] = cols.ts[i];
  out[at + 1] = codedAt(cols.service, i);
  out[at + 2] = codedAt(cols.host, i);
  out[at + 3] = codedAt(cols.level, i);
  out[at + 4] = codedAt(cols.rawLevel, i);
  out[at + 5] = textAt(cols.user, i);
  out[at + 6] = textAt(cols.message, i);
  out[at + 7] = textAt(cols.attrs, i);
  out[at + 8] = Number.isNaN(templateId) ? null : templateId;
  out[at + 9] = textAt(cols.params, i);
  out[at + 10] = codedAt(cols.file, i);
  out[at + 11] = cols.line[i];
  out[at + 12] = cols.offset[i];
}
