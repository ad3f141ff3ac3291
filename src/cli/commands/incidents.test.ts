import { afterAll, describe, expect, it } from 'vitest';
import type { Alert, Incident } from '../../domain/index.js';
import type { IncidentReport } from '../../incidents/index.js';
import { BACKENDS } from '../../store/testing/backends.js';
import { apiLog, PANIC_RULE, runCli, runOk, seedPanics, tempFiles } from './testing.js';

const files = tempFiles();
afterAll(() => files.cleanup());

const incidentsJson = async (db: string, ...flags: string[]): Promise<Incident[]> => JSON.parse((await runOk('incidents', ...flags, '--json', '--db', db)).stdout);

for (const backend of BACKENDS) {
  describe(`logtrack incidents (${backend.name})`, () => {
    afterAll(() => backend.cleanup());

    it('lists incidents, with or without the list subcommand, filtered by status', async () => {
      const db = await backend.freshLocation();
      await seedPanics(db, files);
      expect((await incidentsJson(db)).map((i) => i.id)).toEqual([2, 1]);
      expect(await incidentsJson(db, 'list')).toEqual(await incidentsJson(db));
      expect((await runOk('incidents', '--db', db)).stdout).toMatch(/^ID +STATUS +SEVERITY +START +END +ALERTS +SERVICES +TITLE\n2 +open +HIGH .* 1 +api +api: panic: nil pointer in handler <NUM>\n/);
      expect((await runOk('incidents', '--status', 'resolved', '--db', db)).stdout).toBe('no incidents match\n');
    });

    it('shows the report: each anomaly with its time, line and factors, then the related lines', async () => {
      const db = await backend.freshLocation();
      await runOk(...PANIC_RULE, '--param', 'threshold=2', '--param', 'window_minutes=10', '--db', db);
      await runOk('ingest', files.write('storm.jsonl', apiLog([600, 640, 700, 1500])), '--db', db);
      await runOk('detect', '--db', db);

      const { stdout } = await runOk('incidents', 'show', '1', '--db', db);
      expect(stdout).toContain('INCIDENT #1 "api: panic: nil pointer in handler <NUM>"\nSeverity: HIGH · Status: open');
      expect(stdout).toContain('\nANOMALY DETECTED (rule: panic, severity: HIGH)\nTimestamp: 2024-01-15 12:10:00\nLog: FATAL [api] panic: nil pointer in handler 600\nFactors:\n  - RULE: ');
      expect(stdout).toContain('\nRelated lines in incident #1 "api: panic: nil pointer in handler <NUM>":\n  2024-01-15 12:10:40 FATAL [api] panic: nil pointer in handler 640\n');

      const report = JSON.parse((await runOk('incidents', 'show', '1', '--json', '--db', db)).stdout) as IncidentReport;
      expect(report.incident.id).toBe(1);
      expect(report.anomalies.map((a) => a.line?.message)).toEqual(['panic: nil pointer in handler 600']);
      expect(report.related.map((l) => l.message)).toEqual(['panic: nil pointer in handler 640']);
    });

    it('acks an incident with its open alerts, then resolves it with all of them', async () => {
      const db = await backend.freshLocation();
      await seedPanics(db, files);
      expect((await runOk('incidents', 'ack', '1', '--db', db)).stdout).toBe('incident 1 "api: panic: nil pointer in handler <NUM>" is acked\n');
      const alertOf = async (id: number): Promise<Alert> => JSON.parse((await runOk('alerts', 'show', String(id), '--json', '--db', db)).stdout).alert;
      expect((await alertOf(1)).status).toBe('acked');
      expect((await alertOf(2)).status).toBe('open');

      expect((await runOk('incidents', 'resolve', '1', '--db', db)).stdout).toBe('incident 1 "api: panic: nil pointer in handler <NUM>" is resolved\n');
      expect(await incidentsJson(db, '--status', 'resolved')).toMatchObject([{ id: 1, status: 'resolved', resolvedAt: expect.any(Number) }]);
      expect((await alertOf(1)).status).toBe('resolved');
    });

    it('a recurrence after resolving reopens the incident', async () => {
      const db = await backend.freshLocation();
      await runOk(...PANIC_RULE, '--db', db);
      await runOk('ingest', files.write('first.jsonl', apiLog([600], { to: 900 })), '--db', db);
      await runOk('detect', '--db', db);
      await runOk('incidents', 'resolve', '1', '--db', db);
      await runOk('ingest', files.write('again.jsonl', apiLog([1500], { from: 900 })), '--db', db);
      expect((await runOk('detect', '--db', db)).stdout).toContain('incidents: 0 opened, 0 extended, 1 reopened');
      expect(await incidentsJson(db, '--status', 'open')).toMatchObject([{ id: 1, members: [1, 2] }]);
    });

    it('says which incident is missing (exit 1) and refuses an id that is not one (exit 2)', async () => {
      const db = await backend.freshLocation();
      for (const verb of ['show', 'ack', 'resolve']) {
        expect(await runCli('incidents', verb, '7', '--db', db)).toMatchObject({ code: 1, stderr: 'logtrack: there is no incident 7\n' });
      }
      expect((await runCli('incidents', 'show', 'seven', '--db', db)).code).toBe(2);
      expect((await runCli('incidents', '--status', 'closed', '--db', db)).code).toBe(2);
    });
  });
}
