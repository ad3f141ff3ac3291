import { describe, expect, it } from 'vitest';
import { chunkLines, copyField, copyLine, pgText } from './copy-text.js';

describe('copyField', () => {
  it('writes NULL as \\N and numbers as digits', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(1_705_320_000_000)).toBe('1705320000000');
    expect(copyField(-3)).toBe('-3');
  });

  it('escapes backslash, newline, carriage return and tab, and nothing else', () => {
    expect(copyField('a\\b\nc\rd\te')).toBe('a\\\\b\\nc\\rd\\te');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField("quotes ' \" , ; | ünï 🚀 \u0001")).toBe("quotes ' \" , ; | ünï 🚀 \u0001");
  });

  it('replaces NUL, which PostgreSQL text cannot hold, with U+FFFD', () => {
    expect(copyField('a\0b')).toBe('a\uFFFDb');
  });
});

describe('copyLine', () => {
  it('joins fields with tabs and ends the row with a newline', () => {
    expect(copyLine([1, 'x\ty', null, ''])).toBe('1\tx\\ty\t\\N\t\n');
  });
});

describe('chunkLines', () => {
  it('groups lines into chunks of at least the given size, losing nothing', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i}\n`);
    const chunks = [...chunkLines(lines, 20)];
    expect(chunks.join('')).toBe(lines.join(''));
    expect(chunks.slice(0, -1).every((c) => c.length >= 20)).toBe(true);
    expect(chunks).toHaveLength(4);
    expect([...chunkLines([], 20)]).toEqual([]);
  });
});

describe('pgText', () => {
  it('replaces every NUL and leaves other text alone', () => {
    expect(pgText('\0a\0')).toBe('\uFFFDa\uFFFD');
    expect(pgText('plain')).toBe('plain');
  });
});
