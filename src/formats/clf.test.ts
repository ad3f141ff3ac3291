import { describe, expect, it } from 'vitest';
import { decodeAll, rawLinesFrom, readFixture, recordsOf, rejectsOf } from '../../test/fixtures/formats/load.js';
import { levelOfStatus } from './clf.js';
import { createDecoder } from './decoder.js';

const decode = (fixture: string, service?: string) => decodeAll(createDecoder({ format: 'clf', fileName: fixture, service }), readFixture(fixture));

describe('clf', () => {
  it('decodes the common log format', () => {
    const records = recordsOf(decode('access-common.log'));
    expect(records).toHaveLength(4);
    expect(records[0]).toMatchObject({
      ts: Date.UTC(2024, 0, 15, 10, 23, 45), service: 'access-common', level: 'INFO', rawLevel: '200', message: 'GET /index.html HTTP/1.1 200',
      attrs: { ip: '203.0.113.9', method: 'GET', path: '/index.html', protocol: 'HTTP/1.1', status: 200, bytes: 5120 },
    });
    // Stored as JSON: the key order is part of what a re-ingest must reproduce.
    expect(JSON.stringify(records[0].attrs)).toBe('{"ip":"203.0.113.9","method":"GET","path":"/index.html","protocol":"HTTP/1.1","status":200,"bytes":5120}');
    expect(records[0].user).toBeUndefined();
    expect(records[1]).toMatchObject({ user: 'frank', level: 'WARN' });
    expect(records[2].attrs.bytes).toBe(0);
    expect(records[3]).toMatchObject({ ts: Date.UTC(2024, 0, 15, 10, 23, 52), level: 'ERROR' });
  });

  it('decodes the combined format with referer, user agent, escaped quotes and trailing fields', () => {
    const records = recordsOf(decode('access-combined.log'));
    expect(records[0].attrs).toMatchObject({ referer: 'https://example.org/', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' });
    expect(records[1].attrs.referer).toBeUndefined();
    expect(records[2]).toMatchObject({ message: 'GET /search?q="quoted" HTTP/1.1 500', attrs: { path: '/search?q="quoted"', extra: '0.231' } });
    expect(records[3]).toMatchObject({ message: '- 400', attrs: { ip: '192.0.2.45', status: 400 } });
    expect(records[3].attrs.method).toBeUndefined();
  });

  it('uses the forced service over the file name, and "access" without either', () => {
    expect(recordsOf(decode('access-common.log', 'edge'))[0].service).toBe('edge');
    const [line] = rawLinesFrom(['1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] "GET / HTTP/1.1" 200 1']);
    expect(recordsOf(decodeAll(createDecoder({ format: 'clf' }), [line]))[0].service).toBe('access');
  });

  it('rejects other lines instead of joining them', () => {
    const lines = rawLinesFrom(['1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] "GET / HTTP/1.1" 200 1', '\tindented', '1.2.3.4 - - [45/Jan/2024:10:23:45 +0000] "GET / HTTP/1.1" 200 1']);
    expect(rejectsOf(decodeAll(createDecoder({ format: 'clf' }), lines)).map((r) => r.reason)).toEqual(['continuation without a record', 'invalid timestamp']);
  });

  it('levels by status class', () => {
    expect(['200', '302', '404', '418', '500', '503'].map(levelOfStatus)).toEqual(['INFO', 'INFO', 'WARN', 'WARN', 'ERROR', 'ERROR']);
  });
});
