import { describe, expect, it } from 'vitest';
import { normalizeTemplate, parsingAccuracy, scoreGrouping } from './parsing-metrics.js';

describe('scoreGrouping', () => {
  it('counts a line right only when its predicted group is exactly its true group', () => {
    // truth groups: {0,1,2} {3,4} {5}; predicted: {0,1,2} {3} {4,5}
    const score = scoreGrouping(['p', 'p', 'p', 'q', 'r', 'r'], ['A', 'A', 'A', 'B', 'B', 'C']);
    expect(score.groupingAccuracy).toBeCloseTo(3 / 6);
    expect(score).toMatchObject({ correctGroups: 1, predictedGroups: 3, truthGroups: 3 });
    expect(score.fga).toBeCloseTo(1 / 3);
  });

  it('is perfect for a relabelled identical grouping and zero for everything merged', () => {
    expect(scoreGrouping(['x', 'y', 'x'], ['1', '2', '1']).groupingAccuracy).toBe(1);
    expect(scoreGrouping(['x', 'x', 'x'], ['1', '2', '3'])).toMatchObject({ groupingAccuracy: 0, fga: 0 });
  });

  it('rejects label lists of different lengths', () => {
    expect(() => scoreGrouping(['a'], [])).toThrow(/length/);
  });
});

describe('parsingAccuracy', () => {
  it('compares templates after whitespace normalisation', () => {
    expect(normalizeTemplate('  a \t b  ')).toBe('a b');
    expect(parsingAccuracy(['a  <*>', 'b'], ['a <*>', 'c'])).toBe(0.5);
    expect(parsingAccuracy([], [])).toBe(0);
  });
});
