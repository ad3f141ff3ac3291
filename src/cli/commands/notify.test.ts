import { afterAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../../notify/testing/receiver.js';
import { BACKENDS } from '../../store/testing/backends.js';
import { apiLog, PANIC_RULE, runCli, runOk, tempFiles } from './testing.js';

const files = tempFiles();
afterAll(() => files.cleanup());

describe('logtrack notify test', () => {
  it('sends a test message to every channel and says how each went', async () => {
    const receiver = await startReceiver();
    try {
      const config = files.write('notify.yaml', [
        'channels:',
        `  - { name: ops, type: webhook, url: "${receiver.url}", secret: a-secret-long-enough-to-sign-with }`,
        '  - { name: console, type: command }',
      ].join('\n'));
      const run = await runOk('notify', 'test', '--config', config);
      expect(run.stdout).toContain('[LogTrack] LOW incident #0: LogTrack test notification: this channel works');
      expect(run.stdout).toContain('ops (webhook): sent\n');
      expect(run.stdout).toContain('console (command): sent\n');
      expect(receiver.received).toHaveLength(1);
      expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ kind: 'incident', incident: { title: 'LogTrack test notification: this channel works' } });
    } finally {
      await receiver.close();
    }
  });

  it('exits 1 when a channel fails, naming why; --channel picks one', async () => {
    const config = files.write('failing.yaml', `channels:\n  - { name: broken, type: command, command: ["${process.execPath}", "-e", "process.exit(3)"] }\n  - { name: fine, type: command, command: ["${process.execPath}", "-e", "0"] }\n`);
    const all = await runCli('notify', 'test', '--config', config);
    expect(all.code).toBe(1);
    expect(all.stdout).toBe(`broken (command): FAILED: ${process.execPath} exited with code 3\nfine (command): sent\n`);
    expect(await runCli('notify', 'test', '--config', config, '--channel', 'fine')).toMatchObject({ code: 0, stdout: 'fine (command): sent\n' });
    expect(await runCli('notify', 'test', '--config', config, '--channel', 'pager')).toMatchObject({ code: 2, stderr: `logtrack: ${config} has no channel named "pager"\n` });
  });

  it('refuses an invalid config with its one-sentence reason, exit 2', async () => {
    const config = files.write('bad.yaml', 'channels:\n  - { name: ops, type: pigeon }\n');
    const run = await runCli('notify', 'test', '--config', config);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^logtrack: notify config: channel "ops": unknown type "pigeon" \(known: [a-z, ]+\)\n$/);
  });
});

for (const backend of BACKENDS) {
  describe(`logtrack notify deliveries (${backend.name})`, () => {
    afterAll(() => backend.cleanup());

    it('shows sent and failed deliveries, filtered by status', async () => {
      const db = await backend.freshLocation();
      const config = files.write('deliver.json', JSON.stringify({
        max_attempts: 1,
        channels: [
          { name: 'ok', type: 'command', command: [process.execPath, '-e', '0'] },
          { name: 'down', type: 'command', command: [process.execPath, '-e', 'process.exit(1)'] },
        ],
        routes: [{ channels: ['ok', 'down'] }],
      }));
      await runOk(...PANIC_RULE, '--db', db);
      await runOk('ingest', files.write('a.jsonl', apiLog([600])), '--db', db);
      await runOk('detect', '--notify', config, '--db', db);

      const table = (await runOk('notify', 'deliveries', '--db', db)).stdout.split('\n');
      expect(table[0]).toMatch(/^ID +CHANNEL +INCIDENT +STATUS +ATTEMPTS +CREATED +WHEN +LAST ERROR$/);
      expect(table.slice(1, 3)).toEqual(expect.arrayContaining([
        expect.stringMatching(/^\d +down +1 +failed +1 .* - +.*exited with code 1$/),
        expect.stringMatching(/^\d +ok +1 +sent +1 .* sent \d{4}-.* -$/),
      ]));
      const failed = JSON.parse((await runOk('notify', 'deliveries', '--status', 'failed', '--json', '--db', db)).stdout);
      expect(failed).toMatchObject([{ channel: 'down', status: 'failed', attempts: 1 }]);
      expect((await runOk('notify', 'deliveries', '--incident', '2', '--db', db)).stdout).toBe('no deliveries match\n');
    });
  });
}
