import { afterAll, describe, expect, it } from 'vitest';
import { loadRulesFile, STARTER_RULES_PATH } from '../../detect/rules/load.js';
import { BACKENDS } from '../../store/testing/backends.js';
import { runCli, runOk, tempFiles } from './testing.js';

const files = tempFiles();
afterAll(() => files.cleanup());

async function starterNames(): Promise<string[]> {
  const starter = await loadRulesFile(STARTER_RULES_PATH);
  if (starter.kind === 'error') throw new Error(starter.errors.join('; '));
  return starter.rules.map((r) => r.name);
}

for (const backend of BACKENDS) {
  describe(`logtrack init (${backend.name})`, () => {
    afterAll(() => backend.cleanup());

    it('creates the database and loads every starter rule once, however often it runs', async () => {
      const db = await backend.freshLocation();
      const names = await starterNames();
      const first = await runOk('init', '--db', db);
      expect(first.stdout).toContain(`added ${names.length} rules: ${names.join(', ')}`);

      const second = await runOk('init', '--db', db);
      expect(second.stdout).toContain(`kept ${names.length} existing rules as they are`);
      expect(second.stdout).not.toContain('added');

      const listed = JSON.parse((await runOk('rules', 'list', '--json', '--db', db)).stdout) as { name: string }[];
      expect(listed.map((r) => r.name)).toEqual(names);
    });

    it('loads another rules file, keeping a rule the user changed', async () => {
      const db = await backend.freshLocation();
      const file = files.write('mine.yaml', 'rules:\n  - { name: quiet, type: inactivity, max_idle_minutes: 15 }\n  - { name: panic, type: keyword, pattern: panic }\n');
      await runOk('rules', 'add', '--name', 'panic', '--type', 'keyword', '--param', 'pattern=oops', '--db', db);
      const out = JSON.parse((await runOk('init', '--rules', file, '--json', '--db', db)).stdout);
      expect(out.rules).toEqual([{ kind: 'create', name: 'quiet' }, { kind: 'keep', name: 'panic' }]);
      const panic = JSON.parse((await runOk('rules', 'show', 'panic', '--json', '--db', db)).stdout);
      expect(panic.params.pattern).toBe('oops');
    });

    it('refuses an invalid rules file with one sentence per rule and exit code 2, storing nothing', async () => {
      const db = await backend.freshLocation();
      const file = files.write('bad.yaml', '- { name: ok, type: inactivity }\n- { name: ssh-bruteforce, type: user_failures, threshold: five }\n');
      const run = await runCli('init', '--rules', file, '--db', db);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe('logtrack: rule "ssh-bruteforce": threshold must be a positive integer, got "five"\n');
      expect(JSON.parse((await runOk('rules', 'list', '--json', '--db', db)).stdout)).toEqual([]);
    });
  });
}
