/** Generic JSON webhook: POSTs the payload, optionally signed with an HMAC-SHA256 of timestamp and body. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { postJson } from '../http.js';
import type { ChannelFactory } from '../registry.js';
import { httpUrl, timeoutMs } from './options.js';

export const SIGNATURE_HEADER = 'x-logtrack-signature';
export const TIMESTAMP_HEADER = 'x-logtrack-timestamp';
export const DELIVERY_HEADER = 'x-logtrack-delivery';
export const ATTEMPT_HEADER = 'x-logtrack-attempt';

const options = z.strictObject({
  url: httpUrl(),
  headers: z.record(z.string(), z.string({ error: 'must be strings' })).default({}),
  secret: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  timeout_ms: timeoutMs(),
});

/** `sha256=<hex>` over `<timestamp>.<body>`: receivers recompute it with the shared secret. */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Receiver side: true when `signature` matches, compared in constant time. */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export const webhookChannel: ChannelFactory<z.output<typeof options>> = {
  description: 'POST the incident as JSON to a URL (optional headers and HMAC signature)',
  options,
  create: (name, opts) => ({
    name,
    type: 'webhook',
    send: async (payload, meta) => {
      const body = JSON.stringify(payload);
      const headers: Record<string, string> = { ...opts.headers, [DELIVERY_HEADER]: String(meta.deliveryId), [ATTEMPT_HEADER]: String(meta.attempt) };
      if (opts.secret) {
        const timestamp = String(Date.now());
        headers[TIMESTAMP_HEADER] = timestamp;
        headers[SIGNATURE_HEADER] = signBody(opts.secret, timestamp, body);
      }
      return postJson(opts.url, body, { headers, timeoutMs: opts.timeout_ms });
    },
  }),
};
