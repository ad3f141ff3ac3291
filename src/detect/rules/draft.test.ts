import { describe, expect, it } from 'vitest';
import { MAX_EVIDENCE } from '../../domain/index.js';
import { buildDraft, describeScope, formatDuration, formatNumber } from './draft.js';
import { makeRule } from './testing.js';

describe('buildDraft', () => {
  const input = { scope: { service: 'api' }, windowStart: 0, windowEnd: 60_000, bucket: 0, observed: 7, threshold: 5, message: 'm' };

  it('caps evidence, adds the rule factor last, and takes identity from the rule', () => {
    const rule = makeRule('rate_spike', {}, { id: 3, name: 'burst', severity: 'CRITICAL' });
    const silence = { kind: 'silence' as const, text: 's', weight: 1, idleMinutes: 40, maxIdleMinutes: 30 };
    const d = buildDraft({ ...input, rule, evidence: Array.from({ length: 50 }, (_, i) => i), factors: [silence] });
    expect(d).toMatchObject({ source: 'rule', ruleId: 3, ruleName: 'burst', severity: 'CRITICAL', score: null });
    expect(d.evidence).toHaveLength(MAX_EVIDENCE);
    expect(d.factors.map((f) => [f.kind, f.weight])).toEqual([['silence', 1], ['rule', 0.5]]);
    expect(d.factors[1]).toMatchObject({ rule: 'burst', observed: 7, threshold: 5 });
  });

  it('marks zscore alerts by source, and weighs a lone rule factor fully', () => {
    const d = buildDraft({ ...input, rule: makeRule('zscore'), evidence: [] });
    expect(d.source).toBe('zscore');
    expect(d.factors).toHaveLength(1);
    expect(d.factors[0]!.weight).toBe(1);
  });
});

describe('formatting', () => {
  it('words durations, numbers and scopes', () => {
    expect([10, 1.5, 66.96, 150, 5391].map((m) => formatDuration(m * 60_000))).toEqual(['10 min', '1.5 min', '67 min', '2.5 h', '3.7 days']);
    expect(formatNumber(3.14159)).toBe('3.142');
    expect(formatNumber(12)).toBe('12');
    expect(describeScope({ service: 'api', user: 'root', templateId: 4 })).toBe('service api, user root, template #4');
    expect(describeScope({})).toBe('all records');
  });
});
