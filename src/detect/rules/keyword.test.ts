import { describe, expect, it } from 'vitest';
import { createDetector } from './detector.js';
import { escapeRegex, keywordMatcher } from './keyword.js';
import { T0, at, feed, makeRule, minutes, rec } from './testing.js';

const fatal = (offsets: number[], fields = {}) => at(offsets, { message: 'FATAL: disk full', level: 'FATAL', ...fields });

describe('keywordMatcher', () => {
  it('matches a literal keyword case-insensitively by default', () => {
    const m = keywordMatcher({ pattern: 'out of memory (oom)', regex: false, case_sensitive: false });
    expect(m('Kernel: Out Of Memory (OOM) killer')).toBe(true);
    expect(m('out of memory oom')).toBe(false);
  });

  it('honours regexes and case sensitivity', () => {
    expect(keywordMatcher({ pattern: '\\b(fatal|panic)\\b', regex: true, case_sensitive: false })('kernel PANIC now')).toBe(true);
    expect(keywordMatcher({ pattern: 'Panic', regex: false, case_sensitive: true })('panic')).toBe(false);
    expect(escapeRegex('a.b*c')).toBe('a\\.b\\*c');
  });
});

describe('keyword rule', () => {
  const rule = (params = {}) => makeRule('keyword', { pattern: 'fatal', threshold: 3, window_minutes: 10, ...params });

  it('fires at N matches within the window, not at N − 1', () => {
    expect(feed(createDetector(rule()), fatal([0, 1]))).toHaveLength(0);
    const alerts = feed(createDetector(rule()), fatal([0, 1, 2]));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ observed: 3, threshold: 3, scope: { service: 'api' }, source: 'rule', severity: 'HIGH' });
    expect(alerts[0]!.windowEnd).toBe(T0 + minutes(2));
  });

  it('excludes a match exactly one window older than the newest', () => {
    expect(feed(createDetector(rule()), fatal([0, 5, 10]))).toHaveLength(0);
    expect(feed(createDetector(rule()), fatal([0, 5, 9.999]))).toHaveLength(1);
  });

  it('ignores messages that do not match', () => {
    const records = [...fatal([0, 1]), ...at([1.5, 1.6], { message: 'all fine' })];
    expect(feed(createDetector(rule()), records)).toHaveLength(0);
  });

  it('counts each service apart by default, and together with group_by []', () => {
    const records = [...fatal([0, 1]), ...fatal([2], { service: 'db' })];
    expect(feed(createDetector(rule()), records)).toHaveLength(0);
    const together = feed(createDetector(rule({ group_by: [] })), records);
    expect(together).toHaveLength(1);
    expect(together[0]!.scope).toEqual({});
  });

  it('groups by host when asked', () => {
    const records = [...fatal([0, 1], { host: 'a' }), ...fatal([2], { host: 'b' }), ...fatal([3], { host: 'a' })];
    const alerts = feed(createDetector(rule({ group_by: ['host'] })), records);
    expect(alerts.map((a) => a.scope)).toEqual([{ host: 'a' }]);
  });

  it('alerts once per episode, and again after a quiet cool-down', () => {
    // Matches every minute for 30 minutes: one episode.
    const storm = fatal(Array.from({ length: 30 }, (_, i) => i));
    expect(feed(createDetector(rule()), storm)).toHaveLength(1);
    // Quiet for longer than the cool-down (10 min), then a new burst.
    const alerts = feed(createDetector(rule()), [...storm, ...fatal([50, 51, 52])]);
    expect(alerts).toHaveLength(2);
    expect(alerts[0]!.fingerprint).not.toBe(alerts[1]!.fingerprint);
  });

  it('counts an out-of-order match within the lateness', () => {
    const [a, b, c] = fatal([0, 8, 4]);
    const alerts = feed(createDetector(rule()), [a!, b!, c!]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.evidence).toEqual([a!.id, c!.id, b!.id]);
  });

  it('drops a match later than the lateness', () => {
    const d = createDetector(rule(), { latenessMs: minutes(1) });
    const records = fatal([0, 8]);
    records.push(rec({ ts: T0 + minutes(6), message: 'fatal' }));
    expect(feed(d, records)).toHaveLength(0);
    expect(d.late).toBe(1);
  });

  it('gives the same fingerprints when replayed', () => {
    const records = fatal([0, 1, 2, 40, 41, 42]);
    const first = feed(createDetector(rule()), records).map((a) => a.fingerprint);
    const second = feed(createDetector(rule()), records).map((a) => a.fingerprint);
    expect(first).toHaveLength(2);
    expect(second).toEqual(first);
  });

  it('does nothing without data', () => {
    expect(feed(createDetector(rule()), [], T0)).toEqual([]);
  });
});
