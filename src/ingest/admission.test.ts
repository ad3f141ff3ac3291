import { describe, expect, it } from 'vitest';
import { decideAdmission, failedCommit, HEALTHY, retryAfterOf, type AdmissionInput, type Health } from './admission.js';

const limits = { maxRecords: 100, maxBytes: 1000 };
const input = (over: Partial<AdmissionInput>): AdmissionInput => ({
  inFlight: { records: 0, bytes: 0 }, want: { records: 10, bytes: 100 }, limits, health: HEALTHY, now: 50_000, busyRetryAfterSec: 2, ...over,
});

describe('decideAdmission', () => {
  it('admits while the work fits, up to the limits exactly', () => {
    expect(decideAdmission(input({}))).toEqual({ kind: 'admit' });
    expect(decideAdmission(input({ inFlight: { records: 90, bytes: 900 } }))).toEqual({ kind: 'admit' });
  });

  it('refuses as busy, with the retry delay, when records or bytes would overflow', () => {
    for (const inFlight of [{ records: 91, bytes: 0 }, { records: 0, bytes: 901 }]) {
      expect(decideAdmission(input({ inFlight }))).toEqual({ kind: 'refuse', refusal: { kind: 'busy', reason: 'the ingest queue is full: retry later', retryAfterSec: 2 } });
    }
  });

  it('refuses as too large what could never fit, even in an empty queue', () => {
    const records = decideAdmission(input({ want: { records: 101, bytes: 10 } }));
    expect(records).toMatchObject({ kind: 'refuse', refusal: { kind: 'too_large' } });
    if (records.kind === 'refuse') expect(records.refusal.reason).toBe('the request holds 101 records, more than the 100 the queue takes at once: split it');
    expect(decideAdmission(input({ want: { records: 1, bytes: 1001 } }))).toMatchObject({ kind: 'refuse', refusal: { kind: 'too_large' } });
  });

  it('refuses as unavailable while the store is failing, until the backoff is over', () => {
    const failing: Health = { kind: 'failing', until: 53_500, streak: 2, reason: 'disk I/O error' };
    expect(decideAdmission(input({ health: failing }))).toEqual({
      kind: 'refuse', refusal: { kind: 'unavailable', reason: 'the store is failing (disk I/O error)', retryAfterSec: 4 },
    });
    expect(decideAdmission(input({ health: failing, now: 53_500 }))).toEqual({ kind: 'admit' });
  });

  it('refuses everything once closed', () => {
    expect(decideAdmission(input({ health: { kind: 'closed' } }))).toMatchObject({ kind: 'refuse', refusal: { kind: 'unavailable', reason: 'the server is shutting down' } });
  });
});

describe('failedCommit', () => {
  it('backs off 1 s, 2 s, 4 s … up to 30 s as failures follow each other', () => {
    let health: Health = HEALTHY;
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      health = failedCommit(health, 'boom', 0);
      if (health.kind === 'failing') waits.push(health.until);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(retryAfterOf(failedCommit(HEALTHY, 'boom', 10_000), 10_000)).toBe(1);
    expect(retryAfterOf(HEALTHY, 0)).toBe(1);
  });
});
