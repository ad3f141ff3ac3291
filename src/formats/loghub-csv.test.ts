import { describe, expect, it } from 'vitest';
import { decodeAll, rawLinesFrom, readFixture, recordsOf, rejectsOf } from '../../test/fixtures/formats/load.js';
import { createDecoder } from './decoder.js';

const decode = (lines = readFixture('loghub-structured.csv')) => decodeAll(createDecoder({ format: 'loghub-csv', fileName: 'HDFS_2k.log_structured.csv' }), lines);

describe('loghub-csv', () => {
  it('decodes rows with the semantics of the preset whose fields the header names', () => {
    const [first] = recordsOf(decode());
    expect(first).toMatchObject({
      ts: Date.UTC(2008, 10, 10, 9, 15, 2), service: 'dfs.DataNode$DataXceiver', level: 'INFO', rawLevel: 'INFO',
      message: 'Receiving block blk_4419302856471228813 src: /10.251.42.16:40412 dest: /10.251.42.16:50010',
      attrs: { LineId: '1', Pid: '221', EventId: 'E5', EventTemplate: 'Receiving block <*> src: <*> dest: <*>' },
    });
  });

  it('honours CSV quoting, including fields that span lines', () => {
    const items = decode();
    const records = recordsOf(items);
    expect(records[1].message).toBe('PacketResponder 2 for block blk_4419302856471228813 terminating, says "done"');
    expect(records[2]).toMatchObject({ message: 'a content that\nspans two lines', level: 'WARN' });
    expect(records[2].source.line).toBe(4);
    expect(items[2].end).toBe(readFixture('loghub-structured.csv')[4].end);
  });

  it('rejects rows with the wrong number of columns', () => {
    expect(rejectsOf(decode()).map((r) => [r.reason, r.source.line])).toEqual([['wrong column count', 6]]);
  });

  it('maps custom headers by column name', () => {
    const [record] = recordsOf(decodeAll(createDecoder({ format: 'loghub-csv' }), readFixture('custom-structured.csv')));
    expect(record).toMatchObject({ ts: Date.UTC(2024, 4, 6, 7, 8, 9), level: 'ERROR', service: 'billing', message: 'charge failed for order 7' });
  });

  it('rejects rows without a header, headers without a time column, and an unclosed quote at the end', () => {
    expect(rejectsOf(decode(rawLinesFrom(['1,2,3']))).map((r) => r.reason)).toEqual(['missing CSV header']);
    expect(rejectsOf(decode(rawLinesFrom(['LineId,Level,Content', '1,INFO,x']))).map((r) => r.reason)).toEqual(['missing timestamp']);
    const open = rawLinesFrom(['LineId,Time,Content', '1,2024-01-01 00:00:00,"never closed']);
    expect(rejectsOf(decode(open)).map((r) => [r.reason, r.source.line])).toEqual([['unclosed CSV quote', 2]]);
  });
});

describe('loghub-csv quoted fields over many lines', () => {
  it('joins them, doubled quotes included, and rejects rows beyond the size limit', () => {
    const long = Array.from({ length: 2000 }, () => 'x'.repeat(600));
    const lines = rawLinesFrom(['LineId,Time,Content', '1,2024-01-01 00:00:00,"first', 'say ""hi""', 'last"', '2,2024-01-01 00:00:01,"', ...long, '"', '3,2024-01-01 00:00:02,after']);
    const items = decode(lines);
    expect(recordsOf(items).map((r) => r.message)).toEqual(['first\nsay "hi"\nlast', 'after']);
    expect(rejectsOf(items).map((r) => [r.reason, r.source.line])).toEqual([['record too long', 5]]);
  });
});
