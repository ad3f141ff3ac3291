import { describe, expect, it } from 'vitest';
import { chooseBucket, DAY_MS, defaultWindow, sparkline } from './buckets.js';

describe('chooseBucket', () => {
  it('picks the smallest nice width that keeps the point count under the limit', () => {
    expect(chooseBucket(DAY_MS, 150)).toBe(10 * 60_000);
    expect(chooseBucket(3600_000, 150)).toBe(60_000);
    expect(chooseBucket(7 * DAY_MS, 150)).toBe(2 * 3600_000);
  });

  it('never goes below a minute nor above a week', () => {
    expect(chooseBucket(1000)).toBe(60_000);
    expect(chooseBucket(10_000 * DAY_MS)).toBe(7 * DAY_MS);
  });
});

describe('defaultWindow', () => {
  it('ends a day-long window just after the newest record', () => {
    expect(defaultWindow({ span: { oldest: 0, newest: 5 * DAY_MS }, now: 99 * DAY_MS })).toEqual({ since: 4 * DAY_MS + 1, until: 5 * DAY_MS + 1 });
  });

  it('starts at the oldest record when the data spans less than a day', () => {
    const span = { oldest: 5 * DAY_MS - 7200_000, newest: 5 * DAY_MS };
    expect(defaultWindow({ span, now: 99 * DAY_MS })).toEqual({ since: span.oldest, until: 5 * DAY_MS + 1 });
    expect(defaultWindow({ span: { oldest: 1000, newest: 1000 }, now: 0 })).toEqual({ since: 1001 - 60_000, until: 1001 });
  });

  it('uses now when there are no records, and keeps explicit bounds', () => {
    expect(defaultWindow({ span: null, now: 10 * DAY_MS })).toEqual({ since: 9 * DAY_MS + 1, until: 10 * DAY_MS + 1 });
    expect(defaultWindow({ since: 100, until: 200, span: { oldest: 0, newest: 5 }, now: 9 })).toEqual({ since: 100, until: 200 });
    expect(defaultWindow({ since: 100, span: { oldest: 0, newest: 5 }, now: 1000 })).toEqual({ since: 100, until: 1000 });
    expect(defaultWindow({ until: DAY_MS * 3, span: { oldest: DAY_MS * 2.5, newest: DAY_MS * 3 }, now: 0 })).toEqual({ since: DAY_MS * 2, until: DAY_MS * 3 });
  });
});

describe('sparkline', () => {
  it('folds minutes into equal buckets and drops minutes outside the range', () => {
    const volume = [
      { minute: 0, count: 1 },
      { minute: 60_000, count: 2 },
      { minute: 180_000, count: 4 },
      { minute: 240_000, count: 8 },
      { minute: -60_000, count: 100 },
    ];
    expect(sparkline(volume, { since: 0, until: 240_000, buckets: 2 })).toEqual([3, 4]);
  });

  it('is all zeros for an empty range', () => {
    expect(sparkline([{ minute: 5, count: 1 }], { since: 10, until: 10, buckets: 3 })).toEqual([0, 0, 0]);
  });
});
