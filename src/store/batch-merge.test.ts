import { describe, expect, it } from 'vitest';
import { continues, mergeBatches } from './batch-merge.js';
import { codedAt, toColumnBatch, type ColumnBatch } from './log-columns.js';
import { textAt } from './utf8-column.js';
import type { Checkpoint, TemplateTouch } from './store.js';
import { logRow, templateUpsert, T0 } from './testing/fixtures.js';

const cp = (offset: number, key = 'k'): Checkpoint => ({ key, path: '/f', offset, line: offset, size: 100, updatedAt: 0 });
const touch = (key: string, fields: Partial<TemplateTouch> = {}): TemplateTouch => ({ ...templateUpsert({ key }), volume: [], ...fields });

describe('continues', () => {
  const rows = toColumnBatch({ rows: [logRow()], rejects: [] }).rows;
  const b = (fields: Partial<ColumnBatch>): ColumnBatch => ({ rows, rejects: [], ...fields });
  it('joins batches without checkpoints, or on one file where the next expects the offset the first stores', () => {
    expect(continues(b({}), b({}))).toBe(true);
    expect(continues(b({ checkpoint: cp(10) }), b({ checkpoint: cp(20), expectOffset: 10 }))).toBe(true);
    expect(continues(b({ checkpoint: cp(10) }), b({ checkpoint: cp(20), expectOffset: 0 }))).toBe(false);
    expect(continues(b({ checkpoint: cp(10) }), b({ checkpoint: cp(20, 'other'), expectOffset: 10 }))).toBe(false);
    expect(continues(b({ checkpoint: cp(10) }), b({}))).toBe(false);
    expect(continues(b({}), b({ checkpoint: cp(10), expectOffset: 0 }))).toBe(false);
  });
});

describe('mergeBatches', () => {
  const first = toColumnBatch({
    rows: [logRow({ message: 'a1', user: 'ann', service: 'api', templateRef: 1 }), logRow({ message: 'a2', service: 'db', templateRef: 0 })],
    rejects: [{ reason: 'r1', raw: 'x', source: { file: 'f', line: 1, offset: 0 } }],
    templates: [touch('t0', { countDelta: 1, firstSeen: T0, lastSeen: T0, volume: [{ minute: 0, count: 1 }] }), touch('t1', { text: 'old <*>' })],
    checkpoint: cp(10),
    expectOffset: 0,
  });
  const second = toColumnBatch({
    rows: [logRow({ message: 'b1', service: 'db', templateRef: 0 }), logRow({ message: 'b2', service: 'web', host: 'h', templateId: 99 }), logRow({ message: 'b3', service: 'api', templateRef: 1 })],
    rejects: [],
    templates: [touch('t1', { text: 'new <*>', countDelta: 2, firstSeen: T0 - 5, lastSeen: T0 + 5 }), touch('t2')],
    checkpoint: cp(20),
    expectOffset: 10,
  });

  it('is one batch: rows in order, templates once per key with counts added, the first expectation and the last checkpoint', () => {
    const { batch } = mergeBatches([first, second]);
    expect(batch.rows.length).toBe(5);
    expect(Array.from({ length: 5 }, (_, i) => textAt(batch.rows.message, i))).toEqual(['a1', 'a2', 'b1', 'b2', 'b3']);
    expect(Array.from({ length: 5 }, (_, i) => textAt(batch.rows.user, i))).toEqual(['ann', null, null, null, null]);
    expect(Array.from({ length: 5 }, (_, i) => codedAt(batch.rows.host, i))).toEqual([null, null, null, 'h', null]);
    // Each part numbered its services its own way; the merged column holds each value once.
    expect(Array.from({ length: 5 }, (_, i) => codedAt(batch.rows.service, i))).toEqual(['api', 'db', 'db', 'web', 'api']);
    expect(batch.rows.service.values).toEqual(['api', 'db', 'web']);
    expect(batch.templates!.map((t) => t.key)).toEqual(['t0', 't1', 't2']);
    expect(Array.from(batch.rows.templateRef)).toEqual([1, 0, 1, -1, 2]);
    expect(batch.rows.templateId[3]).toBe(99);
    expect(batch.templates![1]).toMatchObject({ text: 'new <*>', countDelta: 3, firstSeen: T0 - 5, lastSeen: T0 + 5 });
    expect(batch.rejects.map((r) => r.reason)).toEqual(['r1']);
    expect([batch.expectOffset, batch.checkpoint?.offset]).toEqual([0, 20]);
  });

  it('adds the volume of a minute both batches touched', () => {
    const a = { ...first, templates: [touch('t', { volume: [{ minute: 0, count: 2 }, { minute: 60_000, count: 1 }] })] };
    const b = { ...second, templates: [touch('t', { volume: [{ minute: 60_000, count: 4 }] })] };
    expect(mergeBatches([a, b]).batch.templates![0]!.volume).toEqual([{ minute: 0, count: 2 }, { minute: 60_000, count: 5 }]);
  });

  it('gives each part its ids and its templates\' ids, or the conflict', () => {
    const merged = mergeBatches([first, second]);
    const [a, b] = merged.split({ kind: 'stored', ids: [11, 12, 13, 14, 15], templateIds: [100, 101, 102] });
    expect(a).toEqual({ kind: 'stored', ids: [11, 12], templateIds: [100, 101] });
    expect(b).toEqual({ kind: 'stored', ids: [13, 14, 15], templateIds: [101, 102] });
    const conflict = { kind: 'conflict' as const, current: cp(5) };
    expect(merged.split(conflict)).toEqual([conflict, conflict]);
  });

  it('passes a lone batch through untouched', () => {
    const merged = mergeBatches([first]);
    expect(merged.batch).toBe(first);
  });
});
