import { describe, expect, it } from 'vitest';
import { combine, createNormaliser, DEFAULT_WEIGHTS, normalise, scoreAt } from './ensemble.js';

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

  it('inverts normalise: scoreAt(p) is where the normalised score reaches p, in the knots and in the tail', () => {
    const tied = createNormaliser([...Array.from({ length: 300 }, () => 5), ...Array.from({ length: 700 }, (_, i) => 5 + i / 7)]);
    for (const norm of [n, tied]) {
      for (const p of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.971, 0.99, 0.995, 0.999, 0.9995, 0.999999]) {
        const at = scoreAt(norm, p);
        const eps = 1e-9 * Math.max(1, Math.abs(at));
        expect(normalise(norm, at - eps), `p = ${p}`).toBeLessThanOrEqual(p);
        expect(normalise(norm, at + eps), `p = ${p}`).toBeGreaterThanOrEqual(p - 1e-9);
        // Where the CDF rises continuously (no tie), it passes through p exactly there.
        if (norm === n) expect(normalise(norm, at), `p = ${p}`).toBeCloseTo(p, 9);
      }
    }
    // The tied training scores make a step: below it everything normalises to 0, at it to 0.3.
    expect(scoreAt(tied, 0.1)).toBe(5);
    expect(scoreAt(n, -0.1)).toBe(-Infinity);
    expect(scoreAt(n, 1)).toBe(Infinity);
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
