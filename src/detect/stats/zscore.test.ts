import { describe, expect, it } from 'vitest';
import { baselineStats, isSpike, spikeCount, zScore } from './zscore.js';

describe('baselineStats', () => {
  it('computes mean and population std, flooring the spread', () => {
    const b = baselineStats([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(b.mean).toBe(5);
    expect(b.std).toBe(2);
    expect(b.spread).toBe(Math.sqrt(5)); // sqrt(mean) > std
    expect(baselineStats([100, 100, 100]).spread).toBe(10);
    expect(baselineStats([0, 0, 0])).toEqual({ mean: 0, std: 0, spread: 1 });
    expect(baselineStats([])).toEqual({ mean: 0, std: 0, spread: 1 });
  });
});

describe('spikes', () => {
  const limits = { threshold: 3, minCount: 0 };

  it('alerts strictly above the threshold', () => {
    const flat = baselineStats([100, 100, 100, 100]); // spread 10
    expect(zScore(130, flat)).toBe(3);
    expect(isSpike(130, flat, limits)).toBe(false);
    expect(isSpike(131, flat, limits)).toBe(true);
    expect(spikeCount(flat, limits)).toBe(131);
  });

  it('needs more than threshold records over an all-empty baseline, and min_count', () => {
    const empty = baselineStats([0, 0, 0]);
    expect(spikeCount(empty, limits)).toBe(4);
    expect(spikeCount(empty, { threshold: 3, minCount: 10 })).toBe(10);
    expect(isSpike(9, empty, { threshold: 3, minCount: 10 })).toBe(false);
  });

  it('gives the smallest spiking count whatever the baseline', () => {
    for (const counts of [[1, 2, 3], [10, 50, 12, 9], [0, 0, 1], [7.5, 7.5], [1000, 1003, 998]]) {
      for (const threshold of [0.5, 2, 3, 3.7]) {
        const b = baselineStats(counts);
        const c = spikeCount(b, { threshold, minCount: 1 });
        expect(isSpike(c, b, { threshold, minCount: 1 })).toBe(true);
        if (c > 1) expect(isSpike(c - 1, b, { threshold, minCount: 1 })).toBe(false);
      }
    }
  });
});
