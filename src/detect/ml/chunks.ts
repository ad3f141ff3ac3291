/**
 * LSTM input: each stream (session, or service when there are no sessions) is cut into
 * consecutive chunks of `timesteps` records. The last chunk of a stream is zero-padded; padded
 * steps belong to no record.
 */
import type { SequenceBatch } from './lstm-autoencoder.js';
import type { Matrix } from './matrix.js';

export interface Chunks {
  timesteps: number;
  /** Record index per chunk step (`count × timesteps`), −1 for padding. */
  records: Int32Array;
  count: number;
}

/** Chunk each stream's records (indices in order) in order of first appearance. */
export function chunkStreams(streams: Map<string, number[]>, timesteps: number): Chunks {
  let count = 0;
  for (const list of streams.values()) count += Math.ceil(list.length / timesteps);
  const records = new Int32Array(count * timesteps).fill(-1);
  let c = 0;
  for (const list of streams.values()) {
    for (let start = 0; start < list.length; start += timesteps, c++) {
      for (let t = 0; t < timesteps && start + t < list.length; t++) records[c * timesteps + t] = list[start + t];
    }
  }
  return { timesteps, records, count };
}

/** The chunks whose indices are listed, as a sequence batch of rows of `m`. */
export function chunkBatch(chunks: Chunks, m: Matrix, which: ArrayLike<number>): SequenceBatch {
  const T = chunks.timesteps;
  const data = new Float32Array(which.length * T * m.cols);
  for (let i = 0; i < which.length; i++) {
    for (let t = 0; t < T; t++) {
      const r = chunks.records[which[i] * T + t];
      if (r >= 0) data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), (i * T + t) * m.cols);
    }
  }
  return { data, count: which.length, timesteps: T, features: m.cols };
}

/** Spread per-step errors (`which.length × timesteps`) back to records; records not covered keep NaN. */
export function errorsPerRecord(chunks: Chunks, which: ArrayLike<number>, errors: Float32Array, records: number): Float32Array {
  const out = new Float32Array(records).fill(NaN);
  const T = chunks.timesteps;
  for (let i = 0; i < which.length; i++) {
    for (let t = 0; t < T; t++) {
      const r = chunks.records[which[i] * T + t];
      if (r >= 0) out[r] = errors[i * T + t];
    }
  }
  return out;
}
