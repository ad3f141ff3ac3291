import { describe, expect, it } from 'vitest';
import { createRng } from './prng.js';
import { arrivals, diurnal, mergeByTs, splitAt, spread } from './traffic.js';
import { DAY, HOUR, MINUTE, type SynthEvent } from './types.js';

const day = Date.UTC(2026, 0, 5);
const ev = (ts: number, text = String(ts)): SynthEvent => ({ ts, text });

describe('diurnal', () => {
  it('averages 1 over a day, peaks in the afternoon and bottoms out at night', () => {
    let sum = 0;
    for (let m = 0; m < 24 * 60; m++) sum += diurnal(day + m * MINUTE);
    expect(sum / (24 * 60)).toBeCloseTo(1, 3);
    expect(diurnal(day + 15 * HOUR)).toBeGreaterThan(2.5 * diurnal(day + 3 * HOUR));
  });

  it('changes smoothly: never more than 2% from one minute to the next', () => {
    for (let m = 0; m < 24 * 60; m++) {
      const a = diurnal(day + m * MINUTE);
      const b = diurnal(day + (m + 1) * MINUTE);
      expect(Math.abs(b - a) / a).toBeLessThan(0.02);
    }
  });

  it('repeats every day', () => {
    expect(diurnal(day + 7 * HOUR)).toBeCloseTo(diurnal(day + 3 * DAY + 7 * HOUR), 9);
  });
});

describe('arrivals and spread', () => {
  it('gives sorted times inside the span', () => {
    const rng = createRng(9);
    for (let i = 0; i < 100; i++) {
      const times = arrivals(rng, day, 20);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const t of times) expect(t >= day && t < day + MINUTE).toBe(true);
    }
  });

  it('spread places exactly `count` increasing times in the window', () => {
    const times = spread(createRng(1), day, day + 2 * MINUTE, 30);
    expect(times).toHaveLength(30);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
    expect(times[0]).toBeGreaterThanOrEqual(day);
    expect(times[29]).toBeLessThan(day + 2 * MINUTE);
  });
});

describe('mergeByTs', () => {
  it('interleaves the injected events in time order, stream first on ties', () => {
    const merged = [...mergeByTs([ev(1, 'a'), ev(5, 'b'), ev(9, 'c')], [ev(0, 'x'), ev(5, 'y'), ev(12, 'z')])];
    expect(merged.map((e) => e.text)).toEqual(['x', 'a', 'b', 'y', 'c', 'z']);
  });
});

describe('splitAt', () => {
  it('sorts and splits at the cutoff', () => {
    const [ready, later] = splitAt([ev(70), ev(10), ev(60), ev(30)], 60);
    expect(ready.map((e) => e.ts)).toEqual([10, 30]);
    expect(later.map((e) => e.ts)).toEqual([60, 70]);
  });
});
