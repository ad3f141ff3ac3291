import { describe, expect, it } from 'vitest';
import type { TemplateUpsert } from '../store.js';
import { mergeTemplateUpserts, mergeVolume } from './merge.js';

const upsert = (fields: Partial<TemplateUpsert>): TemplateUpsert => ({
  key: 'k', service: 'api', text: 't', example: 'e', firstSeen: 100, lastSeen: 100, countDelta: 1, ...fields,
});

describe('mergeTemplateUpserts', () => {
  it('folds repeated keys as if applied in order: last text, first example, summed counts, widest range', () => {
    const merged = mergeTemplateUpserts([
      upsert({ text: 'first', example: 'ex1', countDelta: 2, firstSeen: 50, lastSeen: 60 }),
      upsert({ key: 'other' }),
      upsert({ text: 'last', example: 'ex3', countDelta: 5, firstSeen: 40, lastSeen: 55 }),
    ]);
    expect(merged).toEqual([
      upsert({ text: 'last', example: 'ex1', countDelta: 7, firstSeen: 40, lastSeen: 60 }),
      upsert({ key: 'other' }),
    ]);
  });

  it('sorts by key so concurrent writers lock rows in the same order', () => {
    expect(mergeTemplateUpserts(['c', 'a', 'b'].map((key) => upsert({ key }))).map((t) => t.key)).toEqual(['a', 'b', 'c']);
  });

  it('does not modify its input', () => {
    const input = [upsert({ countDelta: 1 }), upsert({ countDelta: 2 })];
    mergeTemplateUpserts(input);
    expect(input.map((t) => t.countDelta)).toEqual([1, 2]);
  });
});

describe('mergeVolume', () => {
  it('sums counts per template and minute, sorted by template then minute', () => {
    const input = [
      { templateId: 2, minute: 60, count: 1 },
      { templateId: 1, minute: 120, count: 2 },
      { templateId: 2, minute: 60, count: 3 },
      { templateId: 1, minute: 60, count: 4 },
    ];
    expect(mergeVolume(input)).toEqual([
      { templateId: 1, minute: 60, count: 4 },
      { templateId: 1, minute: 120, count: 2 },
      { templateId: 2, minute: 60, count: 4 },
    ]);
    expect(input[0]!.count).toBe(1);
  });
});
