/**
 * Watch latency: lines are appended to a followed file at a steady rate; every 50th is a "panic"
 * line that a keyword rule alerts on. Latency is the time from the append to the alert being
 * stored and reported. Target: p99 < 1 s.
 */
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../src/store/open.js';
import { watch } from '../src/pipeline/watch.js';
import { detectAndGroup } from '../src/pipeline/detect-run.js';
import { emitFigures, peakRssMb, tempDir, type Figure } from './util.js';

export async function benchWatch(opts = { seconds: Number(process.env.BENCH_WATCH_SECONDS ?? 20), linesPerSecond: 2000 }): Promise<Figure[]> {
  const dir = tempDir('watch');
  const file = join(dir, 'app.log');
  const store = await openStore(join(dir, 'watch.db'));
  await store.createRule({
    name: 'panic', type: 'keyword', severity: 'CRITICAL', enabled: true, scope: {},
    params: { pattern: 'panic', threshold: 1, window_minutes: 1, group_by: ['user'], cooldown_minutes: 0.001 },
  });
  writeFileSync(file, '');
  const written = new Map<string, number>();
  const latencies: number[] = [];
  const controller = new AbortController();
  const run = watch(store, {
    patterns: [file], preset: 'generic', pollMs: 50, learn: true, signal: controller.signal,
    afterStore: async () => (await detectAndGroup(store, { now: Date.now() })).detection.alerts,
    onAlerts: async (alerts) => {
      const now = Date.now();
      for (const a of alerts) {
        const [line] = await store.getLogs(a.evidence.slice(0, 1));
        const tag = /panic-(\d+)/.exec(line?.message ?? '')?.[1];
        const at = tag ? written.get(tag) : undefined;
        if (at !== undefined) latencies.push(now - at);
      }
    },
  });
  let i = 0;
  const start = Date.now();
  const tick = 20;
  while (Date.now() - start < opts.seconds * 1000) {
    let chunk = '';
    for (let k = 0; k < (opts.linesPerSecond * tick) / 1000; k++, i++) {
      const ts = new Date().toISOString();
      chunk += i % 50 === 0 ? `${ts} ERROR api user=u${i} kernel panic-${i} in worker\n` : `${ts} INFO api Request ${i} served in ${i % 700} ms\n`;
      if (i % 50 === 0) written.set(String(i), Date.now());
    }
    appendFileSync(file, chunk);
    await new Promise((r) => setTimeout(r, tick));
  }
  await new Promise((r) => setTimeout(r, 1500));
  controller.abort();
  const stats = await run;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return [
    { bench: 'watch', metric: `lines followed (${opts.linesPerSecond}/s)`, value: stats.records, unit: 'lines' },
    { bench: 'watch', metric: `alerts timed (of ${written.size} panics)`, value: latencies.length, unit: '' },
    { bench: 'watch', metric: 'line-to-alert p50', value: q(0.5), unit: 'ms' },
    { bench: 'watch', metric: 'line-to-alert p99', value: q(0.99), unit: 'ms', target: '< 1000' },
    { bench: 'watch', metric: 'peak RSS', value: peakRssMb(), unit: 'MB' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) emitFigures(await benchWatch());
