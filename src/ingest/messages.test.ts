import { describe, expect, it } from 'vitest';
import { createDecoder } from '../formats/index.js';
import { decodeMessages } from './messages.js';

describe('decodeMessages', () => {
  it('gives each message its records at once, continuation lines included, numbered by the message', () => {
    const decoder = createDecoder({ format: 'syslog', fileName: 'syslog' });
    const { records, rejects } = decodeMessages(decoder, [
      { text: '<11>1 2026-03-01T10:00:00Z h app - - - crash\n  at main()', line: 7, offset: 0 },
      { text: 'not syslog', line: 8, offset: 60 },
      { text: '<14>Mar  1 10:00:01 h cron[9]: tick', line: 9, offset: 71 },
    ]);
    expect(records.map((r) => [r.message, r.level, r.source.line])).toEqual([['crash\n  at main()', 'ERROR', 7], ['tick', 'INFO', 9]]);
    expect(rejects.map((r) => [r.reason, r.raw, r.source.line, r.source.offset])).toEqual([['no header match', 'not syslog', 8, 60]]);
  });

  it('decodes several JSON lines of one message as several records', () => {
    const decoder = createDecoder({ format: 'json', fileName: 'nats' });
    const text = '{"ts":"2026-03-01T10:00:00Z","message":"a"}\n{"ts":"2026-03-01T10:00:01Z","message":"b"}';
    expect(decodeMessages(decoder, [{ text, line: 3, offset: 0 }]).records.map((r) => [r.message, r.service])).toEqual([['a', 'nats'], ['b', 'nats']]);
  });
});
