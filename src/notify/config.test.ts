import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNotifyConfig, parseNotifyConfig, parseNotifyConfigText } from './config.js';

const YAML = `
link: https://lt.example.com/incidents/{id}
repeat_interval_minutes: 30
backoff: { base_ms: 1000 }
channels:
  - { name: ops, type: webhook, url: "https://hooks.example.com/lt", secret: a-long-enough-secret, headers: { x-team: sre } }
  - { name: chat, type: slack, url: "https://hooks.slack.com/services/T/B/X" }
  - { name: console, type: command }
routes:
  - { channels: [console] }
  - { channels: [chat, ops], min_severity: HIGH, services: [auth, db], rules: [auth-failures] }
`;

const errorOf = (input: unknown): string => {
  const outcome = parseNotifyConfig(input);
  return outcome.kind === 'error' ? outcome.message : 'no error';
};

describe('notify config', () => {
  it('builds the channels and routes, with defaults for what is left out', () => {
    const outcome = parseNotifyConfigText(YAML);
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    const { config } = outcome;
    expect(config.channels.map((c) => [c.name, c.type])).toEqual([['ops', 'webhook'], ['chat', 'slack'], ['console', 'command']]);
    expect(config.routes).toEqual([
      { channels: ['console'], rules: undefined, minSeverity: undefined, services: undefined },
      { channels: ['chat', 'ops'], rules: ['auth-failures'], minSeverity: 'HIGH', services: ['auth', 'db'] },
    ]);
    expect(config).toMatchObject({ repeatIntervalMinutes: 30, maxAttempts: 5, backoff: { baseMs: 1000, factor: 2, maxMs: 60_000 }, linkTemplate: 'https://lt.example.com/incidents/{id}' });
  });

  it('accepts JSON and an empty document', () => {
    expect(parseNotifyConfigText('{"channels": [{"name": "c", "type": "command"}]}').kind).toBe('ok');
    const empty = parseNotifyConfigText('');
    expect(empty.kind === 'ok' && empty.config.channels).toEqual([]);
  });

  it('explains each mistake in one sentence', () => {
    expect(errorOf({ channels: [{ name: 'ops', type: 'webhook', url: 'ftp://x' }] })).toBe('notify config: channel "ops": url must be an http(s) URL');
    expect(errorOf({ channels: [{ name: 'ops', type: 'webhook' }] })).toBe('notify config: channel "ops": url is required');
    expect(errorOf({ channels: [{ name: 'a', type: 'command' }, { name: 'a', type: 'command' }] })).toBe('notify config: channel name "a" is used twice');
    expect(errorOf({ channels: [{ name: 'a', type: 'command' }], routes: [{ channels: ['b'] }] })).toBe(
      'notify config: routes[0] sends to unknown channel "b" (defined: a)',
    );
    expect(errorOf({ routes: [{ channels: [], min_severity: 'HIGH' }] })).toMatch(/^notify config: routes\[0\]\.channels must name at least one channel$/);
    expect(errorOf({ routes: [{ channels: ['a'], min_severity: 'URGENT' }] })).toBe('notify config: routes[0].min_severity must be one of LOW, MEDIUM, HIGH, CRITICAL');
    expect(errorOf({ repeat_interval: 5 })).toBe('notify config: unknown field "repeat_interval"');
    expect(errorOf({ link: 'https://lt.example.com/incidents' })).toBe('notify config: link must be an http(s) URL containing {id}');
    expect(errorOf({ channels: [{ name: 'c', type: 'command', command: [] }] })).toBe('notify config: channel "c": command must name a program');
    expect(errorOf({ channels: [{ name: 'w', type: 'webhook', url: 'https://x.example', secret: 'short' }] })).toBe(
      'notify config: channel "w": secret must be at least 16 characters',
    );
  });

  it('reports YAML syntax errors and unreadable files as values', async () => {
    const bad = parseNotifyConfigText('channels: [unclosed');
    expect(bad.kind === 'error' && bad.message).toMatch(/^notify config: not valid YAML or JSON: /);

    const dir = await mkdtemp(join(tmpdir(), 'notify-config-'));
    try {
      const missing = await loadNotifyConfig(join(dir, 'missing.yaml'));
      expect(missing.kind === 'error' && missing.message).toMatch(/^notify config: cannot read .*missing\.yaml: ENOENT$/);
      await writeFile(join(dir, 'notify.yaml'), YAML);
      expect((await loadNotifyConfig(join(dir, 'notify.yaml'))).kind).toBe('ok');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
