import { describe, expect, it } from 'vitest';
import { combine, DEFAULT_WEIGHTS } from './ensemble.js';
import { chunksWithCandidates, lstmCandidates } from './lstm-need.js';
import type { Thresholds } from './threshold.js';

const thresholds: Thresholds = { fpr: 0.01, global: 0.9, perHour: null };

describe('lstmCandidates', () => {
  it('wants the LSTM exactly where a full LSTM component could lift the score above the threshold', () => {
    const forest = [0.1, 0.8, 0.84, 0.99];
    const got = lstmCandidates({ forest, sequence: null, hours: [0, 0, 0, 0], inSession: [0, 0, 0, 0], weights: DEFAULT_WEIGHTS, thresholds });
    const expected = forest.map((f) => (combine({ forest: f, lstm: 1, sequence: null }, DEFAULT_WEIGHTS) > thresholds.global ? 1 : 0));
    expect([...got]).toEqual(expected);
    expect(got[0]).toBe(0);
    expect(got[3]).toBe(1);
  });

  it('always wants records of real sessions, and follows per-hour thresholds', () => {
    const perHour: Thresholds = { ...thresholds, perHour: [0.5, ...Array.from({ length: 23 }, () => null)] };
    const got = lstmCandidates({ forest: [0.2, 0.2, 0.2], sequence: null, hours: [0, 5, 5], inSession: [0, 0, 1], weights: DEFAULT_WEIGHTS, thresholds: perHour });
    expect([...got]).toEqual([1, 0, 1]);
  });
});

describe('chunksWithCandidates', () => {
  it('lists the chunks holding a candidate, ignoring padding', () => {
    const records = Int32Array.from([0, 1, 2, 3, 4, -1, 5, -1, -1]);
    expect(chunksWithCandidates(records, 3, Uint8Array.from([0, 0, 0, 0, 1, 0]))).toEqual([1]);
    expect(chunksWithCandidates(records, 3, Uint8Array.from([1, 0, 0, 0, 0, 1]))).toEqual([0, 2]);
    expect(chunksWithCandidates(records, 3, new Uint8Array(6))).toEqual([]);
  });
});
