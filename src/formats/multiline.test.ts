import { describe, expect, it } from 'vitest';
import { rawLinesFrom } from '../../test/fixtures/formats/load.js';
import type { RawLine } from '../sources/raw-line.js';
import { createRecordEnv } from './env.js';
import type { Decoded } from './format.js';
import { createLineHeader, lineFormatSpec } from './line-decoder.js';
import { createMultilineDecoder, DEFAULT_MULTILINE, type MultilineOptions } from './multiline.js';

const env = createRecordEnv({ fileName: 'app.log' }, 'unknown');
const decoderWith = (options: MultilineOptions = DEFAULT_MULTILINE) =>
  createMultilineDecoder(createLineHeader(lineFormatSpec({ preset: 'generic' }), env), env, options);

/** What each push returned, as short strings: "R<line>:<message>" or "X<line>:<reason>". */
const trace = (lines: RawLine[], options?: MultilineOptions): string[][] => {
  const decoder = decoderWith(options);
  const show = (items: Decoded[]) =>
    items.map((item) => (item.kind === 'record' ? `R${item.record.source.line}:${item.record.message}` : `X${item.reject.source.line}:${item.reject.reason}`));
  return [...lines.map((line) => show(decoder.push(line))), show(decoder.flush())];
};

describe('multi-line records', () => {
  it('holds each record until the next header and joins continuation lines with \\n', () => {
    const lines = rawLinesFrom([
      '2024-01-15T10:00:00Z ERROR api request failed',
      'java.lang.IllegalStateException: boom',
      '\tat com.example.Api.handle(Api.java:42)',
      'Caused by: java.io.IOException: reset',
      '2024-01-15T10:00:01Z INFO api recovered',
    ]);
    expect(trace(lines)).toEqual([
      [], [], [], [],
      ['R1:request failed\njava.lang.IllegalStateException: boom\n\tat com.example.Api.handle(Api.java:42)\nCaused by: java.io.IOException: reset'],
      ['R5:recovered'],
    ]);
  });

  it('ends a record at its last physical line', () => {
    const lines = rawLinesFrom(['2024-01-15T10:00:00Z ERROR api failed', '\tat x', '2024-01-15T10:00:01Z INFO api ok']);
    const decoder = decoderWith();
    const items = [...lines.flatMap((line) => decoder.push(line)), ...decoder.flush()];
    expect(items.map((item) => item.end)).toEqual([lines[1].end, lines[2].end]);
  });

  it('rejects continuation lines that have no record before them', () => {
    const lines = rawLinesFrom(['\tat com.example.Orphan(Orphan.java:1)', 'plain words first', '2024-01-15T10:00:00Z INFO api ok']);
    expect(trace(lines)).toEqual([['X1:continuation without a record'], ['X2:no header match'], [], ['R3:ok']]);
  });

  it('rejects a header with a bad timestamp and the lines that followed it', () => {
    const lines = rawLinesFrom(['2024-01-15T10:00:00Z INFO api one', '2024-02-30T10:00:00Z ERROR api two', '\tat x', '2024-01-15T10:00:02Z INFO api three']);
    expect(trace(lines)).toEqual([[], ['R1:one', 'X2:invalid timestamp'], ['X3:continuation without a record'], [], ['R4:three']]);
  });

  it('skips blank lines without ending the record', () => {
    const lines = rawLinesFrom(['2024-01-15T10:00:00Z INFO api one', '', '   ', '\tmore']);
    expect(trace(lines)).toEqual([[], [], [], [], ['R1:one\n\tmore']]);
  });

  it('releases the held record before a line it cannot read, keeping the order', () => {
    const lines = rawLinesFrom(['2024-01-15T10:00:00Z INFO api one', 'bin\0ary']);
    expect(trace(lines)).toEqual([[], ['R1:one', 'X2:binary data'], []]);
  });

  it('rejects lines beyond the message limit until the next header', () => {
    const lines = rawLinesFrom(['2024-01-15T10:00:00Z INFO api 0123456789', '\tabcdefghij', '\tklmnopqrst', '\tuvwxyz', '2024-01-15T10:00:01Z INFO api next']);
    expect(trace(lines, { continuations: true, maxMessageChars: 25 })).toEqual([
      [], [], ['R1:0123456789\n\tabcdefghij', 'X3:record too long'], ['X4:record too long'], [], ['R5:next'],
    ]);
  });

  it('emits every record at once when continuations are off', () => {
    const lines = rawLinesFrom(['2024-01-15T10:00:00Z INFO api one', '\tat x', '2024-01-15T10:00:01Z INFO api two']);
    expect(trace(lines, { ...DEFAULT_MULTILINE, continuations: false })).toEqual([['R1:one'], ['X2:continuation without a record'], ['R3:two'], []]);
  });

  it('stays usable after flush (a followed file that went idle)', () => {
    const decoder = decoderWith();
    const [first, second] = rawLinesFrom(['2024-01-15T10:00:00Z INFO api one', '2024-01-15T10:00:01Z INFO api two']);
    decoder.push(first);
    expect(decoder.flush()).toHaveLength(1);
    expect(decoder.push(second)).toEqual([]);
    expect(decoder.flush().map((item) => item.kind === 'record' && item.record.message)).toEqual(['two']);
  });

  it('marks records read from invalid UTF-8 bytes', () => {
    const decoder = decoderWith();
    decoder.push({ text: '2024-01-15T10:00:00Z INFO api caf\uFFFD open', line: 1, offset: 0, end: 40, invalidUtf8: true });
    const [item] = decoder.flush();
    expect(item.kind === 'record' && item.record.attrs.invalidUtf8).toBe(true);
  });
});
