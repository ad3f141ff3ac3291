import type { LogRecord, Reject } from '../domain/log-record.js';
import type { RawLine } from '../sources/raw-line.js';

/** The log formats LogTrack decodes. `line` covers every Loghub/logparser style header format (presets or custom). */
export const FORMAT_NAMES = ['line', 'clf', 'syslog', 'json', 'cloudtrail', 'loghub-csv'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** Which JSON keys hold the fields a LogRecord needs; each list is tried in order, dotted paths reach nested objects. */
export interface JsonFieldMap {
  ts: string[];
  message: string[];
  level: string[];
  service: string[];
  user: string[];
  host: string[];
}

export interface FormatOptions {
  /** Default `auto`. */
  format?: FormatName | 'auto';
  /** A line-format preset name (HDFS, BGL, ..., generic); implies format `line`. */
  preset?: string;
  /** A logparser `log_format` string such as `<Date> <Time> <Level> <Component>: <Content>`; implies format `line`. */
  lineFormat?: string;
  /** Overrides the service found in the data. */
  service?: string;
  /** IANA zone or ±HH:MM, applied to timestamps written without a zone. Default UTC. */
  timezone?: string;
  /** Fallback service (basename without extensions) and SourcePos.file. */
  fileName?: string;
  /** Reference time for guessing the year of year-less timestamps. Default Date.now(). */
  now?: number;
  /** Overrides of the JSON field mapping. */
  fieldMap?: Partial<JsonFieldMap>;
}

/** One decoded item. `end` is the byte offset just after the last physical line of the record. */
export type Decoded =
  | { kind: 'record'; record: LogRecord; end: number }
  | { kind: 'reject'; reject: Reject; end: number };

/**
 * Turns physical lines into records. Lines must be pushed in order; items come out in order.
 * A decoder may hold the last record back while continuation lines can still follow; `flush()` releases it,
 * and rejects what is still open (an unfinished JSON value or quoted CSV field). Call it at end of input; the
 * decoder then starts afresh, so a followed file may also call it when idle, at the cost of splitting a
 * record whose remaining lines arrive later.
 * Neither method throws: bad input becomes a `reject` item.
 */
export interface RecordDecoder {
  /** What the decoder reads, e.g. "line (preset HDFS)", "json", "clf (common/combined)". */
  readonly description: string;
  /**
   * The items the line completes, appended to `out` when given (and `out` returned): a caller decoding many
   * lines passes one array for all of them instead of receiving one per line (an array per line was an
   * eighth of the bytes ingest allocates).
   */
  push(line: RawLine, out?: Decoded[]): Decoded[];
  flush(): Decoded[];
}

export type Detection =
  | { kind: 'detected'; format: FormatName; preset?: string; lineFormat?: string; description: string }
  | { kind: 'unknown'; message: string };

/** A configuration error (unknown format or preset, invalid line format, unknown time zone): one clear sentence. */
export class FormatError extends Error {
  override readonly name = 'FormatError';
}

export function isFormatName(value: string): value is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(value);
}

/** "logs/HDFS_2k.log.gz" → "HDFS_2k": the fallback service name of a file. */
export function serviceFromFileName(fileName: string | undefined): string | undefined {
  if (!fileName) return undefined;
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.indexOf('.', 1);
  const name = dot === -1 ? base : base.slice(0, dot);
  return name === '' || name === '-' ? undefined : name;
}

/** The stable reasons decoders give for rejects (usable as counter keys). */
export type RejectReason =
  | 'line too long'
  | 'binary data'
  | 'no header match'
  | 'continuation without a record'
  | 'record too long'
  | 'invalid timestamp'
  | 'missing timestamp'
  | 'invalid priority'
  | 'invalid JSON'
  | 'truncated JSON'
  | 'not a JSON object'
  | 'not a CloudTrail event'
  | 'missing CSV header'
  | 'unclosed CSV quote'
  | 'wrong column count';
