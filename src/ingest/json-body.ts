/**
 * Bodies of `POST /api/v1/ingest` → records and rejects, each object through the JSON format's field
 * mapping (DEFAULT_JSON_FIELDS, with overrides). NDJSON: one object per line, and a bad line is a reject
 * while the others are kept. JSON: an array of objects (or a single object); a body that is not JSON
 * at all is unusable as a whole.
 */
import { makeReject, type LogRecord, type SourcePos } from '../domain/index.js';
import type { RecordEnv } from '../formats/fields.js';
import type { JsonFieldMap } from '../formats/index.js';
import { jsonFieldMap, jsonRecord } from '../formats/json-mapping.js';
import { timestampContext } from '../formats/timestamp.js';
import type { DecodedBody, IndexedReject } from './decoded.js';

export interface PushDecodeOptions {
  /** Service of records that name none. */
  defaultService: string;
  fieldMap?: Partial<JsonFieldMap>;
  /** SourcePos.file of the records and rejects. */
  file: string;
}

const NEWLINE = 10;

export function decodeNdjson(body: Buffer, opts: PushDecodeOptions): DecodedBody {
  const out = collector(opts);
  let index = 0;
  for (let start = 0; start < body.length; index++) {
    const newline = body.indexOf(NEWLINE, start);
    const end = newline === -1 ? body.length : newline;
    const text = body.toString('utf8', start, end).trim();
    if (text !== '') {
      const source = { file: opts.file, line: index + 1, offset: start };
      const value = parseJson(text);
      if (value === INVALID) out.reject(index, 'invalid JSON', text, source);
      else out.add(index, value, source);
    }
    start = end + 1;
  }
  return out.result();
}

export function decodeJsonArray(body: Buffer, opts: PushDecodeOptions): DecodedBody {
  const text = body.toString('utf8').trim();
  if (text === '') return { kind: 'invalid', reason: 'the body is empty: send a JSON array of log objects' };
  const value = parseJson(text);
  if (value === INVALID) return { kind: 'invalid', reason: 'the body is not valid JSON: send a JSON array of log objects (or NDJSON as application/x-ndjson)' };
  const items = Array.isArray(value) ? value : isObject(value) ? [value] : null;
  if (items === null) return { kind: 'invalid', reason: 'the body must be a JSON array of log objects' };
  const out = collector(opts);
  items.forEach((item, index) => out.add(index, item, { file: opts.file, line: index + 1, offset: 0 }));
  return out.result();
}

const INVALID = Symbol('invalid JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Maps objects with one environment per body and gathers the records and indexed rejects. */
function collector(opts: PushDecodeOptions) {
  const fields = jsonFieldMap(opts.fieldMap);
  const env: RecordEnv = { time: timestampContext(), fallbackService: opts.defaultService, file: opts.file };
  const records: LogRecord[] = [];
  const rejects: IndexedReject[] = [];
  const reject = (index: number, reason: string, raw: string, source: SourcePos) => rejects.push({ index, reject: makeReject(reason, raw, source) });
  return {
    reject,
    add(index: number, value: unknown, source: SourcePos) {
      const record = jsonRecord(value, fields, env, source);
      // The mapping validates before it removes the keys it uses, so a rejected object is still whole.
      if (typeof record === 'string') reject(index, record, JSON.stringify(value) ?? String(value), source);
      else records.push(record);
    },
    result: (): DecodedBody => ({ kind: 'decoded', records, rejects }),
  };
}
