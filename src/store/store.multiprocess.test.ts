/**
 * Two processes on one store: they open it at the same moment (concurrent migrations), ingest the
 * same file with the checkpoint compare-and-swap, then upsert the same templates. No line may be
 * stored twice or lost, and both processes must see the same template ids.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from './open.js';
import type { Store } from './store.js';
import { BACKENDS } from './testing/backends.js';

const WORKER = fileURLToPath(new URL('./testing/worker.ts', import.meta.url));

/** Start one worker per argument list, release them together once all are ready, return their JSON outputs. */
async function runTogether<T>(argLists: string[][]): Promise<T[]> {
  const workers = argLists.map(startWorker);
  try {
    await Promise.all(workers.map((w) => w.ready));
  } catch (err) {
    for (const w of workers) w.child.kill();
    await Promise.allSettled(workers.map((w) => w.done));
    throw err;
  }
  for (const w of workers) w.child.stdin.end('go\n');
  return Promise.all(workers.map(async (w) => JSON.parse((await w.done).at(-1)!) as T));
}

function startWorker(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const done = (async () => {
    const lines: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      if (line === 'ready') markReady();
      lines.push(line);
    }
    const [code] = (await exited) as [number | null];
    if (code !== 0) throw new Error(`worker "${args.join(' ')}" exited with ${code}: ${stderr}`);
    return lines;
  })();
  const failedEarly = done.then(() => Promise.reject(new Error(`worker "${args.join(' ')}" ended before it was ready`)));
  return { child, ready: Promise.race([ready, failedEarly]), done };
}

interface WorkerResult {
  ingest: { batches: number; conflicts: number };
  templates: Record<string, number>;
}

const [LINES, BATCH, REJECT_EVERY, TEMPLATE_KEYS] = [3000, 40, 50, 300];

for (const backend of BACKENDS) {
  describe(`${backend.name}: two processes`, () => {
    let location = '';
    let results: WorkerResult[] = [];
    let store: Store;

    beforeAll(async () => {
      location = await backend.freshLocation();
      const args = (seed: number) => [location, LINES, BATCH, REJECT_EVERY, TEMPLATE_KEYS, seed].map(String);
      results = await runTogether<WorkerResult>([args(1), args(2)]);
      store = await openStore(location);
    });
    afterAll(async () => {
      await store?.close();
      await backend.cleanup();
    });

    it('ingest one file with compare-and-swap and store every line exactly once', async () => {
      expect(results.reduce((n, r) => n + r.ingest.batches, 0)).toBe(LINES / BATCH);
      const stored = (await store.queryLogs({ limit: 10_000, order: 'asc' })).rows.map((l) => l.source.line);
      const expected = Array.from({ length: LINES }, (_, i) => i + 1).filter((line) => line % REJECT_EVERY !== 0);
      expect([...stored].sort((a, b) => a - b)).toEqual(expected);
      expect(await store.countRejects()).toEqual({ 'bad line': LINES / REJECT_EVERY });
      expect((await store.getCheckpoint('sha:shared'))?.offset).toBe(LINES * 100);
    });

    it('upsert the same template keys and agree on their ids', async () => {
      const [first, second] = results.map((r) => r.templates);
      expect(Object.keys(first!)).toHaveLength(TEMPLATE_KEYS);
      expect(second).toEqual(first);
      const templates = await store.listTemplates();
      expect(Object.fromEntries(templates.map((t) => [t.key, t.id]))).toEqual(first);
      expect(templates.every((t) => t.count === 2)).toBe(true);
    });
  });
}
