import { describe, expect, it } from 'vitest';
import { createFeaturiser, createStatsLearner, F, FEATURE_COUNT, standardise, statsFromJson, statsToJson, utcHourOf, withMoments, type LineEvent } from './features.js';
import { createNgramCounter } from './ngram.js';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1, 12, 0, 0); // a Monday, 12:00 UTC

const ev = (i: number, templateId: number, extra: Partial<LineEvent> = {}): LineEvent => ({
  ts: T0 + i * MIN,
  service: 'api',
  level: 'INFO',
  templateId,
  params: [],
  messageLength: 20,
  session: 'api',
  ...extra,
});

/** Training: template 1 every minute, template 2 every 10 minutes, user param mostly "alice". */
const training = Array.from({ length: 600 }, (_, i) => ev(i, i % 10 === 0 ? 2 : 1, { params: [i % 100 === 0 ? 'bob' : 'alice'] }));

function learn() {
  const l = createStatsLearner({ windowMinutes: 5 });
  training.forEach((e) => l.add(e));
  return l.finish();
}

describe('line features', () => {
  it('encodes level, time of day, day of week, length and parameters', () => {
    const v = createFeaturiser(learn(), null).next(ev(0, 1, { level: 'ERROR', messageLength: 99, params: ['alice', 'x'] })).vector;
    expect(v).toHaveLength(FEATURE_COUNT);
    expect(v[F.level]).toBe(4);
    expect(v[F.hourSin]).toBeCloseTo(0, 5); // 12:00 is half way round the day
    expect(v[F.hourCos]).toBeCloseTo(-1, 5);
    expect([v[F.weekdaySin], v[F.weekdayCos]]).toEqual([0, 0]); // ten hours of training: no day of week
    const weekly = createFeaturiser({ ...learn(), weekly: true }, null).next(ev(0, 1)).vector;
    expect(weekly[F.weekdaySin]).toBeCloseTo(Math.sin((2 * Math.PI) / 7), 5); // Monday
    expect(v[F.messageLength]).toBeCloseTo(Math.log(100), 5);
    expect(v[F.paramCount]).toBe(2);
  });

  it('ranks rare templates and rare parameter values as rarer, and flags new templates', () => {
    const f = createFeaturiser(learn(), null);
    const common = f.next(ev(0, 1, { params: ['alice'] })).vector;
    const rare = f.next(ev(1, 2, { params: ['alice'] })).vector;
    const fresh = f.next(ev(2, 99)).vector;
    const oddParam = f.next(ev(3, 1, { params: ['mallory'] })).vector;
    expect(rare[F.templateRarity]).toBeGreaterThan(common[F.templateRarity]);
    expect(fresh[F.templateRarity]).toBeGreaterThan(rare[F.templateRarity]);
    expect([common[F.newTemplate], fresh[F.newTemplate]]).toEqual([0, 1]);
    expect(oddParam[F.paramRarity]).toBeGreaterThan(common[F.paramRarity] + 3);
  });

  it('sees a burst and an error storm in the time window, and forgets old records', () => {
    const f = createFeaturiser(learn(), null);
    const first = f.next(ev(0, 2));
    expect(first.warmingUp).toBe(true);
    let last = first.vector;
    for (let k = 1; k <= 30; k++) last = f.next({ ...ev(0, 2, { level: 'ERROR' }), ts: T0 + k * 1000 }).vector;
    expect(Math.expm1(last[F.windowCount])).toBeCloseTo(31, 3);
    expect(last[F.burst]).toBeGreaterThan(2);
    expect(last[F.errorRatio]).toBeCloseTo(30 / 31, 5);
    const later = f.next(ev(60, 2));
    expect(later.warmingUp).toBe(false);
    expect(Math.expm1(later.vector[F.windowCount])).toBeCloseTo(1, 3);
    expect(later.vector[F.errorRatio]).toBe(0);
  });

  it('measures transition surprise per session under the n-gram model', () => {
    const c = createNgramCounter(2);
    for (let k = 0; k < 50; k++) c.add([1, 2, 3]);
    const f = createFeaturiser(learn(), c.build());
    const a = [1, 2, 3].map((t, i) => f.next(ev(i, t, { session: 'a' })).vector);
    const b = [1, 3].map((t, i) => f.next(ev(i, t, { session: 'b' })).vector);
    expect(b[1][F.transitionSurprise]).toBeGreaterThan(a[2][F.transitionSurprise] + 3);
  });

  it('standardises with training moments and survives JSON', () => {
    const stats = learn();
    const f = createFeaturiser(stats, null);
    const data = new Float32Array(training.length * FEATURE_COUNT);
    training.forEach((e, i) => data.set(f.next(e).vector, i * FEATURE_COUNT));
    const withM = withMoments(stats, data);
    const z = standardise(withM, Float32Array.from(data));
    const mean = training.reduce((s, _, i) => s + z[i * FEATURE_COUNT + F.templateRarity], 0) / training.length;
    expect(mean).toBeCloseTo(0, 4);
    const back = statsFromJson(JSON.parse(JSON.stringify(statsToJson(withM))));
    const probe = ev(3, 2, { params: ['bob'] });
    expect(Array.from(createFeaturiser(back, null).next(probe).vector)).toEqual(Array.from(createFeaturiser(withM, null).next(probe).vector));
  });

  it('writes the same features in place as it returns, over whatever the buffer held', () => {
    const stats = learn();
    const fresh = createFeaturiser(stats, null);
    const inPlace = createFeaturiser(stats, null);
    const buffer = new Float32Array(training.length * FEATURE_COUNT).fill(7);
    training.forEach((e, i) => {
      const f = fresh.next(e);
      expect(inPlace.nextInto(e, buffer, i * FEATURE_COUNT)).toBe(f.warmingUp);
      expect(Array.from(buffer.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT))).toEqual(Array.from(f.vector));
    });
  });
});

describe('utcHourOf', () => {
  it("is Date's UTC hour, without a Date: before the epoch, fractional, at the edges of the valid range, and NaN beyond", () => {
    const cases = [0, -0.5, -1, 1.5, T0, T0 + 59 * MIN, -T0 - 7, 3_600_000 * 24 * 365 * 300 + 0.9, 8.64e15, -8.64e15, 8.64e15 + 1, -8.64e15 - 1, NaN, Infinity, -Infinity];
    for (let i = 0; i < 200; i++) cases.push(Math.round((Math.sin(i) * 4e12 + i * 0.37) * 1000) / 1000);
    for (const ts of cases) expect(utcHourOf(ts), String(ts)).toBe(new Date(ts).getUTCHours());
  });
});
