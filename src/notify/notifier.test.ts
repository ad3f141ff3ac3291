import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, AlertDraft, Incident } from '../domain/index.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { createDefaultRegistry } from './builtins.js';
import { createNotifier, type NotifierOptions } from './notifier.js';
import type { Route } from './routing.js';
import { factor, makeAlert, makeIncident, T0 } from './testing/fixtures.js';
import { startReceiver, type Receiver } from './testing/receiver.js';
import type { Channel, NotifyPayload } from './types.js';

let dir: string;
let store: Store;
let receivers: Receiver[];
let clock: number;
const now = (): number => clock;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'notify-'));
  store = await openStore(join(dir, 'test.db'));
  receivers = [];
  clock = T0 + 10 * 60_000;
});
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function receiver(statuses?: number[]): Promise<Receiver> {
  const r = await startReceiver({ statuses });
  receivers.push(r);
  return r;
}

function channel(name: string, type: string, options: Record<string, unknown>): Channel {
  const built = createDefaultRegistry().build({ name, type, ...options });
  if (built.kind === 'error') throw new Error(built.message);
  return built.channel;
}

/** An incident with its alerts, stored for real (the retry path reads them back). */
async function storedIncident(patch: Partial<Incident> = {}, alertPatches: Partial<Alert>[] = [{}]): Promise<{ incident: Incident; alerts: Alert[] }> {
  const { id: _id, ...fields } = makeIncident(patch);
  const incident = await store.createIncident(fields);
  const drafts: AlertDraft[] = alertPatches.map((p, i) => {
    const { id: _a, createdAt: _c, status: _s, incidentId: _i, ...draft } = makeAlert({ ...p, fingerprint: `fp-${incident.id}-${i}` });
    return draft;
  });
  const alerts = await store.insertAlerts(drafts);
  await store.setAlertIncident(alerts.map((a) => a.id), incident.id);
  return { incident, alerts: alerts.map((a) => ({ ...a, incidentId: incident.id })) };
}

function notifier(channels: Channel[], routes: Route[] = [{ channels: channels.map((c) => c.name) }], extra: Partial<NotifierOptions> = {}) {
  return createNotifier({ store, channels, routes, now, linkTemplate: 'https://lt.example.com/incidents/{id}', ...extra });
}

describe('notifier delivery', () => {
  it('delivers to a webhook and records the delivery as sent', async () => {
    const hook = await receiver();
    const { incident, alerts } = await storedIncident();
    const result = await notifier([channel('ops', 'webhook', { url: hook.url })]).notify(incident, alerts);

    expect(result).toEqual({ kind: 'routed', results: [{ kind: 'sent', channel: 'ops', deliveryId: expect.any(Number) }] });
    const body = JSON.parse(hook.received[0].body) as NotifyPayload;
    expect(body.incident.id).toBe(incident.id);
    expect(body.alerts.map((a) => a.id)).toEqual(alerts.map((a) => a.id));
    expect(body.link).toBe(`https://lt.example.com/incidents/${incident.id}`);
    const [delivery] = await store.listDeliveries({ incidentId: incident.id });
    expect(delivery).toMatchObject({ channel: 'ops', status: 'sent', attempts: 1, lastError: null, sentAt: clock, nextAttemptAt: null });
  });

  it('retries after a 500 with backoff, then succeeds on the same delivery', async () => {
    const hook = await receiver([500, 200]);
    const { incident, alerts } = await storedIncident();
    const n = notifier([channel('ops', 'webhook', { url: hook.url })]);

    const first = await n.notify(incident, alerts);
    expect(first).toMatchObject({ kind: 'routed', results: [{ kind: 'retrying', nextAttemptAt: clock + 500, error: expect.stringContaining('HTTP 500') }] });
    const [pending] = await store.listDeliveries({ incidentId: incident.id });
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: clock + 500, lastError: expect.stringContaining('HTTP 500') });

    clock += 499;
    expect(await n.retryDue()).toEqual([]);
    expect(hook.received).toHaveLength(1);

    clock += 1;
    expect(await n.retryDue()).toEqual([{ kind: 'sent', channel: 'ops', deliveryId: pending.id }]);
    expect(hook.received.map((r) => [r.headers['x-logtrack-delivery'], r.headers['x-logtrack-attempt']])).toEqual([
      [String(pending.id), '1'],
      [String(pending.id), '2'],
    ]);
    expect(JSON.parse(hook.received[1].body)).toEqual(JSON.parse(hook.received[0].body));
    const [sent] = await store.listDeliveries({ incidentId: incident.id });
    expect(sent).toMatchObject({ id: pending.id, status: 'sent', attempts: 2, sentAt: clock, nextAttemptAt: null });
    expect(await store.listDeliveries({ incidentId: incident.id })).toHaveLength(1);
  });

  it('gives up after maxAttempts, and at once on a permanent failure', async () => {
    const down = await receiver([500]);
    const gone = await receiver([410]);
    const { incident, alerts } = await storedIncident();
    const n = notifier([channel('down', 'webhook', { url: down.url }), channel('gone', 'webhook', { url: gone.url })], undefined, { maxAttempts: 2 });

    const first = await n.notify(incident, alerts);
    expect(first).toMatchObject({ results: [{ kind: 'retrying', channel: 'down' }, { kind: 'failed', channel: 'gone' }] });
    clock += 60_000;
    expect(await n.retryDue()).toMatchObject([{ kind: 'failed', channel: 'down', error: expect.stringContaining('HTTP 500') }]);
    clock += 60_000;
    expect(await n.retryDue()).toEqual([]);
    const deliveries = await store.listDeliveries({ incidentId: incident.id });
    const byChannel = deliveries.map((d) => [d.channel, d.status, d.attempts]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byChannel).toEqual([['down', 'failed', 2], ['gone', 'failed', 1]]);
    expect(down.received).toHaveLength(2);
    expect(gone.received).toHaveLength(1);
  });

  it('does not re-notify an incident on a channel within the repeat interval', async () => {
    const hook = await receiver();
    const { incident, alerts } = await storedIncident();
    const n = notifier([channel('ops', 'webhook', { url: hook.url })], undefined, { repeatIntervalMinutes: 30 });

    await n.notify(incident, alerts);
    const sentAt = clock;
    clock += 29 * 60_000;
    expect(await n.notify(incident, alerts)).toEqual({ kind: 'routed', results: [{ kind: 'repeat', channel: 'ops', nextAt: sentAt + 30 * 60_000 }] });
    expect(hook.received).toHaveLength(1);

    clock += 60_000;
    expect(await n.notify(incident, alerts)).toMatchObject({ results: [{ kind: 'sent' }] });
    expect(hook.received).toHaveLength(2);
  });

  it('does not start a second delivery while one waits for a retry', async () => {
    const hook = await receiver([500]);
    const { incident, alerts } = await storedIncident();
    const n = notifier([channel('ops', 'webhook', { url: hook.url })]);
    await n.notify(incident, alerts);
    expect(await n.notify(incident, alerts)).toMatchObject({ results: [{ kind: 'in_flight', channel: 'ops' }] });
    expect(hook.received).toHaveLength(1);
    expect(await store.listDeliveries({ incidentId: incident.id })).toHaveLength(1);
  });

  it('stops retrying once a silence covers the incident', async () => {
    const hook = await receiver([500, 200]);
    const { incident, alerts } = await storedIncident();
    const n = notifier([channel('ops', 'webhook', { url: hook.url })]);
    await n.notify(incident, alerts);
    const silence = await store.addSilence({ target: { kind: 'service', value: 'auth' }, until: clock + 3_600_000, reason: 'deploy', createdBy: null });
    clock += 60_000;
    expect(await n.retryDue()).toMatchObject([{ kind: 'failed', error: `silenced since the first attempt (silence ${silence.id})` }]);
    expect(hook.received).toHaveLength(1);
  });

  it('fails a pending retry whose channel is no longer configured', async () => {
    const hook = await receiver([500]);
    const { incident, alerts } = await storedIncident();
    await notifier([channel('old', 'webhook', { url: hook.url })]).notify(incident, alerts);
    clock += 60_000;
    const results = await notifier([channel('new', 'command', {})]).retryDue();
    expect(results).toMatchObject([{ kind: 'failed', channel: 'old', error: 'channel "old" is no longer configured' }]);
  });
});

describe('notifier silences and routing', () => {
  it('sends nothing while a silence covers the incident, and again once it expires', async () => {
    const hook = await receiver();
    const { incident, alerts } = await storedIncident();
    const silence = await store.addSilence({ target: { kind: 'rule', value: 'auth-failures' }, until: clock + 60_000, reason: 'maintenance', createdBy: null });
    const n = notifier([channel('ops', 'webhook', { url: hook.url })]);

    expect(await n.notify(incident, alerts)).toEqual({ kind: 'silenced', by: [silence] });
    clock += 60_000;
    expect(await n.notify(incident, alerts)).toMatchObject({ kind: 'routed', results: [{ kind: 'sent' }] });
    expect(hook.received).toHaveLength(1);
  });

  it('leaves silenced alerts out of the payload', async () => {
    const hook = await receiver();
    const { incident, alerts } = await storedIncident({}, [{}, { ruleName: 'error-ratio', ruleId: 8, factors: [factor('error ratio 40%', 0.5)] }]);
    await store.addSilence({ target: { kind: 'rule', value: 'auth-failures' }, until: clock + 60_000, reason: 'known', createdBy: 'alice' });
    await notifier([channel('ops', 'webhook', { url: hook.url })]).notify(incident, alerts);
    const body = JSON.parse(hook.received[0].body) as NotifyPayload;
    expect(body.alerts.map((a) => a.ruleName)).toEqual(['error-ratio']);
    expect(body.topFactors.map((f) => f.text)).toEqual(['error ratio 40%']);
  });

  it('routes by severity, rule and service to the right channels', async () => {
    const slack = await receiver();
    const security = await receiver();
    const routes: Route[] = [
      { channels: ['chat'], minSeverity: 'HIGH' },
      { channels: ['security'], rules: ['auth-failures'], services: ['auth'] },
    ];
    const n = notifier([channel('chat', 'slack', { url: slack.url }), channel('security', 'webhook', { url: security.url })], routes);

    const login = await storedIncident({ severity: 'MEDIUM', services: ['auth'] });
    expect(await n.notify(login.incident, login.alerts)).toMatchObject({ results: [{ kind: 'sent', channel: 'security' }] });
    const db = await storedIncident({ severity: 'CRITICAL', services: ['db'] }, [{ ruleName: 'error-ratio' }]);
    expect(await n.notify(db.incident, db.alerts)).toMatchObject({ results: [{ kind: 'sent', channel: 'chat' }] });
    const minor = await storedIncident({ severity: 'LOW', services: ['web'] }, [{ ruleName: 'keyword' }]);
    expect(await n.notify(minor.incident, minor.alerts)).toEqual({ kind: 'unrouted' });

    expect(slack.received).toHaveLength(1);
    expect(JSON.parse(slack.received[0].body)).toMatchObject({ text: expect.stringContaining('[CRITICAL]'), blocks: expect.any(Array) });
    expect(security.received).toHaveLength(1);
  });

  it('treats a channel that throws as a retryable failure', async () => {
    const { incident, alerts } = await storedIncident();
    const flaky: Channel = { name: 'flaky', type: 'plugin', send: async () => Promise.reject(new Error('boom')) };
    expect(await notifier([flaky]).notify(incident, alerts)).toMatchObject({
      results: [{ kind: 'retrying', channel: 'flaky', error: 'channel "flaky" threw: boom' }],
    });
  });
});
