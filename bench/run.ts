/**
 * `npm run bench`: every benchmark in its own process (so peak RSS is its own), figures in one
 * table at the end. `npm run bench -- pipeline ml` runs only those; BENCH_LINES etc. scale them.
 */
import { spawnSync } from 'node:child_process';
import { FIGURES_MARKER, printFigures, type Figure } from './util.js';

const BENCHES: { name: string; file: string; env?: Record<string, string> }[] = [
  { name: 'pipeline', file: 'bench/pipeline.ts', env: { BENCH_BACKEND: 'sqlite' } },
  { name: 'pipeline-postgres', file: 'bench/pipeline.ts', env: { BENCH_BACKEND: 'postgres' } },
  { name: 'mine', file: 'bench/mine.ts' },
  { name: 'ml', file: 'bench/ml.ts' },
  { name: 'scan', file: 'bench/scan.ts' },
  { name: 'store', file: 'bench/store-sqlite.ts' },
  { name: 'store-postgres', file: 'bench/store-postgres.ts' },
  { name: 'api', file: 'bench/api.ts' },
  { name: 'push', file: 'bench/push.ts' },
  { name: 'watch', file: 'bench/watch.ts' },
];

// Benchmarks time the shipped build (bench/built.mjs): compile it from the current sources first.
process.stderr.write('bench: npm run build (tsc)…\n');
const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (build.status !== 0) {
  process.stderr.write('bench: the build failed; fix it before measuring.\n');
  process.exit(1);
}

const only = process.argv.slice(2);
const figures: Figure[] = [];
for (const b of BENCHES) {
  if (only.length && !only.some((o) => b.name === o || b.name.startsWith(`${o}-`))) continue;
  process.stderr.write(`bench ${b.name}…\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', b.file], { env: { ...process.env, ...b.env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = r.stdout.split('\n').find((l) => l.startsWith(FIGURES_MARKER));
  if (r.status !== 0 || !line) {
    process.stderr.write(`bench ${b.name} failed (exit ${r.status}):\n${r.stderr.slice(-2000)}\n`);
    continue;
  }
  const got = JSON.parse(line.slice(FIGURES_MARKER.length)) as Figure[];
  printFigures(got);
  figures.push(...got);
}
process.stdout.write('\nAll figures\n');
printFigures(figures);
