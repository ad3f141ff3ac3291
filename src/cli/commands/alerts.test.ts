import { afterAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../domain/index.js';
import { BACKENDS } from '../../store/testing/backends.js';
import { apiLog, runCli, runOk, seedPanics, tempFiles } from './testing.js';

const files = tempFiles();
afterAll(() => files.cleanup());

const alertsJson = async (db: string, ...flags: string[]): Promise<Alert[]> => JSON.parse((await runOk('alerts', ...flags, '--json', '--db', db)).stdout);

for (const backend of BACKENDS) {
  describe(`logtrack alerts (${backend.name})`, () => {
    afterAll(() => backend.cleanup());

    it('lists alerts newest first, filtered by status and time', async () => {
      const db = await backend.freshLocation();
      await seedPanics(db, files);
      expect((await alertsJson(db)).map((a) => a.id)).toEqual([2, 1]);
      const text = (await runOk('alerts', '--db', db)).stdout;
      expect(text.split('\n')[0]).toMatch(/^ID +WINDOW END +SEVERITY +STATUS +SOURCE +RULE +SCOPE +INCIDENT +MESSAGE$/);
      expect((await alertsJson(db, '--since', '2024-01-15T12:20:00Z')).map((a) => a.id)).toEqual([2]);
      expect((await alertsJson(db, '--limit', '1')).map((a) => a.id)).toEqual([2]);
      expect(await alertsJson(db, '--rule', 'other')).toEqual([]);
      expect((await runOk('alerts', '--status', 'acked', '--db', db)).stdout).toBe('no alerts match\n');
    });

    it('acknowledges and resolves an alert', async () => {
      const db = await backend.freshLocation();
      await seedPanics(db, files);
      expect((await runOk('alerts', 'ack', '1', '--db', db)).stdout).toBe('alert 1 is acked\n');
      expect((await runOk('alerts', 'resolve', '2', '--db', db)).stdout).toBe('alert 2 is resolved\n');
      expect((await alertsJson(db, '--status', 'acked')).map((a) => a.id)).toEqual([1]);
      expect((await alertsJson(db, '--status', 'resolved')).map((a) => a.id)).toEqual([2]);
    });

    it('shows an alert with its evidence lines', async () => {
      const db = await backend.freshLocation();
      await seedPanics(db, files);
      const { stdout } = await runOk('alerts', 'show', '1', '--db', db);
      expect(stdout).toContain('alert #1: 1 message matching "panic"');
      expect(stdout).toMatch(/\nscope +service=api\n/);
      expect(stdout).toContain('\nfactors:\n  - RULE: ');
      expect(stdout).toContain('\nevidence (1 line):\n  2024-01-15 12:10:00Z FATAL [api] panic: nil pointer in handler 600\n');
      const json = JSON.parse((await runOk('alerts', 'show', '2', '--json', '--db', db)).stdout);
      expect(json.evidence.map((l: { message: string }) => l.message)).toEqual(['panic: nil pointer in handler 1500']);
    });

    it('marks an alert "not an anomaly": its repeats are dropped until the mark is undone', async () => {
      const db = await backend.freshLocation();
      await seedPanics(db, files);
      expect((await runOk('alerts', 'normal', '2', '--db', db)).stdout).toBe('alert 2 is marked "not an anomaly": later alerts of rule "panic" for service=api are dropped\n');
      await runOk('ingest', files.write('later.jsonl', apiLog([2400], { from: 1800, to: 2700 })), '--db', db);
      expect((await runOk('detect', '--db', db)).stdout).toContain('nothing new found\n1 alert dropped by silences or "normal" marks');

      expect((await runOk('alerts', 'normal', '2', '--undo', '--db', db)).stdout).toContain('alert 2 is no longer marked normal');
      await runOk('ingest', files.write('latest.jsonl', apiLog([3300], { from: 2700, to: 3600 })), '--db', db);
      expect((await runOk('detect', '--db', db)).stdout).toContain('1 new alert');
    });

    it('says which alert is missing (exit 1) and refuses an id that is not one (exit 2)', async () => {
      const db = await backend.freshLocation();
      for (const verb of ['show', 'ack', 'resolve', 'normal']) {
        expect(await runCli('alerts', verb, '99', '--db', db)).toMatchObject({ code: 1, stderr: 'logtrack: there is no alert 99\n' });
      }
      expect(await runCli('alerts', 'ack', 'first', '--db', db)).toMatchObject({ code: 2, stderr: 'logtrack: the alert id must be a positive integer, got "first"\n' });
      expect((await runCli('alerts', '--severity', 'huge', '--db', db)).code).toBe(2);
    });
  });
}
