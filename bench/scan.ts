/**
 * `logtrack scan` throughput (run: `npx tsx bench/scan.ts`; target: a whole scan ≥ 100,000 lines/s).
 *
 * Setup, untimed, in child processes: synthetic logs (`logtrack synth`, 2 days to train on with
 * seed 7, BENCH_SCAN_DAYS (default 3) to scan with seed 42 from 2026-01-08) and a model trained
 * on the first (`logtrack train`, LSTM on). Timed, in this process: loading the model and the
 * whole scan (ingest into a temporary store, scoring, grouping), as `logtrack scan` runs them.
 * Figures: lines/s, wall and CPU seconds, and peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../src/detect/ml/model.js';
import { scan } from '../src/pipeline/scan.js';
import { resolveInputs } from '../src/sources/inputs.js';
import { emitFigures, peakRssMb, tempDir, type Figure } from './util.js';

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

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const loaded = await loadModel(join(dir, 'model'));
  if (!loaded.ok) throw new Error(loaded.reason);
  const result = await scan(loaded.model, await resolveInputs([join(dir, 'today')]));
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const lines = result.ingest.linesRead;
  const figures: Figure[] = [
    { bench: 'scan', metric: `whole scan (${lines} lines, ${result.anomalies.length} anomalies)`, value: Math.round(lines / wall), unit: 'lines/s', target: '≥ 100000' },
    { bench: 'scan', metric: 'wall', value: Math.round(wall * 100) / 100, unit: 's' },
    { bench: 'scan', metric: 'cpu (user + system)', value: Math.round((cpu.user + cpu.system) / 1e4) / 100, unit: 's' },
    { bench: 'scan', metric: 'peak RSS', value: peakRssMb(), unit: 'MB' },
  ];
  emitFigures(figures);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
