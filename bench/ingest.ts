/**
 * Ingest benchmark: a generated 1,000,000-line file into a fresh SQLite file, end to end
 * (read, decode, mine, store). Target ≥ 300,000 lines/s, peak RSS < 300 MB.
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { openStore } from '../src/store/open.js';
import { ingest } from '../src/pipeline/ingest.js';
import { resolveInputs } from '../src/sources/inputs.js';
import { emitFigures, peakRssMb, tempDir, writeGenericLog, type Figure } from './util.js';

export async function benchIngest(lines = Number(process.env.BENCH_LINES ?? 1_000_000)): Promise<Figure[]> {
  const dir = tempDir('ingest');
  const file = join(dir, 'generic.log');
  await writeGenericLog(file, lines);
  const store = await openStore(join(dir, 'bench.db'));
  const summary = await ingest(store, await resolveInputs([file]));
  const templates = (await store.listTemplates()).length;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return [
    { bench: 'ingest (sqlite)', metric: `lines/s over ${lines} lines`, value: summary.linesPerSec, unit: 'lines/s', target: '≥ 300000' },
    { bench: 'ingest (sqlite)', metric: 'seconds', value: Number(summary.seconds.toFixed(2)), unit: 's' },
    { bench: 'ingest (sqlite)', metric: 'templates', value: templates, unit: '' },
    { bench: 'ingest (sqlite)', metric: 'peak RSS', value: peakRssMb(), unit: 'MB', target: '< 300' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) emitFigures(await benchIngest());
