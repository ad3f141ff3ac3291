import { describe, expect, it } from 'vitest';
import { createDetector } from './detector.js';
import { T0, feed, makeRule, minutes, rec } from './testing.js';

const burst = (service: string, count: number, fromMinute = 0) =>
  Array.from({ length: count }, (_, i) => rec({ ts: T0 + minutes(fromMinute) + i * 100, service }));

describe('rate_spike rule', () => {
  const rule = () => makeRule('rate_spike', { threshold: 50, window_minutes: 1 });

  it('fires at N records of a service within the window, not N − 1', () => {
    expect(feed(createDetector(rule()), burst('api', 49))).toHaveLength(0);
    const alerts = feed(createDetector(rule()), burst('api', 50));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ scope: { service: 'api' }, observed: 50, threshold: 50 });
    expect(alerts[0]!.evidence).toHaveLength(20);
  });

  it('keeps services apart even when their records interleave', () => {
    const records = [...burst('api', 30), ...burst('db', 30)].sort((a, b) => a.ts - b.ts);
    expect(feed(createDetector(rule()), records)).toHaveLength(0);
  });

  it('judges each service on its own clock when services arrive one after the other', () => {
    // db's records are all older than api's: a global clock would drop them as late.
    const records = [...burst('api', 50, 60), ...burst('db', 50, 0)];
    const alerts = feed(createDetector(rule()), records);
    expect(alerts.map((a) => a.scope.service)).toEqual(['api', 'db']);
  });

  it('does not fire for records spread over more than the window', () => {
    const slow = Array.from({ length: 100 }, (_, i) => rec({ ts: T0 + i * 2_000 }));
    expect(feed(createDetector(rule()), slow)).toHaveLength(0);
  });
});
