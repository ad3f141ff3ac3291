import { describe, expect, it } from 'vitest';
import { parseRule, validateRule } from './schema.js';

function message(input: unknown, label?: string): string {
  const out = parseRule(input, { label });
  if (out.kind !== 'error') throw new Error('expected an error');
  return out.message;
}

describe('parseRule', () => {
  it('applies defaults and keeps flat parameters', () => {
    const out = parseRule({ name: 'ssh-bruteforce', type: 'user_failures', threshold: 3, group_by: ['ip'] });
    expect(out).toEqual({
      kind: 'ok',
      rule: {
        name: 'ssh-bruteforce',
        type: 'user_failures',
        severity: 'MEDIUM',
        enabled: true,
        scope: {},
        params: { threshold: 3, window_minutes: 10, group_by: ['ip'], http_statuses: [401, 403] },
      },
    });
  });

  it('accepts parameters under params, case-insensitive severity, and services', () => {
    const out = parseRule({ name: 'quiet', type: 'inactivity', severity: 'high', services: ['api'], params: { max_idle_minutes: 15 } });
    expect(out.kind === 'ok' && out.rule).toMatchObject({ severity: 'HIGH', scope: { services: ['api'] }, params: { max_idle_minutes: 15 } });
  });

  it('names the rule, the field and the value in one sentence', () => {
    expect(message({ name: 'ssh-bruteforce', type: 'user_failures', threshold: 'five' })).toBe(
      'rule "ssh-bruteforce": threshold must be a positive integer, got "five"',
    );
    expect(message({ name: 'r', type: 'rate_spike', threshold: 2.5 })).toBe('rule "r": threshold must be a positive integer, got 2.5');
    expect(message({ name: 'r', type: 'error_ratio', ratio: 1 })).toBe('rule "r": ratio must be a number between 0 and 1, got 1');
    expect(message({ name: 'r', type: 'user_failures', group_by: ['user', 'email'] })).toBe(
      'rule "r": group_by[1] must be one of user, ip, service, got "email"',
    );
  });

  it('reports missing fields, unknown fields and unknown types', () => {
    expect(message({ name: 'k', type: 'keyword' })).toBe('rule "k": pattern is required');
    expect(message({ name: 'k', type: 'keyword', pattern: 'x', window_minuts: 5 })).toBe('rule "k": unknown field "window_minuts"');
    expect(message({ name: 'k', type: 'grep' })).toMatch(/^rule "k": type must be one of keyword, user_failures, .*, got "grep"$/);
    expect(message({ type: 'keyword', pattern: 'x' }, 'rule #3')).toBe('rule #3: name is required');
    expect(message('keyword', 'rule #1')).toBe('rule #1: must be a mapping with at least a name and a type, got "keyword"');
  });

  it('rejects an invalid regular expression where one is expected', () => {
    expect(message({ name: 'k', type: 'keyword', pattern: '(panic', regex: true })).toBe(
      'rule "k": pattern must be a valid regular expression, got "(panic"',
    );
    // As a literal keyword the same text is fine.
    expect(parseRule({ name: 'k', type: 'keyword', pattern: '(panic' }).kind).toBe('ok');
    expect(message({ name: 'u', type: 'user_failures', patterns: ['ok', '[bad'] })).toBe(
      'rule "u": patterns[1] must be a valid regular expression, got "[bad"',
    );
  });
});

describe('validateRule', () => {
  const stored = { id: 7, name: 'z', type: 'zscore' as const, severity: 'LOW' as const, enabled: true, scope: {} };

  it('types a stored rule with defaults applied', () => {
    const out = validateRule({ ...stored, params: { window_minutes: 10 } });
    expect(out.kind === 'ok' && out.rule.params).toEqual({ window_minutes: 10, baseline_windows: 12, threshold: 3, per_template: false, min_count: 10 });
  });

  it('reports stored params that no longer validate', () => {
    expect(validateRule({ ...stored, params: { baseline_windows: 1 } })).toEqual({
      kind: 'error',
      message: 'rule "z": baseline_windows must be an integer of 2 or more, got 1',
    });
  });
});
