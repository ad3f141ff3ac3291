/**
 * Worker-thread entry: trains the LSTM autoencoder off the main thread, posting progress per
 * batch, then returns the weights and the reconstruction errors of the requested batches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createLstmAutoencoder, reconstructionErrors, trainLstm } from './lstm-autoencoder.js';
import { exportLstm } from './lstm-io.js';
import type { LstmJob, LstmWorkerMessage } from './lstm-job.js';
import { useWasm } from './tf-backend.js';

async function run(job: LstmJob): Promise<void> {
  const post = (m: LstmWorkerMessage, transfer: ArrayBuffer[] = []): void => parentPort!.postMessage(m, transfer);
  try {
    const tf = await useWasm('training');
    const model = createLstmAutoencoder(tf, job.train.features, job.options);
    const losses = await trainLstm(tf, model, job.train, (progress) => post({ kind: 'progress', progress }));
    const errors: Float32Array[] = [];
    for (const batch of job.score) errors.push(await reconstructionErrors(tf, model, batch));
    const artifacts = await exportLstm(tf, model);
    post({ kind: 'done', artifacts, losses, errors }, [artifacts.data, ...errors.map((e) => e.buffer as ArrayBuffer)]);
  } catch (e) {
    post({ kind: 'failed', reason: `LSTM training failed: ${(e as Error).message}` });
  }
}

void run(workerData as LstmJob);
