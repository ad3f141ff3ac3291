import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULE_TYPES } from '../../domain/index.js';
import { loadRulesFile, parseRulesText, STARTER_RULES_PATH } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadRulesFile', () => {
  it('loads the starter rules: valid, one of each type', async () => {
    const out = await loadRulesFile(STARTER_RULES_PATH);
    if (out.kind !== 'ok') throw new Error(out.errors.join('\n'));
    expect(new Set(out.rules.map((r) => r.type))).toEqual(new Set(RULE_TYPES));
    expect(out.rules.find((r) => r.name === 'ssh-bruteforce')).toMatchObject({ type: 'user_failures', params: { threshold: 5, group_by: ['ip'] } });
  });

  it('reads JSON and a bare list', async () => {
    const path = file('rules.json', JSON.stringify([{ name: 'quiet', type: 'inactivity', max_idle_minutes: 5 }]));
    const out = await loadRulesFile(path);
    expect(out.kind === 'ok' && out.rules.map((r) => r.params)).toEqual([{ max_idle_minutes: 5 }]);
  });

  it('reports every invalid rule, and duplicate names', async () => {
    const path = file(
      'bad.yaml',
      ['rules:', '  - { name: a, type: keyword }', '  - { name: b, type: rate_spike, threshold: five }', '  - { name: c, type: inactivity }', '  - { name: c, type: inactivity }'].join('\n'),
    );
    expect(await loadRulesFile(path)).toEqual({
      kind: 'error',
      errors: ['rule "a": pattern is required', 'rule "b": threshold must be a positive integer, got "five"', 'rule #4: name "c" is already used by rule #3'],
    });
  });

  it('explains unreadable and malformed files', async () => {
    const missing = await loadRulesFile(join(dir, 'nope.yaml'));
    expect(missing.kind === 'error' && missing.errors[0]).toMatch(/^cannot read rules file .*nope\.yaml: ENOENT/);
    const broken = parseRulesText('rules: [ {name: a', 'x.yaml');
    expect(broken.kind === 'error' && broken.errors[0]).toMatch(/^rules file x\.yaml is not valid YAML or JSON: /);
    expect(parseRulesText('rules: 3', 'x.yaml')).toEqual({ kind: 'error', errors: ['rules file x.yaml must hold a list of rules, or a "rules:" list'] });
  });
});
