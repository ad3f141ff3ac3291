import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredLog } from '../domain/index.js';
import { makeReject } from '../domain/index.js';
import { openStore } from '../store/open.js';
import type { LogRow, Store } from '../store/store.js';
import { handLogsTo, type LogConsumer } from './memory-logs.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-memory-logs-'));
const stores: Store[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const row = (i: number, extra: Partial<LogRow> = {}): LogRow => ({
  ts: 1000 + i, service: 'api', level: 'INFO', message: `line ${i}`, attrs: {}, source: { file: 'a.log', line: i, offset: i * 10 }, templateId: null, params: [], ...extra,
});

/** Keeps every record; the first batch is slow to take, so the next one is handed over meanwhile. */
function recorder(): LogConsumer & { batches: StoredLog[][] } {
  const batches: StoredLog[][] = [];
  return {
    batches,
    async take(logs) {
      if (batches.length === 0) await new Promise((r) => setTimeout(r, 20));
      batches.push(logs);
    },
    kept: (id) => batches.flat().find((l) => l.id === id),
  };
}

describe('a store that hands its records to a consumer', () => {
  it('numbers records 1, 2, … in the order of the calls, one batch at a time', async () => {
    const inner = await openStore(join(dir, 'order.db'));
    stores.push(inner);
    const consumer = recorder();
    const store = handLogsTo(inner, consumer);
    const [a, b] = await Promise.all([store.appendBatch({ rows: [row(1), row(2)], rejects: [] }), store.appendBatch({ rows: [row(3)], rejects: [] })]);
    expect(a).toMatchObject({ kind: 'stored', ids: [1, 2] });
    expect(b).toMatchObject({ kind: 'stored', ids: [3] });
    expect(consumer.batches.map((batch) => batch.map((l) => [l.id, l.message]))).toEqual([[[1, 'line 1'], [2, 'line 2']], [[3, 'line 3']]]);
    expect(await store.maxLogId()).toBe(3);
  });

  it('stores templates, rejects and checkpoints in the wrapped store, and no record', async () => {
    const inner = await openStore(join(dir, 'rest.db'));
    stores.push(inner);
    const store = handLogsTo(inner, recorder());
    const template = { key: 'api:line <*>', service: 'api', text: 'line <*>', example: 'line 1', firstSeen: 1001, lastSeen: 1002, countDelta: 2, volume: [{ minute: 0, count: 2 }] };
    const checkpoint = { key: 'file-a', path: 'a.log', offset: 20, line: 2, size: 40, updatedAt: 5 };
    const outcome = await store.appendBatch({
      rows: [row(1, { templateRef: 0 }), row(2, { templateRef: 0 })], rejects: [makeReject('bad line', 'x', { file: 'a.log', line: 3, offset: 20 })], templates: [template], checkpoint, expectOffset: 0,
    });
    if (outcome.kind !== 'stored') throw new Error('not stored');
    const [stored] = await inner.listTemplates();
    expect(stored).toMatchObject({ text: 'line <*>', count: 2 });
    expect(outcome.templateIds).toEqual([stored!.id]);
    expect((await store.getLogs([2, 1])).map((l) => [l.id, l.templateId])).toEqual([[1, stored!.id], [2, stored!.id]]);
    expect(await inner.getCheckpoint('file-a')).toMatchObject({ offset: 20, line: 2 });
    expect(await inner.countRejects()).toEqual({ 'bad line': 1 });
    expect(await inner.maxLogId()).toBe(0);
    // A second batch expecting an offset the checkpoint is not at conflicts, as in the wrapped store.
    expect(await store.appendBatch({ rows: [row(3)], rejects: [], checkpoint: { ...checkpoint, offset: 30 }, expectOffset: 0 })).toMatchObject({ kind: 'conflict' });
  });

  it('reads back kept records as the store would (fields in order, optional ones only when set) and refuses queries', async () => {
    const inner = await openStore(join(dir, 'read.db'));
    stores.push(inner);
    const store = handLogsTo(inner, recorder());
    await store.appendBatch({ rows: [row(1, { user: 'ann', host: undefined, params: ['7'] })], rejects: [] });
    const [log] = await store.getLogs([1, 99]);
    expect(Object.keys(log!)).toEqual(['id', 'ts', 'service', 'level', 'message', 'attrs', 'source', 'templateId', 'params', 'user']);
    expect(() => store.scanLogs({})).toThrow(/keeps none of them/);
  });
});
