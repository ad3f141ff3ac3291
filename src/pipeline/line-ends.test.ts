import { describe, expect, it } from 'vitest';
import { LineEnds } from './line-ends.js';

describe('LineEnds', () => {
  const filled = () => {
    const ends = new LineEnds();
    [[10, 1], [25, 2], [26, 3], [40, 4]].forEach(([end, line]) => ends.add(end!, line!));
    return ends;
  };

  it('finds the line that ends exactly at an offset, and nothing between ends', () => {
    const ends = filled();
    expect([10, 25, 26, 40].map((e) => ends.lineAt(e))).toEqual([1, 2, 3, 4]);
    expect([0, 11, 39, 41].map((e) => ends.lineAt(e))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('drops the committed lines only, up to and including the offset', () => {
    const ends = filled();
    ends.dropThrough(25);
    expect(ends.size).toBe(2);
    expect(ends.lineAt(25)).toBeUndefined();
    expect(ends.lineAt(26)).toBe(3);
    ends.dropThrough(30);
    expect(ends.lineAt(40)).toBe(4);
    ends.dropThrough(100);
    expect(ends.size).toBe(0);
  });

  it('starts over after clear', () => {
    const ends = filled();
    ends.clear();
    ends.add(5, 1);
    expect([ends.size, ends.lineAt(5), ends.lineAt(10)]).toEqual([1, 1, undefined]);
  });
});
