import { describe, expect, it } from 'vitest';
import { SlidingWindow } from './sliding-window.js';

/** Counts of the window (end − w, end], by the same index arithmetic the engine uses. */
function counts(win: SlidingWindow, end: number, w: number) {
  const lo = win.upperBound(end - w);
  const hi = win.upperBound(end);
  return { total: hi - lo, flagged: win.flaggedIn(lo, hi), ids: win.idsIn(lo, hi, 100) };
}

describe('SlidingWindow', () => {
  it('includes the end and excludes an entry exactly one window older', () => {
    const win = new SlidingWindow();
    win.add(0, 1, false);
    win.add(5, 2, false);
    win.add(10, 3, false);
    expect(counts(win, 10, 10)).toMatchObject({ total: 2, ids: [2, 3] });
    expect(counts(win, 9, 10)).toMatchObject({ total: 2, ids: [1, 2] });
    expect(counts(win, 10, 11)).toMatchObject({ total: 3 });
  });

  it('inserts a late entry in place and keeps flagged counts right', () => {
    const win = new SlidingWindow();
    win.add(10, 1, true);
    win.add(30, 2, false);
    const at = win.add(20, 3, true);
    expect(at).toBe(1);
    expect(win.tsAt(at)).toBe(20);
    expect(counts(win, 30, 100)).toEqual({ total: 3, flagged: 2, ids: [1, 3, 2] });
    expect(counts(win, 30, 15)).toEqual({ total: 2, flagged: 1, ids: [3, 2] });
    win.add(40, 4, true);
    expect(counts(win, 40, 25)).toEqual({ total: 3, flagged: 2, ids: [3, 2, 4] });
  });

  it('keeps equal timestamps in arrival order', () => {
    const win = new SlidingWindow();
    win.add(5, 1, false);
    win.add(9, 2, false);
    expect(win.add(5, 3, false)).toBe(1);
    expect(counts(win, 9, 100).ids).toEqual([1, 3, 2]);
  });

  it('evicts old entries and compacts without changing counts', () => {
    const win = new SlidingWindow();
    for (let i = 0; i < 1000; i++) win.add(i, i, i % 2 === 0);
    win.evictThrough(899);
    expect(win.size).toBe(100);
    expect(win.start).toBe(0);
    expect(counts(win, 999, 50)).toEqual({ total: 50, flagged: 25, ids: Array.from({ length: 50 }, (_, i) => 950 + i) });
    expect(win.newest).toBe(999);
  });

  it('returns only flagged ids when asked, most recent first limited', () => {
    const win = new SlidingWindow();
    for (let i = 0; i < 10; i++) win.add(i, 100 + i, i >= 6);
    expect(win.idsIn(win.start, win.end, 3, true)).toEqual([107, 108, 109]);
    expect(win.idsIn(win.start, win.end, 2)).toEqual([108, 109]);
  });

  it('is empty before any entry', () => {
    const win = new SlidingWindow();
    expect(win.size).toBe(0);
    expect(win.newest).toBe(-Infinity);
    expect(counts(win, 0, 10).total).toBe(0);
  });
});
