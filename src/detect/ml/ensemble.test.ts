import { describe, expect, it } from 'vitest';
import { combine, createNormaliser, DEFAULT_WEIGHTS, normalise } from './ensemble.js';

describe('ensemble', () => {
  const n = createNormaliser(Array.from({ length: 1001 }, (_, i) => i));

  it('normalises by the training CDF, monotone and clamped to 0–1', () => {
    expect(normalise(n, -5)).toBe(0);
    expect(normalise(n, 500)).toBeCloseTo(0.5, 2);
    expect(normalise(n, 990)).toBeCloseTo(0.99, 2);
    expect(normalise(n, 1000)).toBeCloseTo(0.999, 3);
    expect(normalise(n, 1500)).toBeGreaterThan(normalise(n, 1200));
    expect(normalise(n, 5000)).toBeGreaterThan(0.999);
    expect(normalise(n, 5000)).toBeLessThanOrEqual(1);
    let last = -1;
    for (let s = 0; s <= 1000; s += 7) {
      const v = normalise(n, s);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
  });

  it('handles tied training scores and empty training', () => {
    const tied = createNormaliser([1, 1, 1, 1]);
    expect(normalise(tied, 1)).toBeCloseTo(0.999);
    expect(normalise(tied, 2)).toBeGreaterThan(0.9999);
    expect(normalise(tied, 0.5)).toBe(0);
    expect(normalise(createNormaliser([]), 0.5)).toBeCloseTo(0.4995);
  });

  it('weights components and drops missing ones', () => {
    expect(DEFAULT_WEIGHTS).toEqual({ forest: 0.6, lstm: 0.4, sequence: 0 });
    expect(combine({ forest: 1, lstm: 0, sequence: 1 }, DEFAULT_WEIGHTS)).toBeCloseTo(0.6);
    expect(combine({ forest: 0.5, lstm: null, sequence: null }, DEFAULT_WEIGHTS)).toBe(0.5);
    expect(combine({ forest: null, lstm: null, sequence: null }, DEFAULT_WEIGHTS)).toBe(0);
  });
});
