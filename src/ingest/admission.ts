/**
 * Whether the ingest queue takes more work: a pure decision from what is in flight, what a request
 * adds, the limits and the store's health. Refusing at once (with a time to retry) is what keeps
 * memory bounded under overload, instead of a queue that grows until the process dies.
 */

export interface IngestLimits {
  /** Records queued or being committed. */
  maxRecords: number;
  /** Request bytes reserved, queued or being committed. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: IngestLimits = { maxRecords: 50_000, maxBytes: 64 * 1024 * 1024 };

/** An amount of work: records and the bytes they came in. */
export interface Load {
  records: number;
  bytes: number;
}

export type Health =
  | { kind: 'healthy' }
  /** The last commit failed: refuse until `until`, then let the next request try the store again. */
  | { kind: 'failing'; until: number; streak: number; reason: string }
  | { kind: 'closed' };

export const HEALTHY: Health = { kind: 'healthy' };

/** Why work was refused: `too_large` never fits (413), `busy` is full (429), `unavailable` is a failing or closing store (503). */
export type Refusal =
  | { kind: 'too_large'; reason: string }
  | { kind: 'busy'; reason: string; retryAfterSec: number }
  | { kind: 'unavailable'; reason: string; retryAfterSec: number };

export type Admission = { kind: 'admit' } | { kind: 'refuse'; refusal: Refusal };

export interface AdmissionInput {
  inFlight: Load;
  want: Load;
  limits: IngestLimits;
  health: Health;
  now: number;
  /** Seconds a refused client should wait when the queue is merely full. */
  busyRetryAfterSec: number;
}

export function decideAdmission(input: AdmissionInput): Admission {
  const { inFlight, want, limits, health, now } = input;
  if (health.kind === 'closed') return refuse({ kind: 'unavailable', reason: 'the server is shutting down', retryAfterSec: 5 });
  if (health.kind === 'failing' && now < health.until) {
    return refuse({ kind: 'unavailable', reason: `the store is failing (${health.reason})`, retryAfterSec: Math.max(1, Math.ceil((health.until - now) / 1000)) });
  }
  if (want.records > limits.maxRecords) {
    return refuse({ kind: 'too_large', reason: `the request holds ${want.records} records, more than the ${limits.maxRecords} the queue takes at once: split it` });
  }
  if (want.bytes > limits.maxBytes) {
    return refuse({ kind: 'too_large', reason: `the request is ${want.bytes} bytes, more than the ${limits.maxBytes} the queue takes at once: split it` });
  }
  if (inFlight.records + want.records > limits.maxRecords || inFlight.bytes + want.bytes > limits.maxBytes) {
    return refuse({ kind: 'busy', reason: 'the ingest queue is full: retry later', retryAfterSec: input.busyRetryAfterSec });
  }
  return { kind: 'admit' };
}

/** Backoff after failed commits: 1 s, 2 s, 4 s … up to 30 s. */
export function failedCommit(previous: Health, reason: string, now: number): Health {
  const streak = previous.kind === 'failing' ? previous.streak + 1 : 1;
  return { kind: 'failing', until: now + Math.min(30_000, 1000 * 2 ** (streak - 1)), streak, reason };
}

/** How long a client whose batch failed should wait before sending it again. */
export function retryAfterOf(health: Health, now: number): number {
  return health.kind === 'failing' ? Math.max(1, Math.ceil((health.until - now) / 1000)) : 1;
}

function refuse(refusal: Refusal): Admission {
  return { kind: 'refuse', refusal };
}
