import { describe, expect, it } from 'vitest';
import { inHourRange, normalHourRange } from './hours.js';

describe('normalHourRange', () => {
  const hist = (entries: Record<number, number>) => Array.from({ length: 24 }, (_, h) => entries[h] ?? 0);

  it('finds business hours as [start, end)', () => {
    const range = normalHourRange(hist({ 8: 10, 9: 10, 12: 10, 17: 10 }), 0.99, 30);
    expect(range).toEqual([8, 18]);
  });

  it('wraps around midnight for a night shift', () => {
    const range = normalHourRange(hist({ 22: 10, 23: 10, 0: 10, 5: 10 }), 0.99, 30);
    expect(range).toEqual([22, 6]);
    expect(inHourRange(3, range!)).toBe(true);
    expect(inHourRange(12, range!)).toBe(false);
  });

  it('ignores the stray 1 % when coverage allows it', () => {
    expect(normalHourRange(hist({ 9: 99, 3: 1 }), 0.99, 30)).toEqual([9, 10]);
    expect(normalHourRange(hist({ 9: 99, 3: 1 }), 1, 30)).toEqual([3, 10]);
  });

  it('claims nothing without enough occurrences or when every hour is normal', () => {
    expect(normalHourRange(hist({ 9: 29 }), 0.99, 30)).toBeNull();
    expect(normalHourRange(new Array<number>(24).fill(5), 0.99, 30)).toBeNull();
  });
});
