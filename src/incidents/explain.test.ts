import { beforeAll, describe, expect, it } from 'vitest';
import type { Factor } from '../domain/index.js';
import { explain, type ExplainInput } from './explain.js';
import { buildProfile, type Profile } from './profile.js';
import { trainingRecords } from './testing.js';

let profile: Profile;
beforeAll(async () => {
  profile = await buildProfile(trainingRecords());
});

const at = (hour: number, minute = 0) => Date.UTC(2024, 0, 8, hour, minute, 12);
const line = (fields: Partial<ExplainInput>): ExplainInput => ({ ts: at(10), service: 'pay', templateId: 10, params: ['alice'], user: 'alice', ...fields });
const kinds = (factors: Factor[]) => factors.map((f) => f.kind);

describe('explain', () => {
  it('finds nothing unusual in a line like the training data', () => {
    expect(explain(line({ windowCount: 1, previousTemplateId: 11, serviceWindow: { total: 3, errors: 0 } }), profile)).toEqual([]);
  });

  it('gives a new template at 03:00 during a burst all three factors, heaviest first', () => {
    const factors = explain(line({ ts: at(3, 12), templateId: 99, params: [], texts: new Map([[99, 'Connection refused to <*>']]), windowCount: 47 }), profile);
    expect([...kinds(factors)].sort()).toEqual(['burst', 'new_template', 'unusual_time']);
    const weights = factors.map((f) => f.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    const byKind = Object.fromEntries(factors.map((f) => [f.kind, f]));
    expect(byKind.new_template).toMatchObject({ templateId: 99, template: 'Connection refused to <*>', text: 'never seen in training data' });
    expect(byKind.burst).toMatchObject({ observed: 47, normal: 2, windowMinutes: 1, text: '47 occurrences in 1 min (normal < 2)' });
    expect(byKind.unusual_time).toMatchObject({ hour: 3, normalHours: [8, 18], text: "03:00 is outside pay's normal hours (08:00–18:00)" });
  });

  it("reports a known template outside its own normal hours, and not inside them", () => {
    const [factor] = explain(line({ ts: at(3) }), profile);
    expect(factor).toMatchObject({ kind: 'unusual_time', text: "03:00 is outside this template's normal hours (08:00–18:00)", weight: 0.8 });
    expect(explain(line({ ts: at(17, 59) }), profile)).toEqual([]);
    expect(kinds(explain(line({ ts: at(18) }), profile))).toEqual(['unusual_time']);
  });

  it('calls a burst at burstFactor × normal or minBurst, whichever is larger', () => {
    expect(explain(line({ windowCount: 9 }), profile)).toEqual([]);
    expect(explain(line({ windowCount: 10 }), profile)).toMatchObject([{ kind: 'burst', observed: 10, normal: 2 }]);
    const small = explain(line({ windowCount: 10 }), profile)[0].weight;
    const large = explain(line({ windowCount: 100 }), profile)[0].weight;
    expect(large).toBeGreaterThan(small);
  });

  it('names the expected and the actual sequence with template texts', () => {
    const [factor] = explain(line({ templateId: 12, params: ['p0'], user: undefined, previousTemplateId: 10 }), profile);
    expect(factor).toMatchObject({
      kind: 'sequence',
      expected: ['User <*> logged in', 'Served <*>'],
      actual: ['User <*> logged in', 'Payment <*> declined'],
    });
    expect(factor.text).toBe('after "User <*> logged in" expected "Served <*>" (100%), got "Payment <*> declined" (never seen)');
  });

  it('flags parameter and field values never seen in training', () => {
    const factors = explain(line({ params: ['mallory'], user: 'mallory' }), profile);
    expect(factors.map((f) => f.kind === 'rare_param' && [f.field, f.value, f.seen])).toEqual([
      ['parameter 1', 'mallory', 0],
      ['user', 'mallory', 0],
    ]);
    const status = explain(line({ templateId: 11, params: ['503'], user: undefined, attrs: { status: 503 } }), profile);
    expect(status.map((f) => f.text)).toEqual(['parameter 1 "503" never seen in training', 'status "503" never seen in training']);
  });

  it('respects a template marked normal: never new, its parameters never rare', () => {
    expect(explain(line({ templateId: 99, normalTemplate: true }), profile)).toEqual([]);
    expect(kinds(explain(line({ params: ['mallory'], user: 'mallory', normalTemplate: true }), profile))).toEqual(['rare_param']);
  });

  it('flags a high error ratio against the service normal, with enough lines in the window', () => {
    const [factor] = explain(line({ serviceWindow: { total: 20, errors: 10 } }), profile);
    expect(factor).toMatchObject({ kind: 'error_ratio', ratio: 0.5, text: '50% of pay lines in 1 min are errors (normal ≤ 2%)' });
    expect(explain(line({ serviceWindow: { total: 9, errors: 9 } }), profile)).toEqual([]);
    expect(explain(line({ serviceWindow: { total: 20, errors: 1 } }), profile)).toEqual([]);
  });

  it('puts the rule that fired first, with its threshold and the observed value', () => {
    const factors = explain(line({ ts: at(3), rule: { name: 'failed-logins', threshold: 5, observed: 12 } }), profile);
    expect(kinds(factors)).toEqual(['rule', 'unusual_time']);
    expect(factors[0].text).toBe('rule "failed-logins" observed 12 against its threshold of 5');
  });
});
