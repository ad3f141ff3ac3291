import { describe, expect, it } from 'vitest';
import { decodeAll, rawLinesFrom, readFixture, recordsOf, rejectsOf } from '../../test/fixtures/formats/load.js';
import { createDecoder } from './decoder.js';
import { parseStructuredData } from './syslog-sd.js';

const NOW = Date.UTC(2025, 10, 21);
const decode = (lines = readFixture('syslog-3164.log')) => decodeAll(createDecoder({ format: 'syslog', fileName: 'syslog', now: NOW }), lines);

describe('syslog RFC 3164', () => {
  it('reads priority, guessed year, host, tag and pid', () => {
    const records = recordsOf(decode());
    expect(records).toHaveLength(5);
    expect(records[0]).toMatchObject({
      ts: Date.UTC(2025, 9, 11, 22, 14, 15), host: 'mymachine', service: 'su', level: 'FATAL', rawLevel: 'crit',
      message: "'su root' failed for lonvick on /dev/pts/8", attrs: { facility: 'auth' },
    });
    expect(records[1]).toMatchObject({ service: 'nginx', level: 'INFO', rawLevel: 'notice', attrs: { pid: '1123', facility: 'user' } });
  });

  it('takes the level from the message when there is no priority', () => {
    const records = recordsOf(decode());
    expect(records[2]).toMatchObject({ service: 'CRON', level: 'INFO', attrs: { pid: '2231' } });
    expect(records[2].rawLevel).toBeUndefined();
    expect(records[3]).toMatchObject({ service: 'kernel', level: 'ERROR', message: '[12345.678901] eth0: link down, error recovery started' });
  });

  it('accepts the ISO timestamps rsyslog writes', () => {
    expect(recordsOf(decode())[4]).toMatchObject({ ts: Date.UTC(2024, 1, 5, 16, 32, 21, 123), service: 'systemd', attrs: { pid: '1' } });
  });

  it('keeps a message without a tag, with the file name as service', () => {
    const [record] = recordsOf(decode(rawLinesFrom(['Feb  5 17:32:18 web01 last message repeated 3 times'])));
    expect(record).toMatchObject({ host: 'web01', service: 'syslog', message: 'last message repeated 3 times' });
  });

  it('joins indented continuation lines and rejects bad priorities', () => {
    const items = decode(rawLinesFrom(['<13>Feb  5 17:32:18 web01 app: first', '  second', '<999>Feb  5 17:32:18 web01 app: bad']));
    expect(recordsOf(items)[0].message).toBe('first\n  second');
    expect(rejectsOf(items).map((r) => r.reason)).toEqual(['invalid priority']);
  });
});

describe('syslog RFC 5424', () => {
  it('reads header fields and structured data', () => {
    const records = recordsOf(decode(readFixture('syslog-5424.log')));
    expect(records).toHaveLength(4);
    expect(records[0]).toMatchObject({
      ts: Date.UTC(2003, 9, 11, 22, 14, 15, 3), host: 'mymachine.example.com', service: 'evntslog', level: 'INFO', rawLevel: 'notice',
      message: 'An application event log entry',
      attrs: { msgId: 'ID47', facility: 'local4', sd: { 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' } } },
    });
    expect(records[1]).toMatchObject({ service: 'su', level: 'FATAL', message: "'su root' failed for lonvick on /dev/pts/8" });
    expect(records[1].attrs.sd).toBeUndefined();
    expect(records[2]).toMatchObject({ ts: Date.UTC(2024, 1, 5, 16, 32, 18, 500), attrs: { procId: '2231', sd: { meta: { sequenceId: '29', note: 'a "quoted" ] value' } } } });
  });

  it('treats "-" as absent values', () => {
    const record = recordsOf(decode(readFixture('syslog-5424.log')))[3];
    expect(record).toMatchObject({ service: 'syslog', message: '', attrs: { facility: 'user' } });
    expect(record.host).toBeUndefined();
  });

  it('rejects a missing timestamp', () => {
    expect(rejectsOf(decode(rawLinesFrom(['<14>1 - host app - - - hello']))).map((r) => r.reason)).toEqual(['missing timestamp']);
  });
});

describe('parseStructuredData', () => {
  it('parses several elements and escapes', () => {
    const text = '[a x="1"][b y="q\\"\\\\"] msg';
    expect(parseStructuredData(text, 0)).toEqual({ elements: { a: { x: '1' }, b: { y: 'q"\\' } }, end: text.indexOf(' msg') });
  });

  it('refuses malformed data', () => {
    for (const text of ['[a x=1]', '[a x="1"', 'plain', '[ x="1"]']) expect(parseStructuredData(text, 0)).toBeUndefined();
  });
});
