/** Runs LSTM training in a worker thread (lstm-worker.ts) and relays its progress. */
import type { LstmOptions, LstmProgress, SequenceBatch } from './lstm-autoencoder.js';
import type { LstmArtifacts } from './lstm-io.js';
import { startWorker } from './workers.js';

export interface LstmJob {
  train: SequenceBatch;
  options: Partial<LstmOptions>;
  /** Batches to compute reconstruction errors for after training. */
  score: SequenceBatch[];
}

export type LstmWorkerMessage =
  | { kind: 'progress'; progress: LstmProgress }
  | { kind: 'done'; artifacts: LstmArtifacts; losses: number[]; errors: Float32Array[] }
  | { kind: 'failed'; reason: string };

export type LstmJobResult = { ok: true; artifacts: LstmArtifacts; losses: number[]; errors: Float32Array[] } | { ok: false; reason: string };

export function runLstmJob(job: LstmJob, onProgress?: (p: LstmProgress) => void): Promise<LstmJobResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r: LstmJobResult): void => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const worker = startWorker('lstm-worker', job);
    worker.on('message', (m: LstmWorkerMessage) => {
      if (m.kind === 'progress') onProgress?.(m.progress);
      else {
        settle(m.kind === 'done' ? { ok: true, artifacts: m.artifacts, losses: m.losses, errors: m.errors } : { ok: false, reason: m.reason });
        void worker.terminate();
      }
    });
    worker.on('error', (e) => settle({ ok: false, reason: `The LSTM worker stopped: ${e.message}` }));
    worker.on('exit', (code) => settle({ ok: false, reason: `The LSTM worker exited with code ${code} before finishing.` }));
  });
}
