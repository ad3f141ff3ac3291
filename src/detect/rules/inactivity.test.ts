import { describe, expect, it } from 'vitest';
import { createDetector } from './detector.js';
import { T0, at, feed, makeRule, minutes } from './testing.js';

describe('inactivity rule', () => {
  const rule = () => makeRule('inactivity', { max_idle_minutes: 30 });

  it('alerts a gap of exactly the limit when the service resumes, not one a millisecond shorter', () => {
    expect(feed(createDetector(rule()), at([0, 29.99999]))).toHaveLength(0);
    const records = at([0, 30]);
    const alerts = feed(createDetector(rule()), records);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      scope: { service: 'api' },
      windowStart: T0,
      windowEnd: T0 + minutes(30),
      observed: 30,
      threshold: 30,
      evidence: records.map((r) => r.id),
    });
    expect(alerts[0]!.factors[0]).toMatchObject({ kind: 'silence', idleMinutes: 30, maxIdleMinutes: 30 });
  });

  it('alerts a service still silent at flush time, once', () => {
    const d = createDetector(rule());
    const records = [...at([0, 10], { service: 'api' }), ...at([0, 20, 40, 50], { service: 'db' })];
    const alerts = feed(d, records, T0 + minutes(50));
    expect(alerts.map((a) => a.scope.service)).toEqual(['api']);
    expect(alerts[0]!.message).toBe('Service api has been silent for 40 min (limit 30 min).');
    expect(d.flush(T0 + minutes(90))).toHaveLength(1); // db, now silent too; api not again
  });

  it('makes the flushed silence and the later resumption one alert', () => {
    const flushed = feed(createDetector(rule()), at([0]), T0 + minutes(45));
    const resumed = feed(createDetector(rule()), at([0, 60]));
    expect(flushed).toHaveLength(1);
    expect(resumed[0]!.fingerprint).toBe(flushed[0]!.fingerprint);
    // In one stream the resumption after a flushed silence is not repeated.
    const d = createDetector(rule());
    feed(d, at([0]), T0 + minutes(45));
    expect(feed(d, at([60]))).toHaveLength(0);
  });

  it('keeps a clock per service: one service ingested after another is not silent', () => {
    const records = [...at([100, 110, 120], { service: 'api' }), ...at([0, 10, 20], { service: 'db' })];
    expect(feed(createDetector(rule()), records)).toHaveLength(0);
  });

  it('ignores out-of-order records and does nothing without data', () => {
    expect(feed(createDetector(rule()), at([0, 20, 5, 40]))).toHaveLength(0);
    expect(feed(createDetector(rule()), [], T0 + minutes(100))).toHaveLength(0);
  });
});
