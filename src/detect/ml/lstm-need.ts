/**
 * Which records need their LSTM component. The ensemble score is a weighted mean in which the
 * LSTM's normalised component is at most 1, so a record whose score stays at or below its
 * threshold even with that component at 1 cannot be raised whatever the LSTM says: when only
 * anomalous verdicts are wanted, the LSTM need not run for it. Records of real sessions always
 * need it (a session verdict reports the largest LSTM component among its records). Pure.
 */
import { combine, type EnsembleWeights } from './ensemble.js';
import { exceeds, type Thresholds } from './threshold.js';

export interface LstmNeedInput {
  /** Normalised forest component per record. */
  forest: ArrayLike<number>;
  /** Normalised sequence component per record, or null when the model has none. */
  sequence: ArrayLike<number> | null;
  /** UTC hour of day per record (for per-hour thresholds). */
  hours: ArrayLike<number>;
  /** 1 where the record belongs to a real session. */
  inSession: ArrayLike<number>;
  weights: EnsembleWeights;
  thresholds: Thresholds;
}

/** 1 where the record's LSTM component can change its verdict. */
export function lstmCandidates(input: LstmNeedInput): Uint8Array {
  const { forest, sequence, hours, inSession, weights, thresholds } = input;
  const out = new Uint8Array(forest.length);
  for (let r = 0; r < forest.length; r++) {
    if (inSession[r]) out[r] = 1;
    else {
      const best = combine({ forest: forest[r], lstm: 1, sequence: sequence ? sequence[r] : null }, weights);
      out[r] = exceeds(thresholds, best, hours[r]) ? 1 : 0;
    }
  }
  return out;
}

/** Indices of the chunks (rows of `timesteps` record indices, −1 for padding) holding at least one candidate. */
export function chunksWithCandidates(records: Int32Array, timesteps: number, candidates: Uint8Array): number[] {
  const out: number[] = [];
  for (let c = 0; c * timesteps < records.length; c++) {
    for (let t = 0; t < timesteps; t++) {
      const r = records[c * timesteps + t];
      if (r >= 0 && candidates[r]) {
        out.push(c);
        break;
      }
    }
  }
  return out;
}
