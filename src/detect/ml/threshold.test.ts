import { describe, expect, it } from 'vitest';
import { createPrng } from './prng.js';
import { atSensitivity, exceeds, quantile, SENSITIVITY_FPR, thresholdAt, thresholdForFpr, thresholdsFromJson, thresholdsToJson, tuneThresholds } from './threshold.js';

function normalScores(n: number, seed: number): Float64Array {
  const p = createPrng(seed);
  // Sum of 6 uniforms: a bell-shaped "normal traffic" score.
  return Float64Array.from({ length: n }, () => Array.from({ length: 6 }, () => p.next()).reduce((a, b) => a + b, 0));
}

describe('thresholds', () => {
  it('computes type-7 quantiles', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
    expect(quantile([10, 20, 30, 40, 50], 0.9)).toBeCloseTo(46);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('hits the target false-positive rate on fresh normal data', () => {
    for (const fpr of [0.01, 0.05]) {
      const threshold = thresholdForFpr(normalScores(20_000, 1), fpr);
      const fresh = normalScores(20_000, 2);
      const flagged = fresh.filter((s) => s > threshold).length / fresh.length;
      expect(Math.abs(flagged - fpr)).toBeLessThan(fpr * 0.3);
    }
  });

  it('maps sensitivities to FPR targets and rejects impossible rates', () => {
    expect(SENSITIVITY_FPR).toEqual({ low: 0.001, medium: 0.01, high: 0.05 });
    expect(() => thresholdForFpr([1, 2], 0)).toThrow(/between 0 and 1/);
  });

  it('learns per-hour thresholds where an hour has enough scores, else falls back', () => {
    const scores: number[] = [];
    const hours: number[] = [];
    const p = createPrng(4);
    for (let i = 0; i < 3000; i++) {
      scores.push(p.next() + (i % 2 === 0 ? 10 : 0));
      hours.push(i % 2 === 0 ? 3 : 4);
    }
    scores.push(100);
    hours.push(5);
    const t = tuneThresholds(scores, hours, { fpr: 0.01, perHour: true, minPerHour: 100 });
    expect(thresholdAt(t, 3)).toBeGreaterThan(10.9);
    expect(thresholdAt(t, 4)).toBeLessThan(1);
    expect(thresholdAt(t, 5)).toBe(t.global);
    expect(exceeds(t, 10.5, 4)).toBe(true);
    expect(exceeds(t, 10.5, 3)).toBe(false);
  });

  it('flags nothing without held-out scores and survives JSON', () => {
    const t = tuneThresholds([], null);
    expect(t.global).toBe(Infinity);
    expect(thresholdsFromJson(JSON.parse(JSON.stringify(thresholdsToJson(t)))).global).toBe(Infinity);
  });
});

describe('sensitivity chosen at scan time', () => {
  it('records a threshold per sensitivity that flags about its false-positive rate, and keeps it through JSON', () => {
    const p = createPrng(11);
    const normal = Float64Array.from({ length: 20_000 }, () => p.next());
    const fresh = Float64Array.from({ length: 20_000 }, () => p.next());
    const tuned = thresholdsFromJson(JSON.parse(JSON.stringify(thresholdsToJson(tuneThresholds(normal, null, { fpr: 0.01 })))));
    for (const level of ['low', 'medium', 'high'] as const) {
      const t = atSensitivity(tuned, level)!;
      const flagged = fresh.filter((s) => s > thresholdAt(t)).length / fresh.length;
      expect(flagged).toBeGreaterThan(SENSITIVITY_FPR[level] * 0.5);
      expect(flagged).toBeLessThan(SENSITIVITY_FPR[level] * 1.6 + 0.001);
    }
    expect(thresholdAt(atSensitivity(tuned, 'high')!)).toBeLessThan(thresholdAt(atSensitivity(tuned, 'low')!));
  });

  it('has nothing to offer for thresholds saved without them', () => {
    expect(atSensitivity(thresholdsFromJson({ fpr: 0.01, global: 0.5, perHour: null }), 'high')).toBeNull();
  });
});
