import { describe, expect, it } from 'vitest';
import { detectionMetrics, precisionAtK } from './detection-metrics.js';

describe('detection metrics', () => {
  it('computes precision, recall and F1 from predictions', () => {
    const labels = [true, true, false, false, true];
    const predicted = [true, false, true, false, true];
    const m = detectionMetrics(predicted, labels, [0.9, 0.2, 0.8, 0.1, 0.7]);
    expect([m.tp, m.fp, m.fn]).toEqual([2, 1, 1]);
    expect(m.precision).toBeCloseTo(2 / 3);
    expect(m.recall).toBeCloseTo(2 / 3);
    expect(m.f1).toBeCloseTo(2 / 3);
  });

  it('computes precision@k with k = number of positives, ties broken against the detector', () => {
    expect(precisionAtK([true, false, true, false], [0.9, 0.8, 0.7, 0.1])).toBe(0.5);
    expect(precisionAtK([true, false, true, false], [0.9, 0.1, 0.7, 0.2])).toBe(1);
    expect(precisionAtK([true, false, true, false], [1, 1, 1, 1])).toBe(0);
    expect(precisionAtK([false, false], [1, 0])).toBe(0);
  });

  it('gives zeros rather than NaN when nothing is predicted', () => {
    const m = detectionMetrics([false, false], [true, false], [0, 0]);
    expect([m.precision, m.recall, m.f1]).toEqual([0, 0, 0]);
  });
});
