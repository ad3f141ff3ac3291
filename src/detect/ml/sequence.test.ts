import { describe, expect, it } from 'vitest';
import { brokenInvariants, mineInvariants } from './invariants.js';
import { createPrng } from './prng.js';
import { scoreSequence, sequenceFactors, sequenceFromJson, sequenceToJson, trainSequenceModel } from './sequence.js';

/** A toy block life: allocate (1), k × (receiving 2, received 3) interleaved loosely, k × stored 4, optional delete 5. */
function normalSession(seed: number): number[] {
  const p = createPrng(seed);
  const k = 2 + p.int(2);
  const s = [1];
  for (let i = 0; i < k; i++) s.push(2);
  for (let i = 0; i < k; i++) s.push(3, 4);
  if (p.next() < 0.5) s.push(5);
  return s;
}

const train = Array.from({ length: 600 }, (_, i) => normalSession(i));

describe('count invariants', () => {
  it('mines a · count(x) = b · count(y) relations that hold in training', () => {
    const inv = mineInvariants(train);
    const has = (x: number, y: number, a: number, b: number): boolean => inv.some((v) => v.x === x && v.y === y && v.a === a && v.b === b);
    expect(has(2, 3, 1, 1)).toBe(true);
    expect(has(3, 4, 1, 1)).toBe(true);
    expect(inv.every((v) => v.support >= 0.98)).toBe(true);
    expect(brokenInvariants(inv, [1, 2, 2, 3, 4, 3, 4])).toHaveLength(0);
    expect(brokenInvariants(inv, [1, 2, 2, 3, 4, 4]).length).toBeGreaterThan(0);
  });
});

describe('sequence model', () => {
  const model = trainSequenceModel(train, { orders: [2, 3, 4], fpr: 0.01 });

  it('chooses the order with the lowest held-out bits per event', () => {
    const best = model.orderSelection.reduce((a, b) => (b.bitsPerEvent < a.bitsPerEvent ? b : a));
    expect(model.ngram.order).toBe(best.order);
    expect(model.orderSelection.map((o) => o.order)).toEqual([2, 3, 4]);
  });

  it('passes fresh normal sessions and flags cut-short, unseen and miscounted ones', () => {
    const fresh = Array.from({ length: 300 }, (_, i) => normalSession(10_000 + i));
    const flagged = fresh.filter((s) => scoreSequence(model, s).anomalous).length;
    expect(flagged / fresh.length).toBeLessThan(0.03);
    const cut = scoreSequence(model, [1, 2, 2]);
    expect(cut.anomalous).toBe(true);
    expect(cut.position).toBe(3);
    expect(scoreSequence(model, [1, 2, 2, 9, 3, 4, 3, 4]).anomalous).toBe(true);
    const miscounted = scoreSequence(model, [1, 2, 2, 3, 4, 3, 4, 3, 4]);
    expect(miscounted.anomalous).toBe(true);
    expect(miscounted.broken.length).toBeGreaterThan(0);
    expect(cut.score).toBeGreaterThan(0.5);
    expect(scoreSequence(model, normalSession(1)).score).toBeLessThan(0.5);
  });

  it('flags an event repeated far more often than in any normal session', () => {
    // Each step is an ordinary transition (3 → 4 → 3 …), but six deliveries is unheard of.
    const repeated = [1, 2, 2, 2, 2, 2, 2, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4];
    const s = scoreSequence(model, repeated);
    expect(s.anomalous).toBe(true);
    expect(s.count.bits).toBeGreaterThan(model.countThreshold);
    const texts = sequenceFactors(model, repeated, s, (id) => `E${id}`).map((f) => f.text);
    expect(texts.some((t) => /Event E\d occurred 6 times; normal sessions have it [23], [23] times/.test(t))).toBe(true);
  });

  it('explains an early end with the events expected instead', () => {
    const events = [1, 2, 2];
    const factors = sequenceFactors(model, events, scoreSequence(model, events), (id) => `E${id}`);
    expect(factors[0].kind).toBe('sequence');
    expect(factors[0].text).toMatch(/ended after 3 events/);
    expect(factors[0].kind === 'sequence' && factors[0].expected).toContain('E3');
  });

  it('round-trips through JSON', () => {
    const back = sequenceFromJson(JSON.parse(JSON.stringify(sequenceToJson(model))));
    const s = [1, 2, 2, 3, 4, 4];
    expect(scoreSequence(back, s)).toEqual(scoreSequence(model, s));
  });
});
