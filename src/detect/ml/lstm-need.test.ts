import { describe, expect, it } from 'vitest';
import { combine, createNormaliser, DEFAULT_WEIGHTS, forestComponent } from './ensemble.js';
import { chunksWithCandidates, FLOOR_MARGIN, forestFloors, lstmCandidates } from './lstm-need.js';
import { createPrng } from './prng.js';
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

describe('forestFloors', () => {
  it('puts each record\'s floor where its forest score starts to make it a candidate, 0 where every score counts', () => {
    const p = createPrng(9);
    const normaliser = createNormaliser(Array.from({ length: 5000 }, () => 0.35 + 0.3 * p.next() * p.next()));
    const n = 4000;
    const perHour: Thresholds = { fpr: 0.01, global: 0.93, perHour: [0.7, ...Array.from({ length: 23 }, () => null)] };
    const weights = { forest: 0.5, lstm: 0.3, sequence: 0.2 };
    const sequence = Float64Array.from({ length: n }, () => p.next());
    const hours = Uint8Array.from({ length: n }, () => p.int(24));
    const excess = Float64Array.from({ length: n }, () => (p.next() < 0.05 ? p.next() * 4 : 0));
    const inSession = Uint8Array.from({ length: n }, () => (p.next() < 0.05 ? 1 : 0));
    const mustScore = Uint8Array.from({ length: n }, () => (p.next() < 0.05 ? 1 : 0));
    const raw = Float64Array.from({ length: n }, () => 0.3 + 0.5 * p.next());
    const floors = forestFloors({ sequence, hours, inSession, weights, thresholds: perHour, excess, normaliser, mustScore });
    const forest = raw.map((s, r) => forestComponent(normaliser, s, excess[r]!));
    const candidates = lstmCandidates({ forest, sequence, hours, inSession, weights, thresholds: perHour });
    let below = 0;
    for (let r = 0; r < n; r++) {
      if (inSession[r] || mustScore[r]) expect(floors[r]).toBe(0);
      if (raw[r]! < floors[r]!) {
        below++;
        expect(candidates[r], `record ${r}`).toBe(0);
      }
      // Just above the floor (beyond the margin) the record is a candidate, where the CDF is not flat (below its tail).
      const lifted = forestComponent(normaliser, floors[r]! + 1e-4, excess[r]!);
      if (floors[r]! > 0.36 && floors[r]! < normaliser.values.at(-1)!) {
        expect(lstmCandidates({ forest: [lifted], sequence: [sequence[r]!], hours: [hours[r]!], inSession: [0], weights, thresholds: perHour })[0], `record ${r}: floor ${floors[r]} lifted ${lifted} seq ${sequence[r]} hour ${hours[r]} excess ${excess[r]} session ${inSession[r]} must ${mustScore[r]}`).toBe(1);
      }
    }
    expect(below).toBeGreaterThan(n / 2);
    expect(FLOOR_MARGIN).toBeLessThan(1e-3);
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
