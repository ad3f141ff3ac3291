export interface BackoffOptions {
  baseMs: number;
  factor: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, factor: 2, maxMs: 60_000 };

/** Delay before the next attempt after `attempt` failed attempts (1-based): base · factor^(attempt−1), capped. Pure. */
export function nextBackoff(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(opts.maxMs, opts.baseMs * opts.factor ** exponent);
}

export type FailureDecision = { kind: 'retry'; at: number } | { kind: 'give_up' };

/**
 * What to do after a failed attempt (`attempts` made so far): retry later with backoff, or give up
 * when the failure is permanent or the attempts are used up. Pure.
 */
export function afterFailure(
  failure: { retryable: boolean },
  attempts: number,
  now: number,
  opts: { maxAttempts: number; backoff: BackoffOptions },
): FailureDecision {
  if (!failure.retryable || attempts >= opts.maxAttempts) return { kind: 'give_up' };
  return { kind: 'retry', at: now + nextBackoff(attempts, opts.backoff) };
}
