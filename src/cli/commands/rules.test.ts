import { afterAll, describe, expect, it } from 'vitest';
import type { Rule } from '../../domain/index.js';
import { BACKENDS } from '../../store/testing/backends.js';
import { runCli, runOk, tempFiles } from './testing.js';

const files = tempFiles();
afterAll(() => files.cleanup());

const listRules = async (db: string): Promise<Rule[]> => JSON.parse((await runOk('rules', 'list', '--json', '--db', db)).stdout);
const showRule = async (db: string, name: string): Promise<Rule> => JSON.parse((await runOk('rules', 'show', name, '--json', '--db', db)).stdout);

const RULES_FILE = `rules:
  - name: ssh-bruteforce
    type: user_failures
    severity: HIGH
    description: Many failed logins from one address.
    threshold: 5
    group_by: [ip]
  - name: quiet-auth
    type: inactivity
    services: [auth]
    max_idle_minutes: 15
`;

for (const backend of BACKENDS) {
  describe(`logtrack rules (${backend.name})`, () => {
    afterAll(() => backend.cleanup());

    it('adds a rule from flags, shows it, edits, disables, enables and deletes it', async () => {
      const db = await backend.freshLocation();
      const added = await runOk('rules', 'add', '--name', 'panic', '--type', 'keyword', '--param', 'pattern=panic', '--param', 'threshold=2', '--severity', 'high', '--db', db);
      expect(added.stdout).toBe('added rule "panic" (keyword, HIGH)\n');
      expect(await showRule(db, 'panic')).toMatchObject({ type: 'keyword', severity: 'HIGH', enabled: true, params: { pattern: 'panic', threshold: 2, regex: false } });
      expect((await runOk('rules', 'show', 'panic', '--db', db)).stdout).toMatch(/^name: panic\ntype: keyword\nseverity: HIGH\nenabled: true\npattern: panic\n/);

      await runOk('rules', 'edit', 'panic', '--param', 'threshold=4', '--services', 'api,db', '--db', db);
      expect(await showRule(db, 'panic')).toMatchObject({ scope: { services: ['api', 'db'] }, params: { pattern: 'panic', threshold: 4 } });

      expect((await runOk('rules', 'disable', 'panic', '--db', db)).stdout).toBe('rule "panic" is disabled\n');
      expect((await showRule(db, 'panic')).enabled).toBe(false);
      expect((await runOk('rules', 'enable', 'panic', '--db', db)).stdout).toBe('rule "panic" is enabled\n');
      expect((await showRule(db, 'panic')).enabled).toBe(true);

      expect((await runOk('rules', 'delete', 'panic', '--db', db)).stdout).toBe('deleted rule "panic"\n');
      expect(await listRules(db)).toEqual([]);
    });

    it('edits a rule by replacing it with the rule in a file, clearing what the file leaves out', async () => {
      const db = await backend.freshLocation();
      await runOk('rules', 'import', files.write('rules.yaml', RULES_FILE), '--db', db);
      const replacement = files.write('one.yaml', 'name: ssh-bruteforce-strict\ntype: user_failures\nthreshold: 3\n');
      await runOk('rules', 'edit', 'ssh-bruteforce', replacement, '--db', db);
      const rules = await listRules(db);
      expect(rules.map((r) => r.name)).toEqual(['ssh-bruteforce-strict', 'quiet-auth']);
      expect(rules[0]).toMatchObject({ severity: 'MEDIUM', params: { threshold: 3, group_by: ['user'] } });
      expect(rules[0]!.description ?? '').toBe('');
    });

    it('exports rules that import back the same, as YAML and as JSON', async () => {
      const db = await backend.freshLocation();
      const imported = await runOk('rules', 'import', files.write('rules.yaml', RULES_FILE), '--db', db);
      expect(imported.stdout).toBe('added 2 rules: ssh-bruteforce, quiet-auth\n');
      await runOk('rules', 'disable', 'quiet-auth', '--db', db);

      for (const format of ['yaml', 'json']) {
        const exported = (await runOk('rules', 'export', '--format', format, '--db', db)).stdout;
        const copy = await backend.freshLocation();
        await runOk('rules', 'import', files.write(`export.${format}`, exported), '--db', copy);
        const strip = (rules: Rule[]) => rules.map(({ id: _id, ...rest }) => ({ ...rest, description: rest.description || undefined }));
        expect(strip(await listRules(copy))).toEqual(strip(await listRules(db)));
        expect((await runOk('rules', 'export', '--format', format, '--db', copy)).stdout).toBe(exported);
      }
    });

    it('imports again without duplicates, and --replace overwrites rules of the same name', async () => {
      const db = await backend.freshLocation();
      const file = files.write('rules.yaml', RULES_FILE);
      await runOk('rules', 'import', file, '--db', db);
      await runOk('rules', 'edit', 'ssh-bruteforce', '--param', 'threshold=9', '--db', db);

      const again = await runOk('rules', 'import', file, '--db', db);
      expect(again.stdout).toBe('kept 2 existing rules as they are (--replace overwrites): ssh-bruteforce, quiet-auth\n');
      expect((await showRule(db, 'ssh-bruteforce')).params.threshold).toBe(9);

      const replaced = await runOk('rules', 'import', file, '--replace', '--db', db);
      expect(replaced.stdout).toBe('replaced 2 rules: ssh-bruteforce, quiet-auth\n');
      expect((await showRule(db, 'ssh-bruteforce')).params.threshold).toBe(5);
      expect(await listRules(db)).toHaveLength(2);
    });

    it('refuses invalid rules with one sentence naming the rule and the field, exit code 2', async () => {
      const db = await backend.freshLocation();
      const cases: [string[], string][] = [
        [['--name', 'ssh-bruteforce', '--type', 'user_failures', '--param', 'threshold=five'], 'rule "ssh-bruteforce": threshold must be a positive integer, got "five"'],
        [['--name', 'x', '--type', 'keyword'], 'rule "x": pattern is required'],
        [['--name', 'x', '--type', 'keyword', '--param', 'pattern=a', '--param', 'colour=red'], 'rule "x": unknown field "colour"'],
        [['--name', 'x', '--type', 'nonsense'], 'rule "x": type must be one of keyword, user_failures, repeated_message, inactivity, rate_spike, error_ratio, new_template, zscore, got "nonsense"'],
        [['--name', 'x', '--type', 'inactivity', '--param', 'threshold'], '--param must look like name=value (e.g. threshold=5), got "threshold"'],
      ];
      for (const [flags, message] of cases) {
        const run = await runCli('rules', 'add', ...flags, '--db', db);
        expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: `logtrack: ${message}\n` });
      }
      await runOk('rules', 'add', '--name', 'quiet', '--type', 'inactivity', '--db', db);
      const edit = await runCli('rules', 'edit', 'quiet', '--param', 'max_idle_minutes=-3', '--db', db);
      expect(edit).toMatchObject({ code: 2, stderr: 'logtrack: rule "quiet": max_idle_minutes must be a positive number of minutes, got -3\n' });

      const bad = files.write('bad.yaml', '- { name: a, type: keyword }\n- { name: b, type: inactivity, max_idle_minutes: soon }\n');
      const imported = await runCli('rules', 'import', bad, '--db', db);
      expect(imported.code).toBe(2);
      expect(imported.stderr).toBe(`logtrack: ${bad} has 2 invalid rules:\n  rule "a": pattern is required\n  rule "b": max_idle_minutes must be a positive number of minutes, got "soon"\n`);
      expect((await listRules(db)).map((r) => r.name)).toEqual(['quiet']);
    });

    it('names the problem for a missing rule (exit 1), a duplicate name, or a file and flags together (exit 2)', async () => {
      const db = await backend.freshLocation();
      await runOk('rules', 'add', '--name', 'quiet', '--type', 'inactivity', '--db', db);
      expect(await runCli('rules', 'show', 'loud', '--db', db)).toMatchObject({ code: 1, stderr: 'logtrack: there is no rule named "loud" (see `logtrack rules list`)\n' });
      expect((await runCli('rules', 'delete', 'loud', '--db', db)).code).toBe(1);
      expect(await runCli('rules', 'add', '--name', 'quiet', '--type', 'inactivity', '--db', db)).toMatchObject({
        code: 2,
        stderr: 'logtrack: a rule named "quiet" exists already (change it with `logtrack rules edit quiet`)\n',
      });
      const file = files.write('one.yaml', 'name: other\ntype: inactivity\n');
      expect((await runCli('rules', 'add', file, '--name', 'x', '--db', db)).stderr).toBe('logtrack: give the rule either in a file or with flags, not both\n');
      await runOk('rules', 'add', '--name', 'other', '--type', 'inactivity', '--db', db);
      expect((await runCli('rules', 'edit', 'quiet', '--name', 'other', '--db', db)).stderr).toBe('logtrack: a rule named "other" exists already\n');
    });
  });
}
