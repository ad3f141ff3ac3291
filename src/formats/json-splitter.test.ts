import { describe, expect, it } from 'vitest';
import { rawLinesFrom, readFixture } from '../../test/fixtures/formats/load.js';
import type { RawLine } from '../sources/raw-line.js';
import { JsonSplitter, type JsonPiece } from './json-splitter.js';

/** Feed lines through a splitter; pieces as "V<line>-<endLine>:<json>" or "E<line>-<endLine>:<reason>". */
const split = (lines: RawLine[], splitter = new JsonSplitter()): string[] => {
  const pieces: JsonPiece[] = [];
  for (const line of lines) splitter.push(line, line.text.trimEnd(), pieces);
  splitter.finish(pieces);
  const lastLine = (end: number) => lines.findIndex((line) => line.end === end) + 1;
  return pieces.map((p) => (p.kind === 'value' ? `V${p.line}-${lastLine(p.end)}:${JSON.stringify(p.value)}` : `E${p.line}-${lastLine(p.end)}:${p.reason}`));
};

describe('JsonSplitter', () => {
  it('reads NDJSON line by line', () => {
    expect(split(rawLinesFrom(['{"a":1}', '{"b":[1,{"c":2}]}']))).toEqual(['V1-1:{"a":1}', 'V2-2:{"b":[1,{"c":2}]}']);
  });

  it('reads pretty-printed objects spanning lines, ignoring brackets inside strings', () => {
    expect(split(readFixture('pretty.json'))).toEqual([
      'V1-7:{"timestamp":"2024-03-01T09:00:00Z","level":"warn","service":"inventory","message":"stock low","item":{"sku":"SKU-9","left":2,"note":"brace } and bracket ] in a string"}}',
      'V8-13:{"timestamp":"2024-03-01T09:00:01Z","level":"info","service":"inventory","message":"restocked"}',
    ]);
  });

  it('streams the elements of a top-level array', () => {
    const pieces = split(readFixture('array.json'));
    expect(pieces.map((p) => p.slice(0, p.indexOf(':')))).toEqual(['V2-2', 'V3-8', 'V9-9']);
    expect(pieces[1]).toContain('upstream failed: \\"orders\\" [503]');
  });

  it('streams the Records of a CloudTrail document, pretty or on one line', () => {
    const pretty = split(readFixture('cloudtrail-pretty.json'));
    expect(pretty.map((p) => p.slice(0, p.indexOf(':')))).toEqual(['V3-25', 'V26-43', 'V44-59']);
    const oneLine = split(readFixture('cloudtrail-oneline.json'));
    expect(oneLine.map((p) => p.slice(0, p.indexOf(':')))).toEqual(['V1-1', 'V1-1', 'V1-1']);
    expect(oneLine.map((p) => p.slice(p.indexOf(':') + 1))).toEqual(pretty.map((p) => p.slice(p.indexOf(':') + 1)));
  });

  it('streams a one-line document through the scanner too (several events on one line, after a broken fast path)', () => {
    const lines = rawLinesFrom(['{"Records": [{"n":1}, {"n":2},', '{"n":3}]}', '[{"m":1},', '{"m":2}]']);
    expect(split(lines)).toEqual(['V1-1:{"n":1}', 'V1-1:{"n":2}', 'V2-2:{"n":3}', 'V3-3:{"m":1}', 'V4-4:{"m":2}']);
  });

  it('treats an object with other keys before Records as one event', () => {
    expect(split(rawLinesFrom(['{"id": 1,', '"Records": [1]}']))).toEqual(['V1-2:{"id":1,"Records":[1]}']);
  });

  it('buffers only the open element, not the document', () => {
    const splitter = new JsonSplitter({ maxValueChars: 40 });
    const lines = rawLinesFrom(['{"Records": [', ...Array.from({ length: 50 }, (_, k) => `{"n": ${k}, "pad": "0123456789"},`), '{"n": 50}]}']);
    const pieces = split(lines, splitter);
    expect(pieces).toHaveLength(51);
    expect(pieces.every((p) => p.startsWith('V'))).toBe(true);
  });

  it('rejects an element larger than the limit and skips to the next value', () => {
    const splitter = new JsonSplitter({ maxValueChars: 20 });
    expect(split(rawLinesFrom(['{', '"a": "0123456789",', '"b": "0123456789",', '"c": 1', '}', '{"ok":true}']), splitter)).toEqual([
      'E1-2:record too long', 'E3-5:record too long', 'V6-6:{"ok":true}',
    ]);
  });

  it('rejects broken JSON and resynchronises at the next line that starts a value', () => {
    expect(split(readFixture('broken.ndjson'))).toEqual([
      'V1-1:{"ts":"2024-03-01T11:00:00Z","level":"info","msg":"first"}',
      'E2-2:invalid JSON',
      'V3-3:{"ts":"2024-03-01T11:00:02Z","level":"info","msg":"after the break"}',
      'E4-4:invalid JSON',
      'E5-5:invalid JSON',
      'E6-11:invalid JSON',
      'V12-12:{"ts":"2024-03-01T11:00:05Z","level":"info","msg":"resynchronised"}',
      'E13-13:not a JSON object',
      'V14-14:{"level":"info","msg":"no timestamp"}',
      'V15-15:{"ts":"yesterday","msg":"bad timestamp"}',
    ]);
  });

  it('reports a value still open at the end of input as truncated', () => {
    expect(split(rawLinesFrom(['{"a":1}', '{', '"b": 2,']))).toEqual(['V1-1:{"a":1}', 'E2-3:truncated JSON']);
  });

  it('abandons the open value when a line cannot be read, then resynchronises', () => {
    const splitter = new JsonSplitter();
    const pieces: JsonPiece[] = [];
    const lines = rawLinesFrom(['{', '"a": 1,', 'TOO LONG', '"b": 2', '}', '{"c":3}']);
    splitter.push(lines[0], lines[0].text, pieces);
    splitter.push(lines[1], lines[1].text, pieces);
    splitter.interrupt(lines[2], 'line too long', pieces);
    for (const line of lines.slice(3)) splitter.push(line, line.text, pieces);
    splitter.finish(pieces);
    expect(pieces.map((p) => (p.kind === 'value' ? p.value : `${p.reason}@${p.line}`))).toEqual(['line too long@1', 'invalid JSON@4', { c: 3 }]);
  });

  it('reports a scalar inside an array as a non-object, then resynchronises', () => {
    expect(split(rawLinesFrom(['[', '1,', '{"a":1}', ']']))).toEqual(['E2-2:not a JSON object', 'V3-3:{"a":1}', 'E4-4:invalid JSON']);
  });
});
