import { describe, expect, it } from 'vitest';
import type { AlertDraft } from '../../domain/index.js';
import type { Silence } from '../../store/store.js';
import { normalFamilies, suppressDecision } from './suppress.js';

const draft = (fields: Partial<AlertDraft> = {}): AlertDraft => ({
  fingerprint: 'f', source: 'rule', ruleId: 4, ruleName: 'ssh-bruteforce', severity: 'HIGH',
  scope: { service: 'sshd', ip: '1.2.3.4', templateId: 9 }, windowStart: 0, windowEnd: 1, observed: 5, threshold: 5,
  score: null, message: '', evidence: [], factors: [], ...fields,
});

const silence = (kind: Silence['target']['kind'], value: string): Silence => ({ id: 1, target: { kind, value }, until: 10, reason: '', createdAt: 0, createdBy: null });

describe('suppressDecision', () => {
  const none = { silences: [], normalFamilies: new Set<string>() };

  it('keeps alerts nothing applies to', () => {
    expect(suppressDecision(draft(), none)).toEqual({ kind: 'keep' });
    expect(suppressDecision(draft(), { ...none, silences: [silence('service', 'web'), silence('rule', 'other'), silence('template', '10')] })).toEqual({ kind: 'keep' });
  });

  it.each([
    ['rule', 'ssh-bruteforce'],
    ['rule', '4'],
    ['service', 'sshd'],
    ['template', '9'],
  ] as const)('drops alerts under a %s silence (%s)', (kind, value) => {
    expect(suppressDecision(draft(), { ...none, silences: [silence(kind, value)] }).kind).toBe('silenced');
  });

  it('drops later alerts of a family marked normal, and only that family', () => {
    const normal = { ...none, normalFamilies: normalFamilies([draft({ windowStart: -100 })]) };
    expect(suppressDecision(draft({ windowStart: 500, fingerprint: 'g' }), normal)).toEqual({ kind: 'normal' });
    expect(suppressDecision(draft({ scope: { service: 'sshd', ip: '5.6.7.8', templateId: 9 } }), normal)).toEqual({ kind: 'keep' });
  });
});
