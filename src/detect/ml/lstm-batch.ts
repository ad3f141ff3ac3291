/**
 * A batch's LSTM reconstruction errors, computed while its records arrive part by part (the scoring
 * worker's input, score.ts `scoreParts`) rather than all at once when the batch closes.
 *
 * The chunks are those `chunkStreams` cuts (each stream's records of the batch in consecutive runs
 * of `timesteps`, the last one padded) and only those holding a wanted record are reconstructed,
 * as `lstmErrors` does at the end of a batch; each sequence's error depends on its own steps only,
 * so the errors are the same. What changes is when: a stream's chunk is complete once it has
 * `timesteps` records, and complete chunks are reconstructed every `flushChunks`, so the work
 * spreads over the batch and only the streams' last, partial chunks wait for its end.
 *
 * Why: the reconstruction is the largest part of a batch's end (about 0.1 ms a sequence), and at
 * the end of the input the reader waits for it. On a generated 218k-line scan the worker finished
 * 0.25–0.33 s after the reader, most of it the last batches' reconstruction.
 */
import { chunkBatch, type Chunks } from './chunks.js';
import { reconstructionErrors, type LoadedLstm } from './lstm-autoencoder.js';
import type { Matrix } from './matrix.js';

export interface LstmBatchOptions {
  /** The model's sequence length and features per step. */
  timesteps: number;
  features: number;
  /** Records a batch usually holds at most (its arrays grow beyond it if need be). */
  capacity: number;
  /** Complete chunks gathered before they are reconstructed together. */
  flushChunks: number;
}

export class LstmBatch {
  private readonly T: number;
  private z: Matrix;
  private wanted: Uint8Array;
  private errors: Float32Array;
  /** Per stream, its records not yet in a chunk, in order (streams in order of first appearance). */
  private readonly open = new Map<string, number[]>();
  /** Record index per step of the chunks waiting for reconstruction, −1 for padding. */
  private pending: number[] = [];
  private size = 0;

  /** `lstm`: the model, loaded when first needed (the first reconstruction). */
  constructor(
    private readonly lstm: () => Promise<LoadedLstm>,
    private readonly opts: LstmBatchOptions,
  ) {
    this.T = opts.timesteps;
    this.z = { data: new Float32Array(opts.capacity * opts.features), rows: 0, cols: opts.features };
    this.wanted = new Uint8Array(opts.capacity);
    this.errors = new Float32Array(opts.capacity).fill(NaN);
  }

  /** The next records of the batch: their streams, standardised features and wanted flags. */
  add(streams: readonly string[], z: Matrix, wanted: ArrayLike<number>): void {
    const n = streams.length;
    if (this.size + n > this.wanted.length) this.grow(this.size + n);
    this.z.data.set(z.data.subarray(0, n * z.cols), this.size * z.cols);
    for (let r = 0; r < n; r++) {
      const i = this.size + r;
      this.wanted[i] = wanted[r]!;
      let list = this.open.get(streams[r]!);
      if (!list) this.open.set(streams[r]!, (list = []));
      list.push(i);
      if (list.length === this.T) {
        this.enqueue(list);
        list.length = 0;
      }
    }
    this.size += n;
    this.z.rows = this.size;
  }

  /** Reconstruct the complete chunks gathered, if there are `flushChunks` of them. */
  async flushIfFull(): Promise<void> {
    if (this.pending.length >= this.opts.flushChunks * this.T) await this.flush();
  }

  /** Every record's error (NaN outside the reconstructed chunks), the streams' last chunks included. */
  async finish(): Promise<Float32Array> {
    for (const list of this.open.values()) if (list.length > 0) this.enqueue(list);
    this.open.clear();
    await this.flush();
    return this.errors.slice(0, this.size);
  }

  private grow(records: number): void {
    const capacity = Math.max(records, 2 * this.wanted.length);
    const data = new Float32Array(capacity * this.z.cols);
    data.set(this.z.data);
    this.z = { ...this.z, data };
    const wanted = new Uint8Array(capacity);
    wanted.set(this.wanted);
    this.wanted = wanted;
    const errors = new Float32Array(capacity).fill(NaN);
    errors.set(this.errors);
    this.errors = errors;
  }

  /** Queue the chunk (padded to `timesteps`) when one of its records is wanted. */
  private enqueue(records: readonly number[]): void {
    if (!records.some((i) => this.wanted[i] === 1)) return;
    for (let t = 0; t < this.T; t++) this.pending.push(t < records.length ? records[t]! : -1);
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunks: Chunks = { timesteps: this.T, records: Int32Array.from(this.pending), count: this.pending.length / this.T };
    this.pending = [];
    const all = Array.from({ length: chunks.count }, (_, c) => c);
    const { tf, ae } = await this.lstm();
    const errors = await reconstructionErrors(tf, ae, chunkBatch(chunks, this.z, all));
    for (let k = 0; k < chunks.records.length; k++) {
      const r = chunks.records[k]!;
      if (r >= 0) this.errors[r] = errors[k]!;
    }
  }
}
