import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Alert } from '../domain/index.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { detectAndGroup } from './detect-run.js';
import { watch } from './watch.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (i: number, msg = 'Request served') => `${new Date(Date.UTC(2026, 0, 5, 10) + i * 1000).toISOString()} INFO api ${msg} id=${i}\n`;
const lines = (from: number, n: number) => Array.from({ length: n }, (_, k) => line(from + k)).join('');

/** Run watch while `steps` happen (one every 80 ms), then stop it. */
async function watching(store: Store, patterns: string[], steps: (() => void)[], onAlerts?: (a: Alert[]) => void) {
  const controller = new AbortController();
  const run = watch(store, {
    patterns, pollMs: 20, signal: controller.signal, preset: 'generic', learn: true,
    afterStore: async () => {
      const r = await detectAndGroup(store, { now: Date.now() });
      return r.detection.alerts;
    },
    onAlerts,
  });
  for (const step of steps) {
    await new Promise((r) => setTimeout(r, 80));
    step();
  }
  await new Promise((r) => setTimeout(r, 250));
  controller.abort();
  return run;
}

describe('watch', () => {
  it('stores appended lines, raises alerts with evidence, and resumes after a restart without repeats', async () => {
    const file = join(dir, 'app.log');
    writeFileSync(file, lines(0, 5));
    const store = await openStore(join(dir, 'w1.db'));
    await store.createRule({
      name: 'panic', type: 'keyword', severity: 'CRITICAL', enabled: true, scope: {},
      params: { pattern: 'panic', threshold: 1, window_minutes: 5 },
    });
    const seen: Alert[] = [];
    const stats = await watching(store, [file], [() => appendFileSync(file, lines(5, 3)), () => appendFileSync(file, line(8, 'kernel panic in worker'))], (a) => seen.push(...a));
    expect(stats.records).toBe(9);
    expect(seen).toHaveLength(1);
    const [evidence] = await store.getLogs(seen[0]!.evidence);
    expect(evidence!.message).toContain('kernel panic');
    expect((await store.getAlert(seen[0]!.id))!.incidentId).not.toBeNull();

    // Restart: lines written while stopped are read once; nothing is repeated.
    appendFileSync(file, lines(9, 4));
    const again = await watching(store, [file], [() => appendFileSync(file, lines(13, 2))]);
    expect(again.records).toBe(6);
    expect(await store.countLogs()).toBe(15);
    const all = await store.queryLogs({ limit: 100, order: 'asc' });
    expect(all.rows.map((r) => r.source.line)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    await store.close();
  });

  it('follows a rename-and-create rotation without losing or repeating a line', async () => {
    const file = join(dir, 'rot.log');
    writeFileSync(file, lines(0, 3));
    const store = await openStore(join(dir, 'w2.db'));
    await watching(store, [file], [
      () => appendFileSync(file, lines(3, 2)),
      () => {
        appendFileSync(file, lines(5, 1));
        renameSync(file, `${file}.1`);
        writeFileSync(file, lines(100, 2));
      },
      () => appendFileSync(file, lines(102, 2)),
    ]);
    const ids = (await store.queryLogs({ limit: 100, order: 'asc' })).rows.map((r) => Number(r.message.split('id=')[1]));
    expect(ids).toEqual([0, 1, 2, 3, 4, 5, 100, 101, 102, 103]);
    await store.close();
  });
});
