/**
 * Which records need their LSTM component. The ensemble score is a weighted mean in which the
 * LSTM's normalised component is at most 1, so a record whose score stays at or below its
 * threshold even with that component at 1 cannot be raised whatever the LSTM says: when only
 * anomalous verdicts are wanted, the LSTM need not run for it. Records of real sessions always
 * need it (a session verdict reports the largest LSTM component among its records). Pure.
 */
import { combine, scoreAt, type EnsembleWeights, type Normaliser } from './ensemble.js';
import { exceeds, thresholdAt, type Thresholds } from './threshold.js';

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

/**
 * Below what raw forest score a record cannot be a candidate of `lstmCandidates`, whatever its LSTM
 * component: the forest is then scored exactly only above it (scoreForestAbove). 0 where every score
 * may count (a record of a real session, or one the news scorer raised: their verdicts report the
 * forest component), Infinity where none can. The floor stays `FLOOR_MARGIN` below the exact crossing,
 * so a record just under it is still scored exactly.
 */
export function forestFloors(input: Omit<LstmNeedInput, 'forest'> & { excess: ArrayLike<number>; normaliser: Normaliser; mustScore: ArrayLike<number> }): Float64Array {
  const { sequence, hours, inSession, weights, thresholds, excess, normaliser, mustScore } = input;
  const out = new Float64Array(hours.length);
  const wForest = weights.forest;
  for (let r = 0; r < hours.length; r++) {
    if (inSession[r] || mustScore[r] || !(wForest > 0)) continue;
    // combine() = (wForest·forest + rest) / total over the present components; the record is a candidate
    // when that exceeds the threshold, so when forest > (threshold·total − rest) / wForest.
    let total = wForest;
    let rest = 0;
    if (weights.lstm > 0) {
      total += weights.lstm;
      rest += weights.lstm;
    }
    if (sequence && weights.sequence > 0) {
      total += weights.sequence;
      rest += weights.sequence * sequence[r]!;
    }
    const cut = (thresholdAt(thresholds, hours[r]) * total - rest) / wForest;
    // The forest component is max(normalised score, 1 − e^(−excess)): past the range it may pass on its own.
    if (!(1 - Math.exp(-Math.max(0, excess[r]!)) < cut - FLOOR_MARGIN)) continue;
    out[r] = scoreAt(normaliser, cut - FLOOR_MARGIN);
  }
  return out;
}

/** Slack between a floor and the exact crossing, in normalised units (rounding in combine() is ~1e-16). */
export const FLOOR_MARGIN = 1e-6;
