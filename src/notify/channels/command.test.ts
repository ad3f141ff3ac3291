import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../builtins.js';
import { buildPayload } from '../payload.js';
import type { ChannelEntry } from '../registry.js';
import { factor, makeAlert, makeIncident } from '../testing/fixtures.js';
import type { Channel } from '../types.js';
import { incidentLine } from './command.js';

const payload = buildPayload(makeIncident({ id: 3 }), [makeAlert({ factors: [factor('30 failed logins', 0.9)] })], { linkTemplate: 'https://lt.example.com/i/{id}' });
const meta = { deliveryId: 5, attempt: 1 };

function command(options: Omit<ChannelEntry, 'name' | 'type'>, stdout = new PassThrough()): Channel {
  const built = createDefaultRegistry().build({ name: 'cmd', type: 'command', ...options }, { stdout });
  if (built.kind === 'error') throw new Error(built.message);
  return built.channel;
}

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('command channel', () => {
  it('writes one line per incident to stdout without a command', async () => {
    const out = new PassThrough();
    expect(await command({}, out).send(payload, meta)).toEqual({ kind: 'sent' });
    expect(out.read().toString()).toBe(`${incidentLine(payload)}\n`);
    expect(incidentLine(payload)).toBe('[LogTrack] HIGH incident #3: Failed logins for carol | services=auth | why: 30 failed logins | https://lt.example.com/i/3');
  });

  it('runs the command without a shell, with the JSON payload on stdin and the delivery in its environment', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'notify-cmd-'));
    dirs.push(dir);
    const file = join(dir, 'got.json');
    const script = `let s='';process.stdin.on('data',c=>s+=c).on('end',()=>require('fs').writeFileSync(process.argv[1],JSON.stringify({stdin:s,id:process.env.LOGTRACK_DELIVERY_ID})))`;
    expect(await command({ command: [process.execPath, '-e', script, file] }).send(payload, meta)).toEqual({ kind: 'sent' });
    const got = JSON.parse(await readFile(file, 'utf8')) as { stdin: string; id: string };
    expect(JSON.parse(got.stdin)).toEqual(payload);
    expect(got.id).toBe('5');
  });

  it('passes shell syntax through as a plain argument', async () => {
    const script = `process.exit(process.argv[1] === '$(echo hi); rm -rf /' ? 0 : 1)`;
    expect(await command({ command: [process.execPath, '-e', script, '$(echo hi); rm -rf /'] }).send(payload, meta)).toEqual({ kind: 'sent' });
  });

  it('reports a non-zero exit with the end of stderr, as retryable', async () => {
    const script = `process.stdin.resume();process.stdin.on('end',()=>{console.error('receiver is down');process.exit(3)})`;
    expect(await command({ command: [process.execPath, '-e', script] }).send(payload, meta)).toEqual({
      kind: 'failed',
      error: `${process.execPath} exited with code 3: receiver is down`,
      retryable: true,
    });
  });

  it('stops a command that runs past the timeout', async () => {
    const outcome = await command({ command: [process.execPath, '-e', 'setTimeout(() => {}, 10000)'], timeout_ms: 200 }).send(payload, meta);
    expect(outcome).toMatchObject({ kind: 'failed', retryable: true, error: expect.stringContaining('was stopped by SIGTERM') });
  });

  it('reports a missing program as permanent', async () => {
    expect(await command({ command: ['/nonexistent/logtrack-notify-hook'] }).send(payload, meta)).toEqual({
      kind: 'failed',
      error: 'cannot run /nonexistent/logtrack-notify-hook: ENOENT',
      retryable: false,
    });
  });
});
