import { describe, expect, it } from 'vitest';
import type { DecodedBody } from './decoded.js';
import { decodeJsonArray, decodeNdjson } from './json-body.js';

const opts = { defaultService: 'shop', file: 'http' };
const T = '2026-03-01T10:00:00Z';

function decoded(body: DecodedBody) {
  if (body.kind !== 'decoded') throw new Error(`invalid: ${body.reason}`);
  return body;
}

describe('decodeNdjson', () => {
  it('maps each line with the JSON field mapping, the default service for objects naming none', () => {
    const body = Buffer.from(`{"ts":"${T}","msg":"paid","level":"warn","user":"ann","order":7}\r\n{"time":1772359200000,"service":"cart","message":"added"}\n`);
    const { records, rejects } = decoded(decodeNdjson(body, opts));
    expect(rejects).toEqual([]);
    expect(records).toEqual([
      { ts: Date.parse(T), service: 'shop', level: 'WARN', rawLevel: 'warn', user: 'ann', message: 'paid', attrs: { order: 7 }, source: { file: 'http', line: 1, offset: 0 } },
      expect.objectContaining({ ts: 1772359200000, service: 'cart', message: 'added', source: { file: 'http', line: 2, offset: body.indexOf('{"time"') } }),
    ]);
  });

  it('rejects bad lines with their 0-based index and keeps the others; blank lines count but yield nothing', () => {
    const body = Buffer.from(`\n[1,2]\n{"ts":"${T}","message":"ok"}\n{"ts":"yesterday","message":"x"}\n{broken`);
    const { records, rejects } = decoded(decodeNdjson(body, opts));
    expect(records.map((r) => r.message)).toEqual(['ok']);
    expect(rejects.map((r) => [r.index, r.reject.reason, r.reject.raw])).toEqual([
      [1, 'not a JSON object', '[1,2]'],
      [3, 'invalid timestamp', '{"ts":"yesterday","message":"x"}'],
      [4, 'invalid JSON', '{broken'],
    ]);
  });

  it('applies field map overrides', () => {
    const body = Buffer.from(`{"when":"${T}","text":"hi","svc":"edge"}\n`);
    const { records } = decoded(decodeNdjson(body, { ...opts, fieldMap: { ts: ['when'], message: ['text'], service: ['svc'] } }));
    expect(records.map((r) => [r.ts, r.message, r.service])).toEqual([[Date.parse(T), 'hi', 'edge']]);
  });
});

describe('decodeJsonArray', () => {
  it('maps each element, indexing rejects by their position', () => {
    const body = Buffer.from(JSON.stringify([{ ts: T, message: 'a' }, 'text', { message: 'no time' }]));
    const { records, rejects } = decoded(decodeJsonArray(body, opts));
    expect(records.map((r) => [r.message, r.source.line])).toEqual([['a', 1]]);
    expect(rejects.map((r) => [r.index, r.reject.reason])).toEqual([[1, 'not a JSON object'], [2, 'missing timestamp']]);
  });

  it('takes a single object as a one-element array', () => {
    expect(decoded(decodeJsonArray(Buffer.from(`{"ts":"${T}","message":"solo"}`), opts)).records).toHaveLength(1);
  });

  it('says in one sentence why a body is unusable', () => {
    expect(decodeJsonArray(Buffer.from('[{"ts":'), opts)).toEqual({
      kind: 'invalid', reason: 'the body is not valid JSON: send a JSON array of log objects (or NDJSON as application/x-ndjson)',
    });
    expect(decodeJsonArray(Buffer.from('"just a string"'), opts)).toEqual({ kind: 'invalid', reason: 'the body must be a JSON array of log objects' });
    expect(decodeJsonArray(Buffer.from('  '), opts)).toEqual({ kind: 'invalid', reason: 'the body is empty: send a JSON array of log objects' });
  });
});
