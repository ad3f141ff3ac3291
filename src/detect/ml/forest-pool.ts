/**
 * Scoring with an isolation forest on several threads: each worker holds a copy of the forest
 * and scores a contiguous range of rows of a matrix in shared memory, writing into a shared
 * output. Worth it for large batches (a million rows); `scoreForest` is simpler for small ones.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { IsolationForest } from './isolation-forest.js';
import type { Matrix } from './matrix.js';
import { startWorker } from './workers.js';

export interface ForestTask {
  id: number;
  /** The matrix: `rows × cols` floats starting at element `offset`. */
  data: SharedArrayBuffer;
  offset: number;
  cols: number;
  /** Output, one score per row. */
  out: SharedArrayBuffer;
  /** Row range to score. */
  start: number;
  end: number;
}

export interface ForestPool {
  readonly threads: number;
  score(m: Matrix): Promise<Float32Array>;
  close(): Promise<void>;
}

export function createForestPool(forest: IsolationForest, threads = availableParallelism()): ForestPool {
  const workers: Worker[] = Array.from({ length: Math.max(1, threads) }, () => startWorker('forest-worker', forest));
  let nextId = 0;
  const run = (w: Worker, task: ForestTask): Promise<void> =>
    new Promise((resolve, reject) => {
      const onMessage = (id: number): void => {
        if (id !== task.id) return;
        w.off('message', onMessage);
        w.off('error', reject);
        resolve();
      };
      w.on('message', onMessage);
      w.once('error', reject);
      w.postMessage(task);
    });
  return {
    threads: workers.length,
    async score(m) {
      const isShared = m.data.buffer instanceof SharedArrayBuffer;
      const data = isShared ? (m.data.buffer as SharedArrayBuffer) : copyToShared(m.data);
      const offset = isShared ? m.data.byteOffset / 4 : 0;
      const out = new SharedArrayBuffer(4 * m.rows);
      const per = Math.ceil(m.rows / workers.length);
      await Promise.all(
        workers.map((w, k) => {
          const start = k * per;
          const end = Math.min(m.rows, (k + 1) * per);
          return end > start ? run(w, { id: nextId++, data, offset, cols: m.cols, out, start, end }) : Promise.resolve();
        }),
      );
      return new Float32Array(out);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

function copyToShared(data: Float32Array): SharedArrayBuffer {
  const shared = new SharedArrayBuffer(data.byteLength);
  new Float32Array(shared).set(data);
  return shared;
}
