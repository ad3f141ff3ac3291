import { describe, expect, it } from 'vitest';
import { afterFailure, DEFAULT_BACKOFF, nextBackoff } from './backoff.js';

describe('nextBackoff', () => {
  it('grows geometrically from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => nextBackoff(n))).toEqual([500, 1_000, 2_000, 4_000, 8_000]);
    expect(nextBackoff(8)).toBe(60_000);
    expect(nextBackoff(50)).toBe(60_000);
    expect(nextBackoff(3, { baseMs: 100, factor: 3, maxMs: 10_000 })).toBe(900);
  });

  it('treats attempt 0 like the first', () => {
    expect(nextBackoff(0)).toBe(DEFAULT_BACKOFF.baseMs);
  });
});

describe('afterFailure', () => {
  const opts = { maxAttempts: 3, backoff: DEFAULT_BACKOFF };

  it('retries a retryable failure after the backoff', () => {
    expect(afterFailure({ retryable: true }, 1, 10_000, opts)).toEqual({ kind: 'retry', at: 10_500 });
    expect(afterFailure({ retryable: true }, 2, 10_000, opts)).toEqual({ kind: 'retry', at: 11_000 });
  });

  it('gives up on a permanent failure or when the attempts are used up', () => {
    expect(afterFailure({ retryable: false }, 1, 0, opts)).toEqual({ kind: 'give_up' });
    expect(afterFailure({ retryable: true }, 3, 0, opts)).toEqual({ kind: 'give_up' });
  });
});
