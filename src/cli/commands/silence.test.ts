import { afterAll, describe, expect, it } from 'vitest';
import type { Silence } from '../../store/store.js';
import { BACKENDS } from '../../store/testing/backends.js';
import { apiLog, PANIC_RULE, runCli, runOk, tempFiles } from './testing.js';

const files = tempFiles();
afterAll(() => files.cleanup());

const silencesJson = async (db: string, ...flags: string[]): Promise<Silence[]> => JSON.parse((await runOk('silence', 'list', ...flags, '--json', '--db', db)).stdout);

for (const backend of BACKENDS) {
  describe(`logtrack silence (${backend.name})`, () => {
    afterAll(() => backend.cleanup());

    it('adds, lists and deletes silences; a silenced rule raises no alert', async () => {
      const db = await backend.freshLocation();
      await runOk(...PANIC_RULE, '--db', db);
      const before = Date.now();
      const added = await runOk('silence', 'add', '--rule', 'panic', '--for', '2h', '--reason', 'deploying the fix', '--db', db);
      expect(added.stdout).toMatch(/^silence 1: rule "panic" is muted until \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\n$/);
      await runOk('silence', 'add', '--service', 'api', '--for', '1h30m', '--db', db);

      const listed = await silencesJson(db);
      expect(listed.map((s) => s.target)).toEqual([{ kind: 'rule', value: 'panic' }, { kind: 'service', value: 'api' }]);
      expect(listed[0]!.until - before).toBeGreaterThanOrEqual(2 * 3_600_000);
      expect(listed[0]!.until - Date.now()).toBeLessThanOrEqual(2 * 3_600_000);
      expect(listed[0]).toMatchObject({ reason: 'deploying the fix', createdBy: expect.stringMatching(/^cli:/) });
      expect((await runOk('silence', 'list', '--db', db)).stdout).toMatch(/\n1 +rule "panic" .* in force .* deploying the fix\n2 +service "api" /);

      await runOk('ingest', files.write('a.jsonl', apiLog([600])), '--db', db);
      expect((await runOk('detect', '--db', db)).stdout).toContain('nothing new found\n1 alert dropped by silences or "normal" marks');

      expect((await runOk('silence', 'delete', '1', '--db', db)).stdout).toBe('deleted silence 1\n');
      expect((await silencesJson(db)).map((s) => s.id)).toEqual([2]);
    });

    it('lists expired silences only with --all', async () => {
      const db = await backend.freshLocation();
      await runOk(...PANIC_RULE, '--db', db);
      await runOk('silence', 'add', '--rule', 'panic', '--for', '1s', '--db', db);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await runOk('silence', 'list', '--db', db)).stdout).toBe('no silences in force\n');
      expect((await runOk('silence', 'list', '--all', '--db', db)).stdout).toMatch(/\n1 +rule "panic" .* expired /);
    });

    it('refuses with one sentence: not exactly one target or a bad duration (2), a missing rule, template or silence (1)', async () => {
      const db = await backend.freshLocation();
      await runOk(...PANIC_RULE, '--db', db);
      const cases: [string[], number, string][] = [
        [['add', '--for', '1h'], 2, 'name exactly one thing to silence: --rule NAME, --template ID or --service NAME'],
        [['add', '--rule', 'panic', '--service', 'api', '--for', '1h'], 2, 'name exactly one thing to silence: --rule NAME, --template ID or --service NAME'],
        [['add', '--rule', 'panic', '--for', 'soon'], 2, '--for: "soon" is not a duration such as 30m, 2h, 1d or 1h30m'],
        [['add', '--rule', 'nope', '--for', '1h'], 1, 'there is no rule named "nope" (see `logtrack rules list`)'],
        [['add', '--template', '42', '--for', '1h'], 1, 'there is no template 42 (see `logtrack templates`)'],
        [['add', '--template', 'db', '--for', '1h'], 2, '--template must be a positive integer, got "db"'],
        [['delete', '5'], 1, 'there is no silence 5'],
      ];
      for (const [args, code, message] of cases) {
        expect(await runCli('silence', ...args, '--db', db)).toMatchObject({ code, stderr: `logtrack: ${message}\n` });
      }
      expect(await silencesJson(db, '--all')).toEqual([]);
    });
  });
}
