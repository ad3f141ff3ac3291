import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../store/testing/backends.js';
import { runCli, runOk, tempFiles } from './testing.js';

const files = tempFiles();
afterAll(async () => {
  files.cleanup();
  for (const b of BACKENDS) await b.cleanup();
});

const generic = (n: number, from = 0) =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const ts = new Date(Date.UTC(2024, 0, 15, 10) + i * 60_000).toISOString();
    return i % 4 === 0 ? `${ts} ERROR auth user=alice Login failed from 10.0.0.${i}` : `${ts} INFO api Request ${i} served in ${i * 3} ms`;
  }).join('\n') + '\n';

for (const backend of BACKENDS) {
  describe(`${backend.name}: ingest, logs, templates and parse from the command line`, () => {
    it('ingests with a JSON summary, is idempotent, and the records come back through logs', async () => {
      const db = await backend.freshLocation();
      const file = files.write(`app-${backend.name}.log`, generic(40));
      const first = JSON.parse((await runOk('ingest', file, '--db', db, '--json')).stdout);
      expect(first).toMatchObject({ linesRead: 40, recordsStored: 40, rejected: 0 });
      expect(first.files[0]).toMatchObject({ kind: 'ingested', format: 'line (preset generic)' });
      const again = JSON.parse((await runOk('ingest', file, '--db', db, '--json')).stdout);
      expect(again.recordsStored).toBe(0);

      const errors = JSON.parse((await runOk('logs', '--db', db, '--level', 'ERROR', '--json', '--limit', '100')).stdout);
      expect(errors).toHaveLength(10);
      expect(errors.every((r: { user: string; level: string }) => r.user === 'alice' && r.level === 'ERROR')).toBe(true);
      const grep = JSON.parse((await runOk('logs', '--db', db, '--grep', 'REQUEST 5 ', '--json')).stdout);
      expect(grep.map((r: { message: string }) => r.message)).toEqual(['Request 5 served in 15 ms']);
      const text = (await runOk('logs', '--db', db, '--service', 'auth', '--limit', '1')).stdout;
      expect(text).toMatch(/ERROR \[auth\] user=alice .*Login failed/);

      const templates = JSON.parse((await runOk('templates', '--db', db, '--json')).stdout) as { id: number; count: number; text: string }[];
      expect(templates.reduce((n, t) => n + t.count, 0)).toBe(40);
      const login = templates.find((t) => t.text.includes('Login failed'))!;
      await runOk('templates', 'rename', String(login.id), 'Failed logins', '--db', db);
      await runOk('templates', 'freeze', String(login.id), '--db', db);
      const after = JSON.parse((await runOk('templates', '--db', db, '--json')).stdout) as { id: number; name: string; frozen: boolean }[];
      expect(after.find((t) => t.id === login.id)).toMatchObject({ name: 'Failed logins', frozen: true });

      // Templates keep their ids and names across a restart and a re-mine of new lines.
      const more = files.write(`more-${backend.name}.log`, generic(8, 100));
      await runOk('ingest', more, '--db', db);
      const later = JSON.parse((await runOk('templates', '--db', db, '--json')).stdout) as { id: number; name: string; count: number }[];
      expect(later.find((t) => t.id === login.id)).toMatchObject({ name: 'Failed logins', count: 12 });
    });

    it('rejects bad input with one sentence and exit code 2', async () => {
      const db = await backend.freshLocation();
      const missing = await runCli('ingest', '/no/such/file.log', '--db', db);
      expect(missing.code).toBe(2);
      expect(missing.stderr.trim()).toBe('logtrack: /no/such/file.log does not exist');
      const badFormat = await runCli('ingest', files.write('x.log', 'x\n'), '--db', db, '--format', 'xml');
      expect(badFormat.code).toBe(2);
      const badPreset = await runCli('ingest', files.write('y.log', 'y\n'), '--db', db, '--preset', 'Nope');
      expect(badPreset.code).toBe(2);
      expect(badPreset.stderr).toMatch(/Nope/);
      const unknown = await runCli('ingest', files.write('prose.txt', 'Once upon a time\nthere was a log\n'), '--db', db);
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toMatch(/could not recognise the log format/);
      const badLimit = await runCli('logs', '--db', db, '--limit', 'many');
      expect(badLimit.code).toBe(2);
      expect(badLimit.stderr).toMatch(/--limit must be a positive integer, got "many"/);
    });
  });
}

describe('parse', () => {
  it('writes LineId,EventId,EventTemplate with LineId counting from 1', async () => {
    const file = files.write('parse.log', generic(6));
    const csv = (await runOk('parse', file, '--csv')).stdout.trim().split('\n');
    expect(csv[0]).toBe('LineId,EventId,EventTemplate');
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['1', '2', '3', '4', '5', '6']);
    const ids = csv.slice(1).map((l) => l.split(',')[1]);
    expect(ids[0]).toBe('E1');
    expect(ids[4]).toBe(ids[0]);
    expect(ids[1]).not.toBe(ids[0]);
  });
});
