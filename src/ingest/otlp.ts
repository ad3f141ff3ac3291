/**
 * OTLP logs (an ExportLogsServiceRequest in the protobuf JSON mapping: resourceLogs → scopeLogs →
 * logRecords) → records:
 *   ts       timeUnixNano, else observedTimeUnixNano (decimal strings or numbers; 0 means unset)
 *   level    severityNumber by OTel's ranges (1–4 TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN, 17–20 ERROR,
 *            21–24 FATAL; a number or its enum name), else severityText, else the message words
 *   message  body: a string as is, a map or a list as JSON, other scalars as text; no body: the attributes as JSON
 *   service  the resource attribute service.name (else the given default); host: host.name
 *   user     the attribute enduser.id or user.name
 *   attrs    the record's attributes as plain JSON, plus traceId, spanId and eventName when set
 * A record that cannot be mapped is a reject; a request that is not this shape at all is unusable.
 */
import { LEVELS, makeRecord, makeReject, normalizeLevel, type Level, type LogRecord, type SourcePos } from '../domain/index.js';
import { levelFromContent } from '../formats/content-level.js';
import type { DecodedBody, IndexedReject } from './decoded.js';

type Json = Record<string, unknown>;

export interface OtlpOptions {
  /** Service of records whose resource names none. */
  defaultService: string;
  /** SourcePos.file of the records and rejects. */
  file: string;
}

export function decodeOtlpLogs(request: unknown, opts: OtlpOptions): DecodedBody {
  if (!isObject(request)) return { kind: 'invalid', reason: 'the body must be an OTLP ExportLogsServiceRequest object' };
  const resourceLogs = request.resourceLogs ?? [];
  if (!Array.isArray(resourceLogs)) return { kind: 'invalid', reason: 'resourceLogs must be a list' };
  const records: LogRecord[] = [];
  const rejects: IndexedReject[] = [];
  let index = 0;
  for (const rl of resourceLogs) {
    const resource = attributesOf(isObject(rl) && isObject(rl.resource) ? rl.resource.attributes : undefined);
    const service = typeof resource['service.name'] === 'string' && resource['service.name'] !== '' ? resource['service.name'] : opts.defaultService;
    const host = typeof resource['host.name'] === 'string' && resource['host.name'] !== '' ? resource['host.name'] : undefined;
    for (const sl of listOf(isObject(rl) ? rl.scopeLogs : undefined)) {
      for (const lr of listOf(isObject(sl) ? sl.logRecords : undefined)) {
        const source = { file: opts.file, line: index + 1, offset: 0 };
        const record = isObject(lr) ? otlpRecord(lr, service, host, source) : 'not a log record object';
        if (typeof record === 'string') rejects.push({ index, reject: makeReject(record, JSON.stringify(lr) ?? '', source) });
        else records.push(record);
        index++;
      }
    }
  }
  return { kind: 'decoded', records, rejects };
}

function otlpRecord(lr: Json, service: string, host: string | undefined, source: SourcePos): LogRecord | string {
  const time = nanosToMs(lr.timeUnixNano);
  const observed = nanosToMs(lr.observedTimeUnixNano);
  if (time === 'invalid' || observed === 'invalid') return 'invalid timestamp';
  const ts = time ?? observed;
  if (ts === null) return 'missing timestamp';
  const attrs = attributesOf(lr.attributes);
  for (const key of ['traceId', 'spanId', 'eventName'] as const) {
    if (typeof lr[key] === 'string' && lr[key] !== '') attrs[key] = lr[key];
  }
  const body = lr.body === undefined ? undefined : plainValue(lr.body);
  const message = body === undefined || body === null ? JSON.stringify(attrs) : typeof body === 'string' ? body : typeof body === 'object' ? JSON.stringify(body) : String(body);
  const severityText = typeof lr.severityText === 'string' && lr.severityText !== '' ? lr.severityText : undefined;
  const byNumber = levelOfSeverityNumber(lr.severityNumber);
  const user = attrs['enduser.id'] ?? attrs['user.name'];
  return makeRecord({
    ts, service, host: host || undefined,
    level: byNumber ?? (severityText ? normalizeLevel(severityText, levelFromContent(message)) : levelFromContent(message)),
    rawLevel: severityText ?? (byNumber ? String(lr.severityNumber) : undefined),
    user: typeof user === 'string' && user !== '' ? user : undefined,
    message, attrs, source,
  });
}

/** OTel severity number (1–24, or its enum name such as SEVERITY_NUMBER_WARN2) → level; undefined when unset or unknown. */
export function levelOfSeverityNumber(value: unknown): Level | undefined {
  if (typeof value === 'string') {
    const named = /^SEVERITY_NUMBER_(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)[234]?$/.exec(value);
    if (named) return named[1] as Level;
    if (!/^\d+$/.test(value)) return undefined;
    value = Number(value);
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 24) return undefined;
  return LEVELS[Math.floor((value - 1) / 4)];
}

/** Nanoseconds since the epoch → milliseconds; null when unset (absent or 0). */
export function nanosToMs(value: unknown): number | null | 'invalid' {
  if (value === undefined || value === null || value === 0 || value === '0' || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.floor(value / 1e6) : 'invalid';
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) return 'invalid';
  return Number(BigInt(value) / 1_000_000n);
}

/** An OTLP AnyValue → plain JSON (maps as objects, lists as arrays, 64-bit integers as numbers when safe). */
export function plainValue(value: unknown): unknown {
  if (!isObject(value)) return null;
  if (typeof value.stringValue === 'string') return value.stringValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if (value.intValue !== undefined) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (isObject(value.arrayValue)) return listOf(value.arrayValue.values).map(plainValue);
  if (isObject(value.kvlistValue)) return attributesOf(value.kvlistValue.values);
  if (typeof value.bytesValue === 'string') return value.bytesValue;
  return null;
}

/** A list of OTLP KeyValue → an object. */
export function attributesOf(list: unknown): Json {
  const out: Json = {};
  for (const kv of listOf(list)) {
    if (isObject(kv) && typeof kv.key === 'string') out[kv.key] = plainValue(kv.value);
  }
  return out;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
