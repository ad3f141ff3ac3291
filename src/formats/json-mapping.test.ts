import { describe, expect, it } from 'vitest';
import { decodeAll, readFixture, recordsOf, rejectsOf } from '../../test/fixtures/formats/load.js';
import { createDecoder } from './decoder.js';
import type { RecordEnv } from './fields.js';
import { jsonFieldMap, jsonRecord, take } from './json-mapping.js';
import { timestampContext } from './timestamp.js';

const env: RecordEnv = { time: timestampContext(), fallbackService: 'app', file: 'app.ndjson' };
const source = { file: 'app.ndjson', line: 1, offset: 0 };
const map = (value: unknown, fields = jsonFieldMap()) => jsonRecord(value, fields, env, source);

describe('json mapping', () => {
  it('maps the default keys and keeps the rest as attrs', () => {
    const records = recordsOf(decodeAll(createDecoder({ format: 'json', fileName: 'app.ndjson' }), readFixture('app.ndjson')));
    expect(records).toHaveLength(5);
    expect(records[0]).toEqual({
      ts: Date.UTC(2024, 2, 1, 8, 0, 1, 250), service: 'checkout', level: 'INFO', rawLevel: 'info', user: 'alice', host: 'web-1',
      message: 'order placed', attrs: { orderId: 'A-1001' }, source: { file: 'app.ndjson', line: 1, offset: 0 },
    });
  });

  it('reaches nested keys and removes the emptied parents', () => {
    const records = recordsOf(decodeAll(createDecoder({ format: 'json' }), readFixture('app.ndjson')));
    expect(records[1]).toMatchObject({ ts: 1_709_280_002_000, service: 'payments', level: 'ERROR', message: 'card declined', attrs: { service: { version: '2.1' }, code: '51' } });
    expect(records[4]).toMatchObject({ level: 'WARN', user: 'bob', host: 'web-2', attrs: {} });
  });

  it('reads numeric pino and syslog levels and epoch milliseconds', () => {
    expect(map({ ts: 1_709_280_003_500, level: 50, msg: 'x' })).toMatchObject({ ts: 1_709_280_003_500, level: 'ERROR', rawLevel: '50' });
    expect(map({ ts: 1, level: 30, msg: 'x' })).toMatchObject({ level: 'INFO' });
    expect(map({ ts: 1, level: 60, msg: 'x' })).toMatchObject({ level: 'FATAL' });
    expect(map({ ts: 1, level: 4, msg: 'x' })).toMatchObject({ level: 'WARN' });
  });

  it('uses the compact JSON of the other fields when there is no message', () => {
    expect(map({ timestamp: '2024-03-01 08:00:04', app: 'search', query: 'red shoes', took_ms: 38 })).toMatchObject({
      service: 'search', message: '{"query":"red shoes","took_ms":38}', attrs: { query: 'red shoes', took_ms: 38 },
    });
  });

  it('takes the level from the message when there is none, and the fallback service', () => {
    expect(map({ time: '2024-03-01T08:00:00Z', msg: 'payment failed' })).toMatchObject({ level: 'ERROR', service: 'app' });
  });

  it('follows field-map overrides', () => {
    const fields = jsonFieldMap({ ts: ['eventTime'], message: ['text'], service: ['component'] });
    expect(map({ eventTime: '2024-03-01T08:00:00Z', text: 'hi', component: 'c', timestamp: 'kept' }, fields)).toMatchObject({
      ts: Date.UTC(2024, 2, 1, 8), message: 'hi', service: 'c', attrs: { timestamp: 'kept' },
    });
  });

  it('rejects non-objects and missing or unreadable timestamps without altering the event', () => {
    expect(map([1, 2])).toBe('not a JSON object');
    const event = { ts: 'yesterday', msg: 'x' };
    expect(map(event)).toBe('invalid timestamp');
    expect(event).toEqual({ ts: 'yesterday', msg: 'x' });
    const items = decodeAll(createDecoder({ format: 'json' }), readFixture('broken.ndjson'));
    expect(rejectsOf(items).map((r) => r.reason)).toEqual(['invalid JSON', 'invalid JSON', 'invalid JSON', 'invalid JSON', 'not a JSON object', 'missing timestamp', 'invalid timestamp']);
    expect(rejectsOf(items).at(-1)?.raw).toBe('{"ts":"yesterday","msg":"bad timestamp"}');
    expect(recordsOf(items).map((r) => r.message)).toEqual(['first', 'after the break', 'resynchronised']);
  });
});

describe('take', () => {
  it('prefers a literal dotted key over a nested path and skips non-scalars', () => {
    expect(take({ 'service.name': 'flat', service: { name: 'nested' } }, ['service.name'])).toBe('flat');
    expect(take({ service: { name: 'nested' } }, ['service', 'service.name'])).toBe('nested');
    expect(take({ service: ['x'] }, ['service'])).toBeUndefined();
  });

  it('can look without removing', () => {
    const obj = { a: { b: 1 } };
    expect(take(obj, ['a.b'], false)).toBe(1);
    expect(obj).toEqual({ a: { b: 1 } });
    expect(take(obj, ['a.b'])).toBe(1);
    expect(obj).toEqual({});
  });
});
