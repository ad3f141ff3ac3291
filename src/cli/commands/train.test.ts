import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOk, tempFiles } from './testing.js';

const files = tempFiles();
afterAll(() => files.cleanup());

/** Request lines of two services, each request a short session: login, query, logout. */
function requestLog(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const ts = (s: number) => new Date(Date.UTC(2026, 0, 5) + i * 4000 + s * 500).toISOString();
    const svc = i % 2 ? 'api' : 'web';
    lines.push(`${ts(0)} INFO ${svc} user=u${i % 9} login request=r${i}`, `${ts(1)} INFO ${svc} user=u${i % 9} query request=r${i} table=t${i % 4}`, `${ts(2)} INFO ${svc} user=u${i % 9} logout request=r${i}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('logtrack train', () => {
  const log = files.write('requests.log', requestLog(150));

  it('says that without sessions the order of events is not learned, and how to name them', async () => {
    const run = await runOk('train', '--input', log, '--db', join(files.dir('a'), 'a.db'), '--output', files.dir('model-a'), '--no-lstm');
    expect(run.stdout).toMatch(/in 0 sessions/);
    expect(run.stderr).toMatch(/no sessions, so the order of events is not learned; .*--session-key/);
  }, 60_000);

  it('learns sessions from a key field and says nothing about them then', async () => {
    const run = await runOk('train', '--input', log, '--db', join(files.dir('b'), 'b.db'), '--output', files.dir('model-b'), '--no-lstm', '--session-key', 'field:request');
    expect(run.stdout).toMatch(/in 150 sessions/);
    expect(run.stderr).not.toMatch(/no sessions/);
  }, 60_000);
});
