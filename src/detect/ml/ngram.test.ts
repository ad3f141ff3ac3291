import { describe, expect, it } from 'vitest';
import { createNgramCounter, EOS, ngramFromJson, sessionSurprises } from './ngram.js';

const train = [
  [1, 2, 3, 4],
  [1, 2, 3, 4],
  [1, 2, 3, 3, 4],
  [1, 2, 4],
];

describe('n-gram next-event model', () => {
  const model = (() => {
    const c = createNgramCounter(3);
    train.forEach((s) => c.add(s));
    return c.build();
  })();

  it('gives a proper distribution over known events plus an unknown slot', () => {
    for (const context of [[], [1], [1, 2], [2, 3], [9, 9]]) {
      const known = [...model.vocabulary].reduce((sum, e) => sum + model.probability(context, e), 0);
      const unknown = model.probability(context, 12345);
      expect(known + unknown).toBeCloseTo(1, 10);
    }
  });

  it('prefers seen transitions, and models the end of a session', () => {
    expect(model.probability([1, 2], 3)).toBeGreaterThan(model.probability([1, 2], 1));
    expect(model.probability([3, 4], EOS)).toBeGreaterThan(0.5);
    expect(model.probability([1, 2], EOS)).toBeLessThan(0.1);
    expect(model.topNext([1, 2], 2)).toEqual([3, 4]);
  });

  it('surprise is low for normal sessions and high for unseen events, transitions and early ends', () => {
    const max = (s: number[]): number => Math.max(...sessionSurprises(model, s));
    const normal = max([1, 2, 3, 4]);
    expect(max([1, 2, 9, 4])).toBeGreaterThan(normal + 2);
    expect(max([1, 4, 2, 3])).toBeGreaterThan(normal + 2);
    expect(max([1, 2])).toBeGreaterThan(normal + 2);
    expect(sessionSurprises(model, [1, 2, 3, 4])).toHaveLength(5);
  });

  it('round-trips through JSON', () => {
    const back = ngramFromJson(JSON.parse(JSON.stringify(model.toJson())));
    expect(back.probability([2, 3], 4)).toBe(model.probability([2, 3], 4));
    expect(back.order).toBe(3);
  });

  it('rejects an order below 1', () => {
    expect(() => createNgramCounter(0)).toThrow(/positive integer/);
  });
});
