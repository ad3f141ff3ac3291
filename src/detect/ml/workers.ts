/**
 * Starting a worker thread on one of this folder's entry files: the compiled .js next to this
 * file, or, when running from source (tsx, vitest), a small bootstrap that registers tsx's loader
 * in the worker and then imports the .ts entry.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export function startWorker(entry: 'lstm-worker' | 'forest-worker', workerData: unknown): Worker {
  const js = new URL(`./${entry}.js`, import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData });
  const ts = new URL(`./${entry}.ts`, import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
