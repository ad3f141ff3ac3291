/** Worker threads on this folder's entry files (see src/shared/worker-entry.ts). */
import type { Worker } from 'node:worker_threads';
import { startEntry } from '../../shared/worker-entry.js';

export function startWorker(entry: 'lstm-worker' | 'forest-worker' | 'score-worker', workerData: unknown): Worker {
  return startEntry(import.meta.url, entry, { workerData });
}
