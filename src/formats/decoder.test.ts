import { describe, expect, it } from 'vitest';
import { decodeAll, rawLinesFrom, readFixture, recordsOf, rejectsOf } from '../../test/fixtures/formats/load.js';
import type { RawLine } from '../sources/raw-line.js';
import { createDecoder } from './decoder.js';
import { FORMAT_NAMES, FormatError, type Decoded, type FormatName } from './format.js';

const every = (preset = 'HDFS'): [FormatName, string | undefined][] => FORMAT_NAMES.map((format) => [format, format === 'line' ? preset : undefined]);

describe('createDecoder', () => {
  it.each([
    [{ format: 'xml' }, /unknown format 'xml': use one of line, clf, syslog, json, cloudtrail, loghub-csv/],
    [{ format: 'auto' }, /unknown format 'auto'/],
    [{ format: 'line' }, /needs a preset/],
    [{ format: 'line', preset: 'HDSF' }, /unknown preset 'HDSF': use one of HDFS, /],
    [{ format: 'line', preset: 'HDFS', lineFormat: '<Date> <Content>' }, /either a preset or a line format/],
    [{ format: 'json', preset: 'HDFS' }, /only applies to format 'line'/],
    [{ format: 'line', lineFormat: 'no fields' }, /has no field/],
    [{ format: 'line', lineFormat: '<Level> <Content>' }, /no timestamp/],
    [{ format: 'json', timezone: 'Nowhere/Land' }, /unknown time zone/],
  ])('refuses %j with a FormatError', (opts, message) => {
    const create = () => createDecoder(opts as Parameters<typeof createDecoder>[0]);
    expect(create).toThrow(FormatError);
    expect(create).toThrow(message);
  });

  it.each([
    ['line', 'generic', 'generic.log'], ['line', 'HDFS', 'hdfs.log'], ['clf', undefined, 'access-combined.log'], ['syslog', undefined, 'syslog-5424.log'],
    ['json', undefined, 'broken.ndjson'], ['json', undefined, 'pretty.json'], ['cloudtrail', undefined, 'cloudtrail-pretty.json'], ['loghub-csv', undefined, 'loghub-structured.csv'],
  ] as [FormatName, string | undefined, string][])('%s (%s) appends to a given array what it would return line by line (%s)', (format, preset, fixture) => {
    const lines = readFixture(fixture);
    const expected = decodeAll(createDecoder({ format, preset }), lines);
    const decoder = createDecoder({ format, preset });
    const out: Decoded[] = [];
    for (const line of lines) expect(decoder.push(line, out)).toBe(out);
    out.push(...decoder.flush());
    expect(out).toEqual(expected);
    expect(out.length).toBeGreaterThan(1);
  });

  it('describes each decoder', () => {
    expect(every().map(([format, preset]) => createDecoder({ format, preset }).description)).toEqual([
      'line (preset HDFS)', 'clf (common/combined)', 'syslog (RFC 3164/5424)', 'json', 'cloudtrail', 'loghub-csv',
    ]);
    expect(createDecoder({ format: 'line', lineFormat: '<Time> <Content>' }).description).toBe('line (<Time> <Content>)');
  });

  it('gives every record one shape, whatever the format and whichever optional fields it had', () => {
    const shapes = new Set<string>();
    const fixtures: [Parameters<typeof createDecoder>[0], string][] = [
      [{ format: 'line', preset: 'generic' }, 'generic.log'], [{ format: 'line', preset: 'HDFS' }, 'hdfs.log'],
      [{ format: 'clf' }, 'access-combined.log'], [{ format: 'clf' }, 'access-common.log'],
      [{ format: 'syslog' }, 'syslog-3164.log'], [{ format: 'syslog' }, 'syslog-5424.log'],
      [{ format: 'json' }, 'app.ndjson'], [{ format: 'cloudtrail' }, 'cloudtrail-events.ndjson'], [{ format: 'loghub-csv' }, 'loghub-structured.csv'],
    ];
    let withUser = 0;
    for (const [opts, name] of fixtures) {
      for (const r of recordsOf(decodeAll(createDecoder(opts), readFixture(name)))) {
        shapes.add(Object.keys(r).join());
        if (r.user !== undefined) withUser++;
      }
    }
    expect([...shapes]).toEqual(['ts,service,host,level,rawLevel,user,message,attrs,source']);
    expect(withUser).toBeGreaterThan(0);
  });

  it('decodes a custom line format', () => {
    const lines = rawLinesFrom(['2024-01-15 10:23:45 [worker-3] WARN queue full (size=100)']);
    const [record] = recordsOf(decodeAll(createDecoder({ format: 'line', lineFormat: String.raw`<Date> <Time> \[<Thread>\] <Level> <Content>`, service: 'jobs' }), lines));
    expect(record).toMatchObject({ ts: Date.UTC(2024, 0, 15, 10, 23, 45), level: 'WARN', service: 'jobs', message: 'queue full (size=100)', attrs: { Thread: 'worker-3' } });
  });

  it('applies the time zone to zone-less timestamps', () => {
    const [record] = recordsOf(decodeAll(createDecoder({ format: 'line', preset: 'HDFS', timezone: '-08:00' }), readFixture('hdfs.log')));
    expect(record.ts).toBe(Date.UTC(2008, 10, 10, 17, 15, 2));
  });
});

describe('bad input becomes rejects, never exceptions', () => {
  it.each(every())('binary garbage → "binary data" (%s)', (format, preset) => {
    const rejects = rejectsOf(decodeAll(createDecoder({ format, preset }), readFixture('binary.bin')));
    expect(rejects.map((r) => r.reason)).toEqual(['binary data', 'binary data']);
    expect(rejects[0].source).toEqual({ file: '-', line: 1, offset: 0 });
  });

  it.each(every())('a line the source cut → "line too long" (%s)', (format, preset) => {
    const cut: RawLine = { text: '{"a":"0123', line: 1, offset: 0, end: 5_000_000, truncated: true };
    const items = decodeAll(createDecoder({ format, preset }), [cut]);
    expect(items).toEqual([{ kind: 'reject', reject: { reason: 'line too long', raw: '{"a":"0123', source: { file: '-', line: 1, offset: 0 } }, end: 5_000_000 }]);
  });

  it('truncates the raw text of rejects', () => {
    const [reject] = rejectsOf(decodeAll(createDecoder({ format: 'clf' }), rawLinesFrom(['x'.repeat(10_000)])));
    expect(reject.raw).toHaveLength(2048);
  });

  it('keeps text lines with a few invalid UTF-8 bytes and marks them', () => {
    const items = decodeAll(createDecoder({ format: 'line', preset: 'HDFS' }), readFixture('invalid-utf8.log'));
    expect(items.map((item) => item.kind)).toEqual(['record', 'reject', 'record']);
    expect(recordsOf(items)[0]).toMatchObject({ message: 'Receiving block blk_1 from host-\uFFFD\uFFFD ok', attrs: { invalidUtf8: true } });
    expect(rejectsOf(items)[0].reason).toBe('binary data');
  });

  it('strips ANSI colours and carriage returns', () => {
    const [record] = recordsOf(decodeAll(createDecoder({ format: 'line', preset: 'generic' }), readFixture('ansi.log')));
    expect(record).toMatchObject({ level: 'INFO', service: 'auth', user: 'carol', message: 'user=carol Login succeeded' });
  });

  it.each(every('generic'))('survives hostile lines (%s)', (format, preset) => {
    const hostile = ['', '{', '}', ']', '[', '"', '\\', '{"a":', '<999>', '<1>1', '[', '\uFFFD', 'LineId,', ',,,,', '{"Records":[{', '"', '}]}', '\u0000', ' '.repeat(1000), '{'.repeat(500), ']'.repeat(500), '"'.repeat(501)];
    const decoder = createDecoder({ format, preset });
    const items = [...hostile.flatMap((text, k) => decoder.push({ text, line: k + 1, offset: k, end: k + 1 })), ...decoder.flush()];
    expect(items.every((item) => item.kind === 'reject' || item.kind === 'record')).toBe(true);
    expect(rejectsOf(items).length).toBeGreaterThan(0);
  });

  it('emits items in input order with increasing ends', () => {
    for (const [format, preset, fixture] of [['line', 'Hadoop', 'hadoop.log'], ['json', undefined, 'broken.ndjson'], ['cloudtrail', undefined, 'cloudtrail-pretty.json']] as const) {
      const ends = decodeAll(createDecoder({ format, preset }), readFixture(fixture)).map((item) => item.end);
      expect(ends).toEqual([...ends].sort((a, b) => a - b));
    }
  });
});
