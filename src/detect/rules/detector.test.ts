import { describe, expect, it } from 'vitest';
import { createDetector, createDetectorSet } from './detector.js';
import { T0, at, feed, makeRule, minutes } from './testing.js';

describe('createDetector', () => {
  it('restricts a rule to its services', () => {
    const rule = makeRule('keyword', { pattern: 'fatal' }, { scope: { services: ['db'] } });
    const records = [...at([0], { message: 'fatal' }), ...at([1], { service: 'db', message: 'fatal' })];
    expect(feed(createDetector(rule), records).map((a) => a.scope.service)).toEqual(['db']);
  });

  it('reports how much context each rule needs to rebuild its state', () => {
    const lateness = minutes(5);
    expect(createDetector(makeRule('rate_spike', { window_minutes: 1 }), { latenessMs: lateness }).contextMs).toBe(minutes(1 + 1 + 5));
    expect(createDetector(makeRule('inactivity', { max_idle_minutes: 30 }), { latenessMs: lateness }).contextMs).toBe(minutes(35));
    expect(createDetector(makeRule('zscore', { window_minutes: 5, baseline_windows: 12 }), { latenessMs: lateness }).contextMs).toBe(minutes(15 * 5 + 5));
  });
});

describe('createDetectorSet', () => {
  it('feeds every rule and returns their alerts in rule order', () => {
    const set = createDetectorSet([
      makeRule('keyword', { pattern: 'fatal' }, { name: 'fatal' }),
      makeRule('inactivity', { max_idle_minutes: 10 }, { name: 'quiet' }),
    ]);
    const [first, second] = at([0, 20], { message: 'fatal error' });
    expect(set.push(first!).map((a) => a.ruleName)).toEqual(['fatal']);
    expect(set.push(second!).map((a) => a.ruleName)).toEqual(['fatal', 'quiet']);
    expect(set.flush(T0 + minutes(40)).map((a) => a.ruleName)).toEqual(['quiet']);
  });
});
