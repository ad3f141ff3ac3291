/**
 * How many batches an ingest leaves in the store's hands: as many as the store asks for
 * (`appendsInFlight`), never more, and every line still stored once, in order.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open.js';
import type { AppendBatch, Store } from '../store/store.js';
import { resolveInputs } from '../sources/inputs.js';
import { ingest } from './ingest.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-batch-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The store, asking for `depth` batches in flight, each append held a few ms; counts the unanswered ones. */
function watched(store: Store, depth: number) {
  const seen = { unanswered: 0, most: 0, appends: 0 };
  const appendBatch = async (batch: AppendBatch) => {
    seen.appends++;
    seen.most = Math.max(seen.most, ++seen.unanswered);
    try {
      await new Promise((r) => setTimeout(r, 5));
      return await store.appendBatch(batch);
    } finally {
      seen.unanswered--;
    }
  };
  const proxy = new Proxy(store, {
    get(target, prop) {
      if (prop === 'appendsInFlight') return depth;
      if (prop === 'appendBatch') return appendBatch;
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, seen };
}

describe('BatchWriter in flight', () => {
  for (const depth of [1, 3]) {
    it(`keeps at most the store's appendsInFlight (${depth}) batches unanswered, and reaches it`, async () => {
      const file = join(dir, `depth-${depth}.log`);
      const lines = Array.from({ length: 2000 }, (_, i) => `2024-01-15T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z INFO api request ${i} served`);
      writeFileSync(file, `${lines.join('\n')}\n`);
      const inner = await openStore(join(dir, `depth-${depth}.db`));
      try {
        const { store, seen } = watched(inner, depth);
        const summary = await ingest(store, await resolveInputs([file]), { batchLines: 100 });
        expect(summary.recordsStored).toBe(2000);
        expect(seen.appends).toBeGreaterThanOrEqual(20);
        expect(seen.most).toBe(depth);
        const page = await inner.queryLogs({ order: 'asc', limit: 2000 });
        expect(page.rows.map((r) => r.message)).toEqual(lines.map((l) => l.slice(l.indexOf('request'))));
      } finally {
        await inner.close();
      }
    });
  }
});
