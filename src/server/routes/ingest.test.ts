import { Readable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRule } from '../../detect/rules/schema.js';
import { encodeExportLogsResponse } from '../../ingest/otlp-protobuf.js';
import { otlp, pb, type PbField } from '../../ingest/testing.js';
import { createIngestWriter, ingestWriterOf } from '../../ingest/writer.js';
import type { Store } from '../../store/store.js';
import { BACKENDS } from '../../store/testing/backends.js';
import { buildApp } from '../app.js';
import { issueToken } from '../auth/accounts.js';
import { addUser } from '../testing.js';

const T = Date.UTC(2026, 2, 1, 12, 0, 0);
const iso = (s: number) => new Date(T + s * 1000).toISOString();
const ndjson = (objects: object[]) => objects.map((o) => JSON.stringify(o)).join('\n') + '\n';

async function tokenFor(store: Store, user: string): Promise<string> {
  const issued = await issueToken(store, { userName: user, name: `${user}-push` });
  if (issued.kind !== 'issued') throw new Error(`no token for ${user}`);
  return issued.token;
}

/** One sentence: a single clause ending without a second full stop inside. */
const ONE_SENTENCE = /^[^.\n]+(\.[^ .\n][^.\n]*)*$/;

for (const backend of BACKENDS) {
  describe(`push ingestion over HTTP (${backend.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let viewerToken: string;
    let adminToken: string;

    beforeAll(async () => {
      store = await backend.open();
      await addUser(store, 'vic', 'viewer');
      await addUser(store, 'ada', 'admin');
      viewerToken = await tokenFor(store, 'vic');
      adminToken = await tokenFor(store, 'ada');
      const rule = parseRule({ name: 'panic', type: 'keyword', pattern: 'panic', severity: 'HIGH' });
      if (rule.kind === 'error') throw new Error(rule.message);
      await store.createRule(rule.rule);
      app = await buildApp({ store, webRoot: null });
    });
    afterAll(async () => {
      await app.close();
      await store.close();
      await backend.cleanup();
    });

    const push = (payload: string, opts: { type?: string; url?: string; token?: string | null } = {}) =>
      app.inject({
        method: 'POST', url: opts.url ?? '/api/v1/ingest', payload,
        headers: {
          'content-type': opts.type ?? 'application/x-ndjson',
          ...(opts.token === null ? {} : { authorization: `Bearer ${opts.token ?? viewerToken}` }),
        },
      });

    it('stores NDJSON lines, mined, and answers only once they are stored', async () => {
      const res = await push(ndjson([
        { ts: iso(1), level: 'info', service: 'api', message: 'GET /orders/1 took 12 ms', user: 'alice' },
        { ts: iso(2), level: 'warn', service: 'api', message: 'GET /orders/2 took 950 ms', host: 'web-1' },
      ]));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ accepted: 2, rejected: 0, rejects: [] });
      const { rows } = await store.queryLogs({ service: 'api', order: 'asc' });
      expect(rows.map((r) => [r.ts, r.level, r.message, r.user ?? null, r.host ?? null])).toEqual([
        [T + 1000, 'INFO', 'GET /orders/1 took 12 ms', 'alice', null],
        [T + 2000, 'WARN', 'GET /orders/2 took 950 ms', null, 'web-1'],
      ]);
      expect(rows.every((r) => r.templateId !== null)).toBe(true);
      expect(rows[0]!.source).toEqual({ file: 'http', line: 1, offset: 0 });
    });

    it('keeps the good lines of NDJSON and stores the bad ones as rejects with their index', async () => {
      const body = `${JSON.stringify({ ts: iso(3), service: 'nd', message: 'first' })}\n{not json\n\n${JSON.stringify({ service: 'nd', message: 'no time' })}\n`;
      const res = await push(body);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ accepted: 1, rejected: 2, rejects: [{ index: 1, reason: 'invalid JSON' }, { index: 3, reason: 'missing timestamp' }] });
      const rejects = await store.listRejects();
      expect(rejects.map((r) => r.raw)).toEqual(expect.arrayContaining(['{not json', '{"service":"nd","message":"no time"}']));
    });

    it('takes a JSON array, with ?service= for objects that name none and field overrides', async () => {
      const res = await push(JSON.stringify([{ when: iso(4), text: 'cache warmed' }, { when: iso(5), text: 'cache flushed', app: 'cache-9' }, { text: 'no time' }]), {
        type: 'application/json; charset=utf-8', url: '/api/v1/ingest?service=cache&tsField=when&messageField=text',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ accepted: 2, rejected: 1, rejects: [{ index: 2, reason: 'missing timestamp' }] });
      const { rows } = await store.queryLogs({ grep: 'cache', order: 'asc' });
      expect(rows.map((r) => [r.service, r.message, r.ts])).toEqual([['cache', 'cache warmed', T + 4000], ['cache-9', 'cache flushed', T + 5000]]);
    });

    it('refuses a body that is not a JSON array with 400 and one sentence', async () => {
      for (const payload of ['[{"ts": 1,', '42', '']) {
        const res = await push(payload, { type: 'application/json' });
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toMatch(ONE_SENTENCE);
      }
      const res = await push('hello', { type: 'text/plain' });
      expect(res.statusCode).toBe(415);
      expect(res.json().error).toContain('application/x-ndjson');
    });

    it('needs a valid token, and any role may push', async () => {
      const anonymous = await push(ndjson([{ ts: iso(6), message: 'x' }]), { token: null });
      expect(anonymous.statusCode).toBe(401);
      const forged = await push(ndjson([{ ts: iso(6), message: 'x' }]), { token: 'lt_not_a_real_token' });
      expect(forged.statusCode).toBe(401);
      expect(forged.json().error).toMatch(/token/);
      for (const token of [viewerToken, adminToken]) {
        const res = await push(ndjson([{ ts: iso(7), service: 'roles', message: `pushed with ${token === adminToken ? 'admin' : 'viewer'} token` }]), { token });
        expect(res.statusCode).toBe(200);
      }
      expect(await store.countLogs({ service: 'roles' })).toBe(2);
    });

    it('answers 413 to a body over the limit and stores nothing of it', async () => {
      const before = await store.countLogs();
      const big = ndjson([{ ts: iso(8), message: 'x'.repeat(17 * 1024 * 1024) }]);
      const res = await push(big);
      expect(res.statusCode).toBe(413);
      expect(await store.countLogs()).toBe(before);
    });

    it('runs detection after a commit: a keyword line becomes an alert', async () => {
      const res = await push(ndjson([{ ts: iso(10), service: 'kernel', level: 'error', message: 'kernel panic - not syncing' }]));
      expect(res.statusCode).toBe(200);
      await ingestWriterOf(store)!.idle();
      const { rows } = await store.listAlerts({ rule: 'panic' });
      expect(rows).toHaveLength(1);
      expect(rows[0]!.scope).toEqual({ service: 'kernel' });
    });

    describe('OTLP/HTTP logs (JSON)', () => {
      const attr = (key: string, value: object) => ({ key, value });
      const request = {
        resourceLogs: [{
          resource: { attributes: [attr('service.name', { stringValue: 'checkout' }), attr('host.name', { stringValue: 'pod-7' })] },
          scopeLogs: [{
            scope: { name: 'otel-test' },
            logRecords: [
              {
                timeUnixNano: String(BigInt(T + 20_000) * 1_000_000n + 123n), severityNumber: 17, severityText: 'Error',
                body: { stringValue: 'payment declined' }, traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174',
                attributes: [attr('order.id', { intValue: '42' }), attr('enduser.id', { stringValue: 'bob' })],
              },
              { observedTimeUnixNano: (T + 21_000) * 1e6, severityText: 'warn', body: { kvlistValue: { values: [attr('cart', { arrayValue: { values: [{ intValue: 1 }, { boolValue: true }] } })] } } },
              { timeUnixNano: '0', body: { stringValue: 'no time at all' } },
              { timeUnixNano: String((T + 22_000) * 1e6), severityNumber: 'SEVERITY_NUMBER_FATAL', body: { stringValue: 'disk gone' } },
            ],
          }],
        }, { scopeLogs: [{ logRecords: [{ timeUnixNano: String((T + 23_000) * 1e6), severityNumber: 2, body: { stringValue: 'tracing' } }] }] }],
      };

      it('maps resource, severity, body kinds and nanosecond times, and reports rejects as partialSuccess', async () => {
        const res = await push(JSON.stringify(request), { type: 'application/json', url: '/v1/logs?service=otel-default' });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ partialSuccess: { rejectedLogRecords: 1, errorMessage: '1 log records rejected: #2 missing timestamp' } });
        const rows = (await store.queryLogs({ since: T + 20_000, until: T + 24_000, order: 'asc' })).rows;
        expect(rows.map((r) => [r.ts, r.service, r.host ?? null, r.level, r.message])).toEqual([
          [T + 20_000, 'checkout', 'pod-7', 'ERROR', 'payment declined'],
          [T + 21_000, 'checkout', 'pod-7', 'WARN', '{"cart":[1,true]}'],
          [T + 22_000, 'checkout', 'pod-7', 'FATAL', 'disk gone'],
          [T + 23_000, 'otel-default', null, 'TRACE', 'tracing'],
        ]);
        expect(rows[0]!.attrs).toEqual({ 'order.id': 42, 'enduser.id': 'bob', traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174' });
        expect(rows[0]!.user).toBe('bob');
      });

      it('takes the protobuf encoding and answers in it', async () => {
        const record = (s: number, body: string) => ({ message: [[1, { fixed64: BigInt(T + s * 1000) * 1_000_000n }], [5, otlp.str(body)]] as PbField[] });
        const request = pb([[1, { message: [
          [1, { message: [[1, otlp.kv('service.name', otlp.str('proto-svc'))]] }],
          [2, { message: [[2, record(40, 'over protobuf')], [2, { message: [[5, otlp.str('no time')]] }]] }],
        ] }]]);
        const res = await app.inject({
          method: 'POST', url: '/v1/logs', payload: request, headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${viewerToken}` },
        });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('application/x-protobuf');
        expect(res.rawPayload).toEqual(Buffer.from(encodeExportLogsResponse({ rejectedLogRecords: 1, errorMessage: '1 log records rejected: #1 missing timestamp' })));
        const { rows } = await store.queryLogs({ service: 'proto-svc' });
        expect(rows.map((r) => [r.ts, r.message])).toEqual([[T + 40_000, 'over protobuf']]);
        const broken = await app.inject({ method: 'POST', url: '/v1/logs', payload: Buffer.from([0x0a, 0x05, 0x01]), headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${viewerToken}` } });
        expect(broken.statusCode).toBe(400);
      });

      it('answers an empty object when every record is stored, 415 to other types and 400 to broken JSON', async () => {
        const one = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: String((T + 30_000) * 1e6), body: { stringValue: 'ok' } }] }] }] };
        const ok = await push(JSON.stringify(one), { type: 'application/json', url: '/v1/logs' });
        expect([ok.statusCode, ok.json()]).toEqual([200, {}]);
        const text = await push('ok', { type: 'text/plain', url: '/v1/logs' });
        expect(text.statusCode).toBe(415);
        expect(text.json().error).toContain('application/x-protobuf');
        const broken = await push('{"resourceLogs": [', { type: 'application/json', url: '/v1/logs' });
        expect(broken.statusCode).toBe(400);
        expect(broken.json().error).toMatch(ONE_SENTENCE);
        const wrongShape = await push('{"resourceLogs": 5}', { type: 'application/json', url: '/v1/logs' });
        expect(wrongShape.statusCode).toBe(400);
      });
    });

    it('exposes the queue in the Prometheus metrics', async () => {
      const res = await app.inject({ method: 'GET', url: '/metrics' });
      const accepted = /^logtrack_ingest_records_accepted_total (\d+)$/m.exec(res.body);
      expect(Number(accepted?.[1])).toBe(await store.countLogs());
      expect(res.body).toMatch(/^logtrack_ingest_queue_records 0$/m);
      expect(res.body).toContain('logtrack_ingest_refused_total{reason="busy"} 0');
    });

    it('lists the ingest endpoints in the API documentation', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json() as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/ingest', '/v1/logs']));
    });
  });

  describe(`push ingestion under overload (${backend.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let token: string;

    beforeAll(async () => {
      store = await backend.open();
      await addUser(store, 'shipper', 'viewer');
      token = await tokenFor(store, 'shipper');
      createIngestWriter(store, { limits: { maxRecords: 30, maxBytes: 64 * 1024 }, detect: null });
      app = await buildApp({ store, webRoot: null });
    });
    afterAll(async () => {
      await app.close();
      await ingestWriterOf(store)?.close();
      await store.close();
      await backend.cleanup();
    });

    it('refuses with 429 and Retry-After when full, and stores every record it accepted', async () => {
      const request = (k: number) => {
        const lines = Array.from({ length: 10 }, (_, i) => ({ ts: iso(k * 10 + i), service: 'burst', message: `request ${k} line ${i}` }));
        return app.inject({ method: 'POST', url: '/api/v1/ingest', payload: ndjson(lines), headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` } });
      };
      const answers: LightMyRequestResponse[] = await Promise.all(Array.from({ length: 40 }, (_, k) => request(k)));
      const byStatus = (s: number) => answers.filter((a) => a.statusCode === s);
      expect(byStatus(200).length + byStatus(429).length).toBe(40);
      expect(byStatus(429).length).toBeGreaterThan(0);
      expect(byStatus(200).length).toBeGreaterThan(0);
      for (const refused of byStatus(429)) {
        expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(refused.json().error).toMatch(/queue is full/);
      }
      const accepted = byStatus(200).reduce((sum, a) => sum + (a.json() as { accepted: number }).accepted, 0);
      expect(await store.countLogs({ service: 'burst' })).toBe(accepted);
      expect(ingestWriterOf(store)!.inFlight).toEqual({ records: 0, bytes: 0 });
    });

    it('takes a chunked body (no Content-Length) once it is read', async () => {
      const lines = ndjson([{ ts: iso(1), service: 'chunked', message: 'streamed' }]);
      const res = await app.inject({
        method: 'POST', url: '/api/v1/ingest', payload: Readable.from([lines]), headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(200);
      expect(await store.countLogs({ service: 'chunked' })).toBe(1);
    });

    it('answers 413 to a request that could never fit the queue', async () => {
      const lines = Array.from({ length: 31 }, (_, i) => ({ ts: iso(i), service: 'huge', message: `line ${i}` }));
      const res = await app.inject({ method: 'POST', url: '/api/v1/ingest', payload: ndjson(lines), headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatch(/split it/);
      expect(await store.countLogs({ service: 'huge' })).toBe(0);
    });
  });
}
