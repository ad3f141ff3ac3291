import { afterEach, describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../builtins.js';
import { buildPayload } from '../payload.js';
import type { ChannelEntry } from '../registry.js';
import { startReceiver, type Receiver } from '../testing/receiver.js';
import { makeAlert, makeIncident } from '../testing/fixtures.js';
import type { Channel } from '../types.js';
import { signBody, verifySignature } from './webhook.js';

const payload = buildPayload(makeIncident({ id: 9 }), [makeAlert()], { linkTemplate: 'https://lt.example.com/i/{id}' });
const meta = { deliveryId: 77, attempt: 2 };

function webhook(options: Omit<ChannelEntry, 'name' | 'type'>): Channel {
  const built = createDefaultRegistry().build({ name: 'hook', type: 'webhook', ...options });
  if (built.kind === 'error') throw new Error(built.message);
  return built.channel;
}

let receiver: Receiver | undefined;
afterEach(async () => receiver?.close());

describe('webhook channel', () => {
  it('POSTs the payload as JSON with delivery headers and the configured headers', async () => {
    receiver = await startReceiver();
    expect(await webhook({ url: receiver.url, headers: { 'x-team': 'sre' } }).send(payload, meta)).toEqual({ kind: 'sent' });
    const [request] = receiver.received;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/hook');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-team']).toBe('sre');
    expect(request.headers['x-logtrack-delivery']).toBe('77');
    expect(request.headers['x-logtrack-attempt']).toBe('2');
    expect(request.headers['x-logtrack-signature']).toBeUndefined();
    expect(JSON.parse(request.body)).toEqual(payload);
  });

  it('signs timestamp and body with the secret, verifiable by the receiver', async () => {
    receiver = await startReceiver();
    const secret = 'a-secret-of-sufficient-length';
    await webhook({ url: receiver.url, secret }).send(payload, meta);
    const { headers, body } = receiver.received[0];
    const timestamp = String(headers['x-logtrack-timestamp']);
    const signature = String(headers['x-logtrack-signature']);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(secret, timestamp, body, signature)).toBe(true);
    expect(verifySignature('another-secret-of-length', timestamp, body, signature)).toBe(false);
    expect(verifySignature(secret, timestamp, `${body} `, signature)).toBe(false);
    expect(signBody(secret, timestamp, body)).toBe(signature);
  });

  it('reports a 5xx as retryable and a 4xx as permanent, with the status and body', async () => {
    receiver = await startReceiver({ statuses: [503, 404] });
    const channel = webhook({ url: receiver.url });
    expect(await channel.send(payload, meta)).toEqual({ kind: 'failed', error: expect.stringMatching(/^127\.0\.0\.1:\d+ answered HTTP 503: status 503$/), retryable: true });
    expect(await channel.send(payload, meta)).toMatchObject({ kind: 'failed', error: expect.stringContaining('HTTP 404'), retryable: false });
  });

  it('reports a timeout as retryable', async () => {
    receiver = await startReceiver({ delayMs: 1_000 });
    expect(await webhook({ url: receiver.url, timeout_ms: 100 }).send(payload, meta)).toEqual({
      kind: 'failed',
      error: expect.stringMatching(/did not answer within 100 ms$/),
      retryable: true,
    });
  });

  it('reports an unreachable endpoint as retryable, naming the host but not the path', async () => {
    receiver = await startReceiver();
    const url = `${receiver.url}/secret-token`;
    await receiver.close();
    receiver = undefined;
    const outcome = await webhook({ url }).send(payload, meta);
    expect(outcome).toMatchObject({ kind: 'failed', retryable: true, error: expect.stringMatching(/^cannot reach 127\.0\.0\.1:\d+: ECONNREFUSED$/) });
  });
});
