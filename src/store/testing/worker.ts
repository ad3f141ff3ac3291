/**
 * A child process for the multi-process store tests. It opens the store, prints "ready", waits
 * for "go" on stdin (so that sibling workers start together), runs two jobs and prints one JSON
 * line { ingest: { batches, conflicts }, templates: { [key]: id } }.
 *
 *   worker.ts <location> <lines> <batchLines> <rejectEvery> <templateKeys> <seed>
 *
 * ingest: read a virtual file of <lines> lines the way the pipeline does: resume from the
 *   checkpoint, append a batch with a compare-and-swap on the offset, and on conflict resume from
 *   the offset the winner stored. Every <rejectEvery>th line is a reject.
 * templates: upsert keys k0..k<templateKeys-1> in a <seed>-shuffled order, in batches of 7.
 */
import { createInterface } from 'node:readline';
import { openStore } from '../open.js';
import type { AppendBatch, Store } from '../store.js';
import { logRow, T0, templateUpsert } from './fixtures.js';

/** Bytes per line of the virtual file: offsets are (line - 1) * LINE_BYTES. */
const LINE_BYTES = 100;

async function ingest(store: Store, fileKey: string, lines: number, batchLines: number, rejectEvery: number) {
  const size = lines * LINE_BYTES;
  let offset = (await store.getCheckpoint(fileKey))?.offset ?? 0;
  let batches = 0;
  let conflicts = 0;
  while (offset < size) {
    const first = offset / LINE_BYTES + 1;
    const last = Math.min(first + batchLines - 1, lines);
    const batch: AppendBatch = { rows: [], rejects: [], expectOffset: offset };
    for (let line = first; line <= last; line++) {
      const source = { file: fileKey, line, offset: (line - 1) * LINE_BYTES };
      if (line % rejectEvery === 0) batch.rejects.push({ reason: 'bad line', raw: `line ${line}`, source });
      else batch.rows.push(logRow({ ts: T0 + line, message: `line ${line}`, source }));
    }
    const next = last * LINE_BYTES;
    batch.checkpoint = { key: fileKey, path: `/logs/${fileKey}`, offset: next, line: last, size, updatedAt: 0 };
    const out = await store.appendBatch(batch);
    if (out.kind === 'stored') {
      batches++;
      offset = next;
    } else {
      conflicts++;
      offset = out.current?.offset ?? 0;
    }
  }
  return { batches, conflicts };
}

async function templates(store: Store, keys: number, seed: number) {
  const order = Array.from({ length: keys }, (_, i) => i);
  let state = seed;
  for (let i = order.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const ids: Record<string, number> = {};
  for (let i = 0; i < order.length; i += 7) {
    const items = order.slice(i, i + 7).map((k) => templateUpsert({ key: `k${k}`, text: `template ${k}` }));
    const got = await store.upsertTemplates(items);
    items.forEach((t, n) => (ids[t.key] = got[n]!));
  }
  return ids;
}

async function waitForGo(): Promise<void> {
  const input = createInterface({ input: process.stdin });
  for await (const line of input) {
    if (line.trim() === 'go') break;
  }
  input.close();
}

const FILE_KEY = 'sha:shared';
const [location, lines, batchLines, rejectEvery, templateKeys, seed] = process.argv.slice(2);
if (!seed) throw new Error('usage: worker.ts <location> <lines> <batchLines> <rejectEvery> <templateKeys> <seed>');
const store = await openStore(location!);
try {
  console.log('ready');
  await waitForGo();
  const ingested = await ingest(store, FILE_KEY, Number(lines), Number(batchLines), Number(rejectEvery));
  const ids = await templates(store, Number(templateKeys), Number(seed));
  console.log(JSON.stringify({ ingest: ingested, templates: ids }));
} finally {
  await store.close();
}
