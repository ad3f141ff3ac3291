import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, weightedPicker, zipfPicker } from './prng.js';

const draw = (seed: number, n: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('createRng', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    expect(draw(7, 50)).toEqual(draw(7, 50));
    expect(draw(7, 50)).not.toEqual(draw(8, 50));
  });

  it('stays in [0, 1) and int() stays in its inclusive bounds', () => {
    const rng = createRng(1);
    const ints = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      ints.add(rng.int(3, 6));
    }
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
  });

  it('samples Poisson counts with the requested mean, small and large', () => {
    const rng = createRng(2);
    for (const lambda of [0.5, 4, 120]) {
      let sum = 0;
      for (let i = 0; i < 20_000; i++) sum += rng.poisson(lambda);
      expect(sum / 20_000).toBeCloseTo(lambda, lambda < 10 ? 1 : 0);
    }
    expect(rng.poisson(0)).toBe(0);
  });
});

describe('deriveSeed', () => {
  it('gives each named stream its own seed, stable across calls', () => {
    expect(deriveSeed(42, 'auth')).toBe(deriveSeed(42, 'auth'));
    expect(deriveSeed(42, 'auth')).not.toBe(deriveSeed(42, 'db'));
    expect(deriveSeed(42, 'auth')).not.toBe(deriveSeed(43, 'auth'));
  });
});

describe('pickers', () => {
  it('zipfPicker draws earlier items more often', () => {
    const pick = zipfPicker(createRng(3), ['a', 'b', 'c', 'd'], 1);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0, d: 0 };
    for (let i = 0; i < 20_000; i++) counts[pick()]++;
    expect(counts.a).toBeGreaterThan(counts.b);
    expect(counts.b).toBeGreaterThan(counts.c);
    expect(counts.c).toBeGreaterThan(counts.d);
    // Weights 1, 1/2, 1/3, 1/4: "a" is twice as likely as "b".
    expect(counts.a / counts.b).toBeCloseTo(2, 0);
  });

  it('weightedPicker follows the weights and never picks a zero-weight item', () => {
    const pick = weightedPicker(createRng(4), [['x', 3], ['never', 0], ['y', 1]]);
    const counts: Record<string, number> = { x: 0, never: 0, y: 0 };
    for (let i = 0; i < 20_000; i++) counts[pick()]++;
    expect(counts.never).toBe(0);
    expect(counts.x / counts.y).toBeCloseTo(3, 0);
  });
});
