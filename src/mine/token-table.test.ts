import { describe, expect, it } from 'vitest';
import { hashKey, keyFlags, MASKED, TokenTable, WILD_ID } from './token-table.js';
import { DIGIT, LETTER } from './char-scan.js';

describe('TokenTable', () => {
  it('gives the wildcard id 0 and interns keys once', () => {
    const table = new TokenTable('\uE000');
    expect(table.lookup('\uE000')).toBe(WILD_ID);
    const a = table.intern('alpha');
    expect(table.intern('alpha')).toBe(a);
    expect(table.lookup('beta')).toBe(-1);
    expect(table.key(a)).toBe('alpha');
  });

  it('keeps every key findable as it grows', () => {
    const table = new TokenTable('\uE000');
    const ids = Array.from({ length: 5000 }, (_, i) => table.intern(`tok${i}`));
    expect(new Set(ids).size).toBe(5000);
    for (let i = 0; i < 5000; i += 97) expect(table.lookup(`tok${i}`)).toBe(ids[i]);
  });

  it('finds a token from the message text and its masked segments, without building its key', () => {
    const table = new TokenTable('\uE000');
    const key = 'blk_\uE007';
    const id = table.intern(key);
    const text = 'x blk_-42 y';
    const spans = { text, segStart: Int32Array.of(6), segEnd: Int32Array.of(9), segMask: Int32Array.of(7) };
    expect(table.find(spans, 2, 9, 0, 1, hashKey(key))).toBe(id);
    const other = { ...spans, segMask: Int32Array.of(8) };
    expect(table.find(other, 2, 9, 0, 1, hashKey(key))).toBe(-1);
  });

  it('flags keys by character class and masks', () => {
    expect(keyFlags('abc') & LETTER).toBe(LETTER);
    expect(keyFlags('a1') & DIGIT).toBe(DIGIT);
    expect(keyFlags('id=\uE007') & MASKED).toBe(MASKED);
    expect(keyFlags('id') & MASKED).toBe(0);
  });
});
