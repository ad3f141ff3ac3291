import { describe, expect, it } from 'vitest';
import { forestFromJson, forestToJson } from './forest-json.js';
import { averagePathLength, fitForest, rangeExcess, scoreForest, scoreForestAbove } from './isolation-forest.js';
import { createMatrix, type Matrix } from './matrix.js';
import { createPrng } from './prng.js';

/** Gaussian-ish cloud around 0 with `outliers` rows planted far away at the end. */
function cloud(rows: number, cols: number, outliers: number, seed: number): Matrix {
  const m = createMatrix(rows + outliers, cols);
  const p = createPrng(seed);
  for (let i = 0; i < rows * cols; i++) m.data[i] = p.next() + p.next() + p.next() - 1.5;
  for (let i = rows * cols; i < (rows + outliers) * cols; i++) m.data[i] = 6 + p.next();
  return m;
}

describe('isolation forest', () => {
  it('uses c(n) = 2H(n−1) − 2(n−1)/n', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    const H = (k: number): number => Array.from({ length: k }, (_, i) => 1 / (i + 1)).reduce((a, b) => a + b, 0);
    expect(averagePathLength(256)).toBeCloseTo(2 * H(255) - (2 * 255) / 256, 2);
  });

  it('scores planted outliers above every normal row', () => {
    const m = cloud(2000, 4, 10, 3);
    const scores = scoreForest(fitForest(m, { seed: 5 }), m);
    const normalMax = Math.max(...scores.subarray(0, 2000));
    const outlierMin = Math.min(...scores.subarray(2000));
    expect(outlierMin).toBeGreaterThan(normalMax);
    expect(outlierMin).toBeGreaterThan(0.6);
    const normalMean = scores.subarray(0, 2000).reduce((a, b) => a + b, 0) / 2000;
    expect(normalMean).toBeLessThan(0.5);
  });

  it('scores above a floor exactly as scoreForest does, and leaves NaN only where the exact score is below it', () => {
    const m = cloud(9000, 5, 40, 8);
    const forest = fitForest(m, { seed: 2 });
    const exact = scoreForest(forest, m);
    const p = createPrng(4);
    // Floors around the scores (some rows just above or below theirs), none, and beyond reach.
    const floors = Float64Array.from(exact, (s, r) => (r % 7 === 0 ? 0 : r % 11 === 0 ? 2 : s + (p.next() - 0.5) * 0.2));
    const above = scoreForestAbove(forest, m, floors);
    let dropped = 0;
    for (let r = 0; r < m.rows; r++) {
      if (Number.isNaN(above[r])) {
        dropped++;
        expect(exact[r]).toBeLessThan(floors[r]!);
      } else expect(above[r]).toBe(exact[r]);
    }
    expect(dropped).toBeGreaterThan(m.rows / 4);
    expect(Array.from(scoreForestAbove(forest, m, new Float64Array(m.rows)))).toEqual(Array.from(exact));
    expect(scoreForestAbove(forest, m, new Float64Array(m.rows).fill(2)).every((s) => Number.isNaN(s))).toBe(true);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const m = cloud(500, 3, 0, 9);
    const a = scoreForest(fitForest(m, { seed: 11 }), m);
    const b = scoreForest(fitForest(m, { seed: 11 }), m);
    const c = scoreForest(fitForest(m, { seed: 12 }), m);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('round-trips through JSON with identical scores', () => {
    const m = cloud(700, 5, 3, 1);
    const forest = fitForest(m, { trees: 30 });
    const restored = forestFromJson(JSON.parse(JSON.stringify(forestToJson(forest))));
    expect(Array.from(scoreForest(restored, m))).toEqual(Array.from(scoreForest(forest, m)));
  });

  it('measures how far rows lie outside the training range', () => {
    const m = createMatrix(3, 2);
    m.data.set([0, 0, 1, 5, 2, 10]);
    const forest = fitForest(m, { trees: 5 });
    const probe = createMatrix(3, 2);
    probe.data.set([1, 5, 3, 5, -1, 14]);
    expect(Array.from(rangeExcess(forest, probe))).toEqual([0, 1, 4]);
  });

  it('handles constant data, tiny inputs and a wrong column count', () => {
    const flat = createMatrix(50, 2);
    const scores = scoreForest(fitForest(flat), flat);
    expect(new Set(scores).size).toBe(1);
    const one = createMatrix(1, 2);
    expect(scoreForest(fitForest(one), one)[0]).toBeGreaterThan(0);
    expect(() => scoreForest(fitForest(flat), createMatrix(3, 4))).toThrow(/expects 2 features/);
    expect(() => fitForest(createMatrix(0, 2))).toThrow(/zero rows/);
  });
});
