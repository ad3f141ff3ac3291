import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Alert, Incident } from '../../domain/index.js';
import type { Delivery } from '../../store/store.js';
import { BACKENDS } from '../../store/testing/backends.js';
import { openStore } from '../../store/open.js';
import { saveModel } from '../../detect/ml/model.js';
import { trainModel } from '../../detect/ml/train.js';
import type { MlRecord } from '../../detect/ml/types.js';
import { apiLog, jsonLog, PANIC_RULE, runCli, runOk, tempFiles, type LogLine } from './testing.js';

const files = tempFiles();
afterAll(() => files.cleanup());

const WEEK_S = 7 * 86_400;

/** A line every 20 s from `start` (seconds after T0): requests, and a login every fifth line. */
function traffic(start: number, count: number): LogLine[] {
  return Array.from({ length: count }, (_, i) => ({
    at: start + i * 20,
    message: i % 5 === 0 ? `user u${i % 13} logged in` : `request served in ${(i * 37) % 50} ms`,
  }));
}

/** Train a model (without the LSTM, for speed) on every record stored in `db`; returns its folder. */
async function trainModelOn(db: string): Promise<string> {
  const store = await openStore(db);
  const records: MlRecord[] = [];
  try {
    for await (const page of store.scanLogs({})) for (const r of page) if (r.templateId !== null) records.push({ ...r, templateId: r.templateId });
  } finally {
    await store.close();
  }
  const trained = await trainModel(records, { lstm: false });
  if (!trained.ok) throw new Error(trained.reason);
  const dir = files.dir(`model-${Math.random().toString(36).slice(2)}`);
  await saveModel(dir, trained.model);
  return dir;
}

interface DetectJson {
  examined: number;
  alerts: Alert[];
  incidents: { opened: Incident[]; extended: Incident[]; reopened: Incident[]; attached: number[] };
}

for (const backend of BACKENDS) {
  describe(`logtrack detect (${backend.name})`, () => {
    afterAll(() => backend.cleanup());

    it('prints new alerts and the incidents they opened; a second run finds nothing new', async () => {
      const db = await backend.freshLocation();
      await runOk(...PANIC_RULE, '--db', db);
      await runOk('ingest', files.write('a.jsonl', apiLog([600, 610])), '--db', db);

      const first = await runOk('detect', '--db', db);
      expect(first.stdout).toMatch(/^examined 62 records with 1 rule: 1 new alert\n/);
      expect(first.stdout).toMatch(/\n1 +2024-01-15 12:10:00Z +HIGH +open +rule +panic +service=api +1 +1 message matching "panic"/);
      expect(first.stdout).toContain('incidents: 1 opened, 0 extended');
      expect(first.stdout).toMatch(/\n1 +open +HIGH .* api +api: panic: nil pointer in handler <NUM>\n/);

      const second = await runOk('detect', '--db', db);
      expect(second.stdout).toBe('nothing new found: no records stored since the last run\n');
      const alerts = JSON.parse((await runOk('alerts', '--json', '--db', db)).stdout) as Alert[];
      expect(alerts).toHaveLength(1);
    });

    it('examines only records stored since the last run, extending the incident they belong to', async () => {
      const db = await backend.freshLocation();
      await runOk(...PANIC_RULE, '--db', db);
      await runOk('ingest', files.write('b1.jsonl', apiLog([600], { to: 900 })), '--db', db);
      const first = JSON.parse((await runOk('detect', '--json', '--db', db)).stdout) as DetectJson;
      expect(first.alerts).toHaveLength(1);
      expect(first.alerts[0]!.incidentId).toBe(first.incidents.opened[0]!.id);

      // A panic eight minutes after the first: a new alert episode, within the grouping window of the incident.
      await runOk('ingest', files.write('b2.jsonl', apiLog([1080], { from: 900, to: 1200 })), '--db', db);
      const second = JSON.parse((await runOk('detect', '--json', '--db', db)).stdout) as DetectJson;
      expect(second.examined).toBe(11);
      expect(second.alerts).toHaveLength(1);
      expect(second.incidents.opened).toEqual([]);
      expect(second.incidents.extended.map((i) => [i.id, i.members.length])).toEqual([[first.incidents.opened[0]!.id, 2]]);
      expect(second.alerts[0]!.incidentId).toBe(first.incidents.opened[0]!.id);
    });

    it('runs a time range on demand, storing only alerts not stored before', async () => {
      const db = await backend.freshLocation();
      await runOk(...PANIC_RULE, '--db', db);
      await runOk('ingest', files.write('c.jsonl', apiLog([300, 1500])), '--db', db);
      await runOk('detect', '--db', db);
      const range = await runOk('detect', '--since', '2024-01-15T12:00:00Z', '--until', '2024-01-15T12:30:00Z', '--db', db);
      expect(range.stdout).toBe('examined 62 records with 1 rule: nothing new found\n');
      const empty = await runOk('detect', '--since', '2024-02-01T00:00:00Z', '--db', db);
      expect(empty.stdout).toBe('nothing new found: no records in that time range\n');
    });

    it('notifies the incidents it opened and records the deliveries', async () => {
      const db = await backend.freshLocation();
      const received = files.write('received.json', '');
      const copyStdin = `require('fs').writeFileSync(${JSON.stringify(received)}, require('fs').readFileSync(0))`;
      const config = files.write('notify.json', JSON.stringify({ channels: [{ name: 'pager', type: 'command', command: [process.execPath, '-e', copyStdin] }], routes: [{ channels: ['pager'] }] }));
      await runOk(...PANIC_RULE, '--db', db);
      await runOk('ingest', files.write('d.jsonl', apiLog([600])), '--db', db);

      const run = await runOk('detect', '--notify', config, '--db', db);
      expect(run.stdout).toContain('notifications:\n  incident 1: pager sent\n');
      expect(JSON.parse(readFileSync(received, 'utf8'))).toMatchObject({ kind: 'incident', incident: { id: 1, title: 'api: panic: nil pointer in handler <NUM>' }, alerts: [{ ruleName: 'panic' }] });
      const deliveries = JSON.parse((await runOk('notify', 'deliveries', '--json', '--db', db)).stdout) as Delivery[];
      expect(deliveries).toMatchObject([{ channel: 'pager', incidentId: 1, status: 'sent', attempts: 1 }]);
    });

    it('scores new records with a trained model, storing and grouping its anomalies as ML alerts', async () => {
      const db = await backend.freshLocation();
      await runOk('ingest', files.write('normal.jsonl', jsonLog(traffic(0, 4000))), '--db', db);
      const model = await trainModelOn(db);
      const crash = [0, 1, 2].map((i) => ({ at: WEEK_S + 3000 + i, level: 'ERROR', message: `segfault in worker ${i}` }));
      await runOk('ingest', files.write('later.jsonl', jsonLog([...traffic(WEEK_S, 300), ...crash].sort((a, b) => a.at - b.at))), '--db', db);

      const run = JSON.parse((await runOk('detect', '--ml', '--model', model, '--json', '--db', db)).stdout) as DetectJson & { ml: { scored: number } };
      expect(run.ml.scored).toBe(303);
      const crashAlert = run.alerts.find((a) => a.source === 'ml' && a.factors.some((f) => /"segfault in worker <\w+>" never occurred in training/.test(f.text)));
      expect(crashAlert).toMatchObject({ ruleName: 'ml', scope: { service: 'api' }, incidentId: expect.any(Number) });
      const report = (await runOk('incidents', 'show', String(crashAlert!.incidentId), '--db', db)).stdout;
      expect(report).toMatch(/ANOMALY DETECTED \(score: 1\.00\)\nTimestamp: 2024-01-22 12:50:0\d\nLog: ERROR \[api\] segfault in worker \d\nFactors:\n  - NEW TEMPLATE: /);
      expect((await runOk('detect', '--model', model, '--db', db)).stdout).toBe('nothing new found: no records stored since the last run\n');
    });

    it('refuses what it cannot do with one sentence: a missing rule or model (1), bad flags (2)', async () => {
      const db = await backend.freshLocation();
      expect(await runCli('detect', '--rule', 'nope', '--db', db)).toMatchObject({ code: 1, stderr: 'logtrack: there is no rule named "nope" (see `logtrack rules list`)\n' });
      const empty = files.dir('no-model');
      expect(await runCli('detect', '--ml', '--model', empty, '--db', db)).toMatchObject({
        code: 1, stderr: `logtrack: There is no model in ${empty} (model.json is missing); train one with \`logtrack train --input FILES --output DIR\`\n`,
      });
      expect((await runCli('detect', '--ml', '--db', db)).code).toBe(2);
      expect((await runCli('detect', '--since', 'yesterday-ish', '--db', db)).code).toBe(2);
      expect((await runCli('detect', '--notify', files.write('bad.yaml', 'channels: 3'), '--db', db)).code).toBe(2);
    });

    it('says when there is no rule to run', async () => {
      const db = await backend.freshLocation();
      expect((await runOk('detect', '--db', db)).stdout).toBe('no enabled rules ran: `logtrack init` loads the starter rules\n');
    });
  });
}
