/**
 * Ingest evaluation: every Loghub 2k log must decode with its preset, auto-detected, with zero
 * rejects. Runs the real decoders over the files (no store), so it is quick.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDecoder, detectFormat, LOGHUB_PRESETS } from '../formats/index.js';
import { readLines } from '../sources/file.js';
import { headLines } from '../sources/identity.js';

export interface IngestEvalRow {
  dataset: string;
  detected: string;
  expectedPreset: string;
  lines: number;
  records: number;
  rejects: number;
}

export type IngestEvalOutcome = { kind: 'ran'; rows: IngestEvalRow[] } | { kind: 'skipped'; reason: string };

export async function runIngestEval(dataDir: string): Promise<IngestEvalOutcome> {
  const root = join(dataDir, 'loghub-2k');
  if (!existsSync(root)) return { kind: 'skipped', reason: `ingest eval skipped: ${root} is absent (the Loghub 2k samples live in ../shared/data)` };
  const rows: IngestEvalRow[] = [];
  for (const [dataset, preset] of Object.entries(LOGHUB_PRESETS)) {
    const file = join(root, dataset, `${dataset}_2k.log`);
    if (!existsSync(file)) continue;
    const detection = detectFormat(await headLines(file), { fileName: file });
    const detected = detection.kind === 'detected' ? detection.description : 'unknown';
    const decoder = createDecoder({ format: 'line', preset, fileName: file, now: Date.UTC(2026, 0, 1) });
    let lines = 0;
    let records = 0;
    let rejects = 0;
    const count = (items: ReturnType<typeof decoder.push>) => {
      for (const d of items) d.kind === 'record' ? records++ : rejects++;
    };
    for await (const batch of readLines(file)) {
      lines += batch.length;
      for (const l of batch) count(decoder.push(l));
    }
    count(decoder.flush());
    rows.push({ dataset, detected, expectedPreset: preset, lines, records, rejects });
  }
  return { kind: 'ran', rows };
}
