/**
 * Several processes on one store: they open it at the same moment (concurrent migrations), ingest
 * the same file with the checkpoint compare-and-swap, and upsert the same templates. No line may
 * be stored twice or lost, and every process must see the same template ids.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './open.js';
import { BACKENDS } from './testing/backends.js';

const WORKER = fileURLToPath(new URL('./testing/worker.ts', import.meta.url));

/** Start one worker per argument list, release them together once all are ready, return their JSON outputs. */
async function runTogether<T>(argLists: string[][]): Promise<T[]> {
  const workers = argLists.map(startWorker);
  await Promise.all(workers.map((w) => w.ready));
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

for (const backend of BACKENDS) {
  describe(`${backend.name}: several processes`, () => {
    afterAll(() => backend.cleanup());

    it('ingest one file with compare-and-swap and store every line exactly once', async () => {
      const location = await backend.freshLocation();
      const [lines, batch, rejectEvery] = [3000, 40, 50];
      const args = ['ingest', location, 'sha:shared', String(lines), String(batch), String(rejectEvery)];
      const results = await runTogether<{ batches: number; conflicts: number }>([args, args]);
      expect(results.reduce((n, r) => n + r.batches, 0)).toBe(lines / batch);

      const store = await openStore(location);
      try {
        const stored = (await store.queryLogs({ limit: 10_000, order: 'asc' })).rows.map((l) => l.source.line);
        const expected = Array.from({ length: lines }, (_, i) => i + 1).filter((line) => line % rejectEvery !== 0);
        expect([...stored].sort((a, b) => a - b)).toEqual(expected);
        expect(await store.countRejects()).toEqual({ 'bad line': lines / rejectEvery });
        expect((await store.getCheckpoint('sha:shared'))?.offset).toBe(lines * 100);
      } finally {
        await store.close();
      }
    });

    it('upsert the same template keys and agree on their ids', async () => {
      const location = await backend.freshLocation();
      const keys = 300;
      const results = await runTogether<Record<string, number>>([
        ['templates', location, String(keys), '1'],
        ['templates', location, String(keys), '2'],
      ]);
      expect(Object.keys(results[0]!)).toHaveLength(keys);
      expect(results[1]).toEqual(results[0]);

      const store = await openStore(location);
      try {
        const templates = await store.listTemplates();
        expect(templates).toHaveLength(keys);
        expect(Object.fromEntries(templates.map((t) => [t.key, t.id]))).toEqual(results[0]);
        expect(templates.every((t) => t.count === 2)).toBe(true);
      } finally {
        await store.close();
      }
    });
  });
}
