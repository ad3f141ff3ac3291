/**
 * Starting a worker thread on an entry file beside a module: the compiled .js when it is there (the
 * built package), or, running from source (tsx, vitest), a small bootstrap that registers tsx's
 * loader in the worker and then imports the .ts entry.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `new Worker` on `./<entry>.js` (or `.ts`) relative to `base` (the caller's `import.meta.url`). */
export function startEntry(base: string, entry: string, options: WorkerOptions = {}): Worker {
  const js = new URL(`./${entry}.js`, base);
  if (existsSync(fileURLToPath(js))) return new Worker(js, options);
  const ts = new URL(`./${entry}.ts`, base).href;
  const bootstrap = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
