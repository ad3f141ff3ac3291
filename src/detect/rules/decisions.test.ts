import { describe, expect, it } from 'vitest';
import { episodeStarts, errorRatioExceeded, exceedsThreshold, idleExceeded } from './decisions.js';

describe('decisions', () => {
  it('fires a threshold at N, not N − 1', () => {
    expect(exceedsThreshold(4, 5)).toBe(false);
    expect(exceedsThreshold(5, 5)).toBe(true);
  });

  it('needs the error share strictly above the ratio and enough records', () => {
    const limits = { ratio: 0.5, minCount: 10 };
    expect(errorRatioExceeded(10, 5, limits)).toBe(false);
    expect(errorRatioExceeded(10, 6, limits)).toBe(true);
    expect(errorRatioExceeded(9, 9, limits)).toBe(false);
  });

  it('treats an idle time equal to the limit as silent', () => {
    expect(idleExceeded(59_999, 60_000)).toBe(false);
    expect(idleExceeded(60_000, 60_000)).toBe(true);
  });

  it('starts an episode only after a full cool-down without the condition', () => {
    expect(episodeStarts(-Infinity, 0, 1000)).toBe(true);
    expect(episodeStarts(0, 1000, 1000)).toBe(false);
    expect(episodeStarts(0, 1001, 1000)).toBe(true);
    // A late evaluation before the last one is inside the episode.
    expect(episodeStarts(5000, 4000, 1000)).toBe(false);
  });
});
