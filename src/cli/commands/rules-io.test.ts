import { describe, expect, it } from 'vitest';
import type { RuleDraft } from '../../domain/index.js';
import { parseRulesText } from '../../detect/rules/load.js';
import { parseRule } from '../../detect/rules/schema.js';
import { editedEntry, entryFromFlags, parseParamFlags, parseParamValue, parseRuleDocument, parseServicesFlag, planImport, renderRulesFile, ruleEntry } from './rules-io.js';

function draft(input: Record<string, unknown>): RuleDraft {
  const out = parseRule(input);
  if (out.kind === 'error') throw new Error(out.message);
  return out.rule;
}

const bruteforce = draft({ name: 'ssh-bruteforce', type: 'user_failures', severity: 'HIGH', threshold: 5, group_by: ['ip'], services: ['sshd'], description: 'many failures' });
const panic = draft({ name: 'panic', type: 'keyword', pattern: 'panic', enabled: false });

const noFlags = { params: {}, unset: [] };

describe('parseParamValue', () => {
  it('reads numbers, booleans and flow lists as YAML, and keeps other text as typed', () => {
    expect(parseParamValue('5')).toBe(5);
    expect(parseParamValue('0.25')).toBe(0.25);
    expect(parseParamValue('true')).toBe(true);
    expect(parseParamValue('[ip, user]')).toEqual(['ip', 'user']);
    expect(parseParamValue('five')).toBe('five');
    expect(parseParamValue('\\b(fatal|panic)\\b')).toBe('\\b(fatal|panic)\\b');
    expect(parseParamValue('error: timeout')).toBe('error: timeout');
    expect(parseParamValue('*oops')).toBe('*oops');
  });

  it('keeps a quoted value a string, so a regex like [abc] stays one', () => {
    expect(parseParamValue("'[abc]'")).toBe('[abc]');
    expect(parseParamValue('"5"')).toBe('5');
  });
});

describe('parseParamFlags', () => {
  it('turns name=value pairs into parameters, a later pair winning', () => {
    expect(parseParamFlags(['pattern=panic', 'threshold=1', 'threshold=2', 'pattern=a=b'])).toEqual({ kind: 'ok', value: { pattern: 'a=b', threshold: 2 } });
  });

  it('refuses a pair without a name', () => {
    expect(parseParamFlags(['threshold'])).toEqual({ kind: 'error', message: '--param must look like name=value (e.g. threshold=5), got "threshold"' });
    expect(parseParamFlags(['=5']).kind).toBe('error');
  });
});

describe('parseServicesFlag', () => {
  it('splits on commas and drops blanks; empty means every service', () => {
    expect(parseServicesFlag('auth, api,')).toEqual(['auth', 'api']);
    expect(parseServicesFlag('')).toEqual([]);
  });
});

describe('rules files', () => {
  it('writes an entry with the head first and the parameters flat, leaving empty fields out', () => {
    expect(Object.keys(ruleEntry(bruteforce)).slice(0, 6)).toEqual(['name', 'type', 'severity', 'enabled', 'description', 'services']);
    expect(ruleEntry(panic)).not.toHaveProperty('services');
    expect(ruleEntry(panic)).not.toHaveProperty('description');
    expect(ruleEntry(panic)).toMatchObject({ pattern: 'panic', enabled: false });
  });

  it.each(['yaml', 'json'] as const)('renders %s that parses back into the same rules', (format) => {
    const text = renderRulesFile([bruteforce, panic], format);
    expect(parseRulesText(text, 'export')).toEqual({ kind: 'ok', rules: [bruteforce, panic] });
  });

  it('reads a document with one rule, a list, or a rules: list', () => {
    expect(parseRuleDocument('name: panic\ntype: keyword\npattern: panic\n', 'f')).toMatchObject({ kind: 'ok', rules: [{ name: 'panic' }] });
    expect(parseRuleDocument('[{name: a, type: inactivity}, {name: b, type: inactivity}]', 'f')).toMatchObject({ kind: 'ok', rules: [{ name: 'a' }, { name: 'b' }] });
    expect(parseRuleDocument('rules:\n  - {name: a, type: inactivity}\n', 'f')).toMatchObject({ kind: 'ok', rules: [{ name: 'a' }] });
  });

  it('reports an invalid single rule in one sentence naming the rule and the field', () => {
    expect(parseRuleDocument('{name: ssh-bruteforce, type: user_failures, threshold: five}', 'f')).toEqual({
      kind: 'error',
      errors: ['rule "ssh-bruteforce": threshold must be a positive integer, got "five"'],
    });
  });
});

describe('entries from flags', () => {
  it('builds a new rule entry with parameters under params', () => {
    const entry = entryFromFlags({ name: 'x', type: 'keyword', severity: 'high', params: { pattern: 'panic' }, unset: [], enabled: false });
    expect(draft(entry)).toMatchObject({ name: 'x', type: 'keyword', severity: 'HIGH', enabled: false, params: { pattern: 'panic', threshold: 1 } });
  });

  it('edits keep what is not changed, set and unset parameters', () => {
    const edited = draft(editedEntry(bruteforce, { ...noFlags, severity: 'CRITICAL', params: { threshold: 8 }, unset: ['group_by'] }));
    expect(edited).toMatchObject({ name: 'ssh-bruteforce', severity: 'CRITICAL', description: 'many failures', scope: { services: ['sshd'] } });
    expect(edited.params).toMatchObject({ threshold: 8, group_by: ['user'] });
  });

  it('an edit that changes the type starts the parameters afresh', () => {
    const edited = draft(editedEntry(bruteforce, { ...noFlags, type: 'inactivity', params: { max_idle_minutes: 10 } }));
    expect(edited).toMatchObject({ type: 'inactivity', params: { max_idle_minutes: 10 } });
  });

  it('an edit can clear the services and rename the rule', () => {
    const edited = draft(editedEntry(bruteforce, { ...noFlags, name: 'brute', services: [] }));
    expect(edited).toMatchObject({ name: 'brute', scope: {} });
  });
});

describe('planImport', () => {
  const existing = new Map([['panic', 7]]);

  it('creates new rules and keeps existing ones', () => {
    expect(planImport(existing, [bruteforce, panic], { replace: false }).map((s) => s.kind)).toEqual(['create', 'keep']);
  });

  it('replaces existing ones by id when asked', () => {
    expect(planImport(existing, [panic], { replace: true })).toEqual([{ kind: 'replace', id: 7, rule: panic }]);
  });
});
