import { describe, expect, it } from 'vitest';
import type { Silence, SilenceTarget } from '../store/store.js';
import { applySilences } from './silence.js';
import { makeAlert, makeIncident, T0 } from './testing/fixtures.js';

let nextId = 1;
const silence = (target: SilenceTarget, until = T0 + 3_600_000): Silence => ({ id: nextId++, target, until, reason: 'test', createdAt: T0, createdBy: null });

describe('applySilences', () => {
  const incident = makeIncident({ services: ['auth', 'db'] });
  const login = makeAlert({ id: 1, ruleName: 'auth-failures', ruleId: 7, scope: { service: 'auth', templateId: 11 } });
  const ratio = makeAlert({ id: 2, ruleName: 'error-ratio', ruleId: 8, scope: { service: 'db', templateId: 12 } });

  it('keeps everything without silences', () => {
    expect(applySilences(incident, [login, ratio], [], T0)).toEqual({ kind: 'active', alerts: [login, ratio] });
  });

  it('leaves out alerts silenced by rule name, rule id or template, and keeps the rest', () => {
    for (const target of [{ kind: 'rule', value: 'auth-failures' }, { kind: 'rule', value: '7' }, { kind: 'template', value: '11' }] as const) {
      expect(applySilences(incident, [login, ratio], [silence(target)], T0)).toEqual({ kind: 'active', alerts: [ratio] });
    }
  });

  it('silences the incident when every alert is silenced, naming the silences once each', () => {
    const byRule = silence({ kind: 'rule', value: 'auth-failures' });
    const byService = silence({ kind: 'service', value: 'db' });
    const outcome = applySilences(incident, [login, ratio, makeAlert({ id: 3 })], [byRule, byService], T0);
    expect(outcome).toEqual({ kind: 'silenced', by: [byRule, byService] });
  });

  it('silences an incident whose services are all silenced, even without alerts', () => {
    const silences = [silence({ kind: 'service', value: 'auth' }), silence({ kind: 'service', value: 'db' })];
    expect(applySilences(incident, [], silences, T0).kind).toBe('silenced');
    expect(applySilences(incident, [], silences.slice(0, 1), T0)).toEqual({ kind: 'active', alerts: [] });
  });

  it('ignores expired silences', () => {
    const expired = silence({ kind: 'rule', value: 'auth-failures' }, T0 - 1);
    const endsNow = silence({ kind: 'rule', value: 'auth-failures' }, T0);
    expect(applySilences(incident, [login], [expired, endsNow], T0)).toEqual({ kind: 'active', alerts: [login] });
  });
});
