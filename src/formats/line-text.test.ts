import { describe, expect, it } from 'vitest';
import type { RawLine } from '../sources/raw-line.js';
import { cleanText, isBlank, lineProblem, looksLikeContinuation } from './line-text.js';

const line = (text: string, extra: Partial<RawLine> = {}): RawLine => ({ text, line: 1, offset: 0, end: text.length + 1, ...extra });

describe('lineProblem', () => {
  it('reports lines the source cut as too long', () => {
    expect(lineProblem(line('081109 203518 143 INFO x: y', { truncated: true }))).toBe('line too long');
  });

  it('reports NUL bytes as binary data', () => {
    expect(lineProblem(line('ok text\0more'))).toBe('binary data');
  });

  it('reports text that is mostly U+FFFD or control characters as binary data', () => {
    expect(lineProblem(line('\uFFFD\uFFFD\uFFFD\x01\x02ab', { invalidUtf8: true }))).toBe('binary data');
  });

  it('keeps ordinary text, text with a few replacement characters, and ANSI-coloured text', () => {
    expect(lineProblem(line('081109 203518 143 INFO dfs.DataNode: Receiving block'))).toBeUndefined();
    expect(lineProblem(line('user caf\uFFFD logged in from 10.0.0.1', { invalidUtf8: true }))).toBeUndefined();
    expect(lineProblem(line('\x1b[31mERROR\x1b[0m disk full on /dev/sda1'))).toBeUndefined();
  });
});

describe('cleanText', () => {
  it('drops trailing whitespace including a carriage return, keeps leading whitespace', () => {
    expect(cleanText('\tat x.y(Z.java:1)  \r')).toBe('\tat x.y(Z.java:1)');
  });

  it('removes ANSI colour codes', () => {
    expect(cleanText('\x1b[1;32mINFO\x1b[0m started')).toBe('INFO started');
  });
});

describe('isBlank', () => {
  it('is true only for empty or whitespace-only text', () => {
    expect(isBlank('')).toBe(true);
    expect(isBlank(' \t\r')).toBe(true);
    expect(isBlank(' x ')).toBe(false);
  });
});

describe('looksLikeContinuation', () => {
  it.each(['\tat org.x.Y.run(Y.java:10)', '    more indented text', 'at com.foo.Bar(Bar.java:3)', 'Caused by: java.io.IOException: x', '\t... 3 more', '... 12 common frames omitted', '}', ']', 'java.io.IOException: Bad response', 'org.example.BadThingError', 'Traceback (most recent call last):'])(
    'recognises %j',
    (text) => expect(looksLikeContinuation(text)).toBe(true),
  );

  it.each(['2024-01-15 INFO started', 'IOException happened', 'attempt 2 failed', 'com.example.Main started'])('does not claim %j', (text) => {
    expect(looksLikeContinuation(text)).toBe(false);
  });
});
