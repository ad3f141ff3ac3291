/**
 * The main pipeline, end to end, on one backend (BENCH_BACKEND=sqlite|postgres):
 * ingest a generated 1,000,000-line file (read, decode, mine, store), then run detection with the
 * starter rules over the stored records. Targets: ingest ≥ 300,000 lines/s on SQLite and
 * ≥ 150,000 on PostgreSQL, peak RSS < 300 MB, detection < 5 s on SQLite.
 * The ingest runs on the shipped build in a process of its own (bench/built.mjs: plain node, as
 * `logtrack ingest` runs), so its peak RSS is its own. Wall time depends on whatever else runs on
 * the machine: the CPU time per line of that process (all its threads) and, on a local PostgreSQL,
 * of the server is reported too.
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { openStore } from '../src/store/open.js';
import { runDetection } from '../src/detect/detect.js';
import { loadRulesFile, STARTER_RULES_PATH } from '../src/detect/rules/load.js';
import { emitFigures, runBuilt, tempDir, writeGenericLog, type Figure } from './util.js';

export async function benchPipeline(backend: 'sqlite' | 'postgres', lines = Number(process.env.BENCH_LINES ?? 1_000_000)): Promise<Figure[]> {
  const dir = tempDir('pipeline');
  const file = join(dir, 'generic.log');
  await writeGenericLog(file, lines);
  let location = join(dir, 'bench.db');
  let cleanup = async () => {};
  if (backend === 'postgres') {
    const { createTestSchema, dropTestSchemas } = await import('../src/store/postgres/testing.js');
    location = await createTestSchema(process.env.LOGTRACK_TEST_PG || 'postgres://postgres@127.0.0.1:5432/test');
    cleanup = () => dropTestSchemas([location]);
  }
  const name = `pipeline (${backend})`;
  const run = runBuilt('ingest', { db: location, inputs: [file] });
  const serverSeconds = run.serverCpuSeconds as number | null;
  const store = await openStore(location);
  try {
    const rules = await loadRulesFile(STARTER_RULES_PATH);
    if (rules.kind !== 'ok') throw new Error(rules.errors.join('; '));
    for (const rule of rules.rules) await store.createRule(rule);
    const t = performance.now();
    const detectCpu = process.cpuUsage();
    const detection = await runDetection(store, {});
    const detectSeconds = (performance.now() - t) / 1000;
    const detectClient = process.cpuUsage(detectCpu);
    return [
      { bench: name, metric: `ingest lines/s (${lines} lines)`, value: Number(run.linesPerSec), unit: 'lines/s', target: backend === 'sqlite' ? '≥ 300000' : '≥ 150000' },
      { bench: name, metric: 'ingest client CPU per line', value: Number(((run.cpuSeconds * 1e6) / lines).toFixed(2)), unit: 'µs' },
      ...(backend === 'postgres' && serverSeconds !== null ? [{ bench: name, metric: 'ingest server CPU per line', value: Number(((serverSeconds * 1e6) / lines).toFixed(2)), unit: 'µs' }] : []),
      { bench: name, metric: 'ingest peak RSS', value: run.peakRssMb, unit: 'MB', target: '< 300' },
      { bench: name, metric: 'templates mined', value: (await store.listTemplates()).length, unit: '' },
      { bench: name, metric: `detect seconds (${rules.rules.length} starter rules)`, value: Number(detectSeconds.toFixed(2)), unit: 's', target: backend === 'sqlite' ? '< 5' : undefined },
      { bench: name, metric: 'detect client CPU', value: Number(((detectClient.user + detectClient.system) / 1e6).toFixed(2)), unit: 's' },
      { bench: name, metric: 'alerts', value: detection.alerts.length, unit: '' },
    ];
  } finally {
    await store.close();
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) emitFigures(await benchPipeline((process.env.BENCH_BACKEND as 'postgres') ?? 'sqlite'));
