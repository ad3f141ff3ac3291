/**
 * `logtrack scan` throughput (run: `npx tsx bench/scan.ts`; target: a whole scan ≥ 100,000 lines/s).
 *
 * Setup, untimed, in child processes: synthetic logs (`logtrack synth`, 2 days to train on with
 * seed 7, BENCH_SCAN_DAYS (default 3) to scan with seed 42 from 2026-01-08) and a model trained
 * on the first (`logtrack train`, LSTM on). Timed, on the shipped build in a process of its own
 * (bench/built.mjs: plain node, as `logtrack scan` runs): loading the model and the whole scan (decode and mine, scoring on the worker thread as the records arrive, grouping into
 * incidents in a temporary store), as `logtrack scan` runs them without --db. Figures: lines/s,
 * wall and CPU seconds (every thread of that process, the scoring worker's too),
 * and peak RSS (the worker's memory included).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { emitFigures, runBuilt, tempDir, type Figure } from './util.js';

const days = Number(process.env.BENCH_SCAN_DAYS ?? 3);

function cli(...args: string[]): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`logtrack ${args[0]} failed (exit ${r.status}): ${r.stderr.slice(-1000)}`);
}

const dir = tempDir('scan');
try {
  process.stderr.write('scan bench: generating logs and training a model…\n');
  cli('synth', '--out', join(dir, 'train'), '--days', '2', '--seed', '7');
  cli('synth', '--out', join(dir, 'today'), '--days', String(days), '--seed', '42', '--start', '2026-01-08T00:00:00Z');
  cli('train', '--input', join(dir, 'train'), '--db', join(dir, 'train.db'), '--output', join(dir, 'model'));

  const run = runBuilt('scan', { model: join(dir, 'model'), inputs: [join(dir, 'today')] });
  const lines = Number(run.linesRead);
  const figures: Figure[] = [
    { bench: 'scan', metric: `whole scan (${lines} lines, ${run.anomalies} anomalies)`, value: Math.round(lines / run.wallSeconds), unit: 'lines/s', target: '≥ 100000' },
    { bench: 'scan', metric: 'wall', value: Math.round(run.wallSeconds * 100) / 100, unit: 's' },
    { bench: 'scan', metric: 'cpu (user + system, all threads)', value: Math.round(run.cpuSeconds * 100) / 100, unit: 's' },
    { bench: 'scan', metric: 'peak RSS', value: run.peakRssMb, unit: 'MB' },
  ];
  emitFigures(figures);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
