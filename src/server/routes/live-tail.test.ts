import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredLog } from '../../domain/index.js';
import type { LogRow, Store } from '../../store/store.js';
import { BACKENDS } from '../../store/testing/backends.js';
import { buildApp } from '../app.js';
import { addUser, signIn } from '../testing.js';

const row = (service: string, message: string): LogRow => ({
  ts: Date.now(), service, level: 'ERROR', message, attrs: {}, source: { file: 'live.log', line: 1, offset: 0 }, templateId: null, params: [],
});

/** Read server-sent events from a streaming response until `done` says stop. */
async function readEvents(body: ReadableStream<Uint8Array>, done: (events: { event: string; data: unknown }[]) => boolean) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: unknown }[] = [];
  let buffer = '';
  while (!done(events)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const chunk = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(chunk)?.[1];
      const data = /^data: (.*)$/m.exec(chunk)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  }
  await reader.cancel();
  return events;
}

for (const backend of BACKENDS) {
  describe(`live tail over SSE (${backend.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let base: string;
    let cookie: string;

    beforeAll(async () => {
      store = await backend.open();
      await addUser(store, 'vic', 'viewer');
      await store.appendBatch({ rows: [row('api', 'old news')], rejects: [] });
      app = await buildApp({ store, webRoot: null, tail: { pollMs: 50, maxLagRows: 1000, heartbeatMs: 10_000 } });
      cookie = (await signIn(app, 'vic')).cookie;
      base = await app.listen({ host: '127.0.0.1', port: 0 });
    });
    afterAll(async () => {
      await app.close();
      await store.close();
      await backend.cleanup();
    });

    it('streams records stored after it connects, filtered by service', async () => {
      const res = await fetch(`${base}/api/v1/logs/stream?service=api`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      setTimeout(() => {
        void store.appendBatch({ rows: [row('db', 'not for you'), row('api', 'fresh 1'), row('api', 'fresh 2')], rejects: [] });
      }, 150);
      const events = await readEvents(res.body!, (evs) => evs.filter((e) => e.event === 'log').length >= 2);
      expect(events[0]!.event).toBe('ready');
      expect(events.filter((e) => e.event === 'log').map((e) => (e.data as StoredLog).message)).toEqual(['fresh 1', 'fresh 2']);
    });

    it('resumes after Last-Event-ID on reconnect', async () => {
      const [first] = (await store.queryLogs({ grep: 'fresh 1' })).rows;
      const res = await fetch(`${base}/api/v1/logs/stream?service=api`, { headers: { cookie, 'last-event-id': String(first!.id) } });
      const events = await readEvents(res.body!, (evs) => evs.some((e) => e.event === 'log'));
      expect((events.find((e) => e.event === 'log')!.data as StoredLog).message).toBe('fresh 2');
    });

    it('refuses anonymous clients', async () => {
      const res = await fetch(`${base}/api/v1/logs/stream`);
      expect(res.status).toBe(401);
    });
  });
}
