import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, Page, StatsResponse, TemplateRow } from '../api/types.js';
import type { Alert, StoredLog } from '../domain/index.js';
import type { Store } from '../store/store.js';
import { BACKENDS } from '../store/testing/backends.js';
import { buildApp } from './app.js';
import { addUser, seedDemo, sessionHeaders, signIn, type Seeded, type SignedInSession } from './testing.js';

for (const backend of BACKENDS) {
  describe(`REST API (${backend.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let seeded: Seeded;
    let admin: SignedInSession;
    let viewer: SignedInSession;

    beforeAll(async () => {
      store = await backend.open();
      seeded = await seedDemo(store, { records: 300 });
      await addUser(store, 'ada', 'admin');
      await addUser(store, 'vic', 'viewer');
      app = await buildApp({ store, webRoot: null });
      admin = await signIn(app, 'ada');
      viewer = await signIn(app, 'vic');
    });
    afterAll(async () => {
      await app.close();
      await store.close();
      await backend.cleanup();
    });

    const get = (url: string, s: SignedInSession = viewer) => app.inject({ method: 'GET', url, headers: sessionHeaders(s) });
    const send = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, s: SignedInSession = admin) =>
      app.inject({ method, url, headers: sessionHeaders(s, true), ...(payload ? { payload } : {}) });

    describe('validation', () => {
      it('answers 400 naming the field', async () => {
        const tooMany = await get('/api/v1/logs?limit=5000');
        expect(tooMany.statusCode).toBe(400);
        expect(tooMany.json()).toEqual({ error: 'limit must be ≤ 1000', field: 'limit' });
        expect((await get('/api/v1/logs?level=LOUD')).json().error).toBe('level must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL');
        expect((await get('/api/v1/alerts?since=someday')).json()).toEqual({ error: 'since must be a time (epoch milliseconds or ISO 8601)', field: 'since' });
        expect((await get('/api/v1/incidents/abc')).json()).toEqual({ error: 'id must be a number', field: 'id' });
        expect((await get('/api/v1/logs?colour=red')).json()).toEqual({ error: 'unknown field "colour"' });
      });

      it('names missing and malformed body fields', async () => {
        const missing = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ada' } });
        expect(missing.statusCode).toBe(400);
        expect(missing.json()).toEqual({ error: 'password is required', field: 'password' });
        const notJson = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
        expect(notJson.statusCode).toBe(400);
        expect(notJson.json()).toEqual({ error: 'the request body must be valid JSON' });
      });
    });

    describe('logs', () => {
      it('walks every row with the cursor, newest first, without overlap', async () => {
        const seen: number[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const res = await get(`/api/v1/logs?limit=70${cursor ? `&cursor=${cursor}` : ''}`);
          expect(res.statusCode).toBe(200);
          const page = res.json() as Page<StoredLog>;
          seen.push(...page.rows.map((r) => r.id));
          cursor = page.nextCursor;
          pages++;
        } while (cursor);
        expect(pages).toBe(5);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen).toEqual([...seeded.logIds].sort((a, b) => b - a));
      });

      it('filters by service, level, text, template, user and time', async () => {
        const rows = async (query: string) => ((await get(`/api/v1/logs?limit=1000&${query}`)).json() as Page<StoredLog>).rows;
        expect((await rows('service=db')).every((r) => r.service === 'db')).toBe(true);
        expect((await rows('service=db')).length).toBe(100);
        expect((await rows('level=WARN')).map((r) => r.level).sort()).toEqual([...Array(100).fill('ERROR'), ...Array(100).fill('WARN')]);
        const grep = await rows('grep=FAILED%20PASSWORD%20for%20root');
        expect(grep.length).toBeGreaterThan(0);
        expect(grep.every((r) => r.message.startsWith('Failed password for root'))).toBe(true);
        expect((await rows(`template=${seeded.templateIds[0]}`)).every((r) => r.templateId === seeded.templateIds[0])).toBe(true);
        expect((await rows('user=alice')).every((r) => r.user === 'alice')).toBe(true);
        const since = seeded.start + 3600_000;
        const late = await rows(`since=${since}&until=${new Date(seeded.end).toISOString()}`);
        expect(late.length).toBeGreaterThan(0);
        expect(late.every((r) => r.ts >= since && r.ts < seeded.end)).toBe(true);
      });

      it('lists services with counts', async () => {
        const res = await get('/api/v1/services');
        expect(res.json().map((s: { service: string; count: number }) => [s.service, s.count])).toEqual([['api', 100], ['auth', 100], ['db', 100]]);
      });
    });

    describe('incidents', () => {
      it('returns the detail with explanation factors and evidence lines, parameters marked', async () => {
        const res = await get(`/api/v1/incidents/${seeded.incidentId}`);
        expect(res.statusCode).toBe(200);
        const detail = res.json() as IncidentDetail;
        expect(detail.incident.title).toBe('Failed logins for root on auth');
        expect(detail.alerts.map((a) => a.ruleName)).toEqual(['ssh-bruteforce']);
        expect(detail.factors.map((f) => f.kind)).toEqual(['rule', 'unusual_time']);
        expect(detail.evidence.map((e) => e.log.id)).toEqual(seeded.evidenceIds);
        const first = detail.evidence[0]!;
        expect(first.template?.text).toBe('Failed password for <*> from <IP> port <*>');
        expect(first.segments.map((s) => s.text).join('')).toBe(first.log.message);
        expect(first.segments.filter((s) => s.param !== null).map((s) => s.text)).toEqual(first.log.params);
        expect(detail.related.map((a) => a.source)).toEqual([]);
      });

      it('lists incidents and 404s an unknown one', async () => {
        const list = (await get('/api/v1/incidents?status=open')).json();
        expect(list.rows.map((i: { id: number }) => i.id)).toEqual([seeded.incidentId]);
        const missing = await get('/api/v1/incidents/999999');
        expect(missing.statusCode).toBe(404);
        expect(missing.json()).toEqual({ error: 'incident 999999 not found' });
      });

      it('lets a viewer ack and then resolve, carrying the member alerts along', async () => {
        const ack = await send('POST', `/api/v1/incidents/${seeded.incidentId}/ack`, undefined, viewer);
        expect(ack.statusCode).toBe(200);
        expect(ack.json().status).toBe('acked');
        expect((await store.getAlert(seeded.alertIds[0]!))?.status).toBe('acked');
        const resolved = (await send('POST', `/api/v1/incidents/${seeded.incidentId}/resolve`, undefined, viewer)).json();
        expect(resolved.status).toBe('resolved');
        expect(resolved.resolvedAt).toEqual(expect.any(Number));
        expect((await store.getAlert(seeded.alertIds[0]!))?.status).toBe('resolved');
      });
    });

    describe('alerts', () => {
      it('filters by source and severity', async () => {
        const anomalies = (await get('/api/v1/alerts?source=zscore')).json() as Page<Alert>;
        expect(anomalies.rows.map((a) => a.ruleName)).toEqual(['zscore']);
        expect(((await get('/api/v1/alerts?severity=HIGH')).json() as Page<Alert>).rows.map((a) => a.severity)).toEqual(['HIGH']);
      });

      it('acks an alert, and only admins mark one normal', async () => {
        const id = seeded.alertIds[1]!;
        expect((await send('POST', `/api/v1/alerts/${id}/ack`, undefined, viewer)).json().status).toBe('acked');
        expect((await send('POST', `/api/v1/alerts/${id}/normal`, { normal: true }, viewer)).statusCode).toBe(403);
        expect((await send('POST', `/api/v1/alerts/${id}/normal`, { normal: true })).statusCode).toBe(200);
        expect(await store.listNormalAlerts()).toEqual([id]);
      });
    });

    describe('templates', () => {
      it('lists templates with sparklines summing to the records of the last day', async () => {
        const rows = (await get('/api/v1/templates?spark=24')).json() as TemplateRow[];
        expect(rows).toHaveLength(3);
        for (const t of rows) {
          expect(t.spark).toHaveLength(24);
          expect(t.spark!.reduce((a, b) => a + b, 0)).toBe(100);
          expect(t.count).toBe(100);
        }
      });

      it('renames, freezes and marks normal (admins only)', async () => {
        const id = seeded.templateIds[2]!;
        expect((await send('PATCH', `/api/v1/templates/${id}`, { name: 'Database down' }, viewer)).statusCode).toBe(403);
        const res = await send('PATCH', `/api/v1/templates/${id}`, { name: 'Database down', frozen: true, normal: true });
        expect(res.json()).toMatchObject({ id, name: 'Database down', frozen: true, normal: true });
        expect((await send('PATCH', `/api/v1/templates/${id}`, {})).json().error).toBe('give a name, frozen or normal to change');
      });

      it('gives per-minute volume', async () => {
        const volume = (await get(`/api/v1/templates/${seeded.templateIds[0]}/volume`)).json() as { count: number }[];
        expect(volume.reduce((a, v) => a + v.count, 0)).toBe(100);
      });
    });

    describe('rules', () => {
      it('creates, edits, disables and deletes a rule, checking parameters against the type', async () => {
        const bad = await send('POST', '/api/v1/rules', { name: 'ssh', type: 'user_failures', params: { threshold: 'five' } });
        expect(bad.statusCode).toBe(400);
        expect(bad.json()).toMatchObject({ field: 'params' });
        expect(bad.json().error).toContain('threshold');
        const badHead = await send('POST', '/api/v1/rules', { name: 'ssh', type: 'fortune_telling' });
        expect(badHead.json().field).toBe('type');

        const created = await send('POST', '/api/v1/rules', { name: 'ssh', type: 'user_failures', severity: 'HIGH', params: { threshold: 3 } });
        expect(created.statusCode).toBe(201);
        const rule = created.json();
        expect(rule).toMatchObject({ name: 'ssh', type: 'user_failures', severity: 'HIGH', enabled: true, params: { threshold: 3, window_minutes: 10 } });
        expect((await send('POST', '/api/v1/rules', { name: 'ssh', type: 'keyword', params: { pattern: 'x' } })).statusCode).toBe(409);

        const edited = await send('PUT', `/api/v1/rules/${rule.id}`, { name: 'ssh', type: 'user_failures', params: { threshold: 8 }, description: 'ssh' });
        expect(edited.json()).toMatchObject({ params: { threshold: 8 }, severity: 'MEDIUM', description: 'ssh' });
        expect((await send('POST', `/api/v1/rules/${rule.id}/disable`)).json().enabled).toBe(false);
        expect((await send('POST', `/api/v1/rules/${rule.id}/enable`)).json().enabled).toBe(true);
        expect((await send('POST', `/api/v1/rules/${rule.id}/disable`, undefined, viewer)).statusCode).toBe(403);
        expect((await get('/api/v1/rules')).json().map((r: { name: string }) => r.name)).toContain('ssh');
        expect((await send('DELETE', `/api/v1/rules/${rule.id}`)).statusCode).toBe(200);
        expect((await get(`/api/v1/rules/${rule.id}`)).statusCode).toBe(404);
      });

      it('describes each rule type with its parameter schema', async () => {
        const types = (await get('/api/v1/rules/types')).json() as { type: string; params: { properties: Record<string, { default?: unknown }> } }[];
        const keyword = types.find((t) => t.type === 'keyword')!;
        expect(keyword.params.properties.threshold?.default).toBe(1);
      });
    });

    describe('users', () => {
      it('lets admins create, change and delete accounts, never the last admin', async () => {
        const created = await send('POST', '/api/v1/users', { name: 'nia', role: 'viewer', password: 'long enough pw' });
        expect(created.statusCode).toBe(201);
        expect(created.json()).not.toHaveProperty('passwordHash');
        expect((await send('POST', '/api/v1/users', { name: 'nia', role: 'viewer', password: 'long enough pw' })).statusCode).toBe(409);
        expect((await send('POST', '/api/v1/users', { name: 'x', role: 'viewer', password: 'short' })).json()).toEqual({
          error: 'password must be at least 8 characters', field: 'password',
        });
        const id = created.json().id;
        expect((await send('PATCH', `/api/v1/users/${id}`, { role: 'admin' })).json().role).toBe('admin');
        expect((await signIn(app, 'nia', 'long enough pw')).csrf).toBeTruthy();
        expect((await send('DELETE', `/api/v1/users/${id}`)).statusCode).toBe(200);
        const ada = (await store.getUserByName('ada'))!;
        expect((await send('DELETE', `/api/v1/users/${ada.id}`)).json().error).toBe('ada is the last admin and cannot be deleted');
      });
    });

    describe('silences', () => {
      it('adds, lists and lifts a silence', async () => {
        const until = Date.now() + 3600_000;
        const added = await send('POST', '/api/v1/silences', { kind: 'rule', value: 'ssh-bruteforce', until, reason: 'maintenance' });
        expect(added.statusCode).toBe(201);
        expect(added.json()).toMatchObject({ target: { kind: 'rule', value: 'ssh-bruteforce' }, createdBy: 'ada' });
        expect((await get('/api/v1/silences?active=true')).json()).toHaveLength(1);
        expect((await send('POST', '/api/v1/silences', { kind: 'rule', value: 'x', until: 5 })).json().error).toBe('until must be in the future');
        expect((await send('DELETE', `/api/v1/silences/${added.json().id}`)).statusCode).toBe(200);
        expect((await get('/api/v1/silences')).json()).toEqual([]);
      });
    });

    describe('stats', () => {
      it('charts the stored span (at most a day) by default, with alert and anomaly markers', async () => {
        const stats = (await get('/api/v1/stats')).json() as StatsResponse;
        expect(stats.services).toEqual(['api', 'auth', 'db']);
        expect(stats.since).toBe(seeded.start);
        expect(stats.until).toBeGreaterThan(seeded.end - 60_000);
        expect(stats.bucketMs).toBe(60_000);
        expect(stats.volume.reduce((a, v) => a + v.count, 0)).toBe(300);
        expect(stats.volume.filter((v) => v.service === 'db').every((v) => v.errors === v.count)).toBe(true);
        expect(stats.markers.map((m) => m.kind).sort()).toEqual(['alert', 'anomaly']);
      });

      it('honours an explicit window and service', async () => {
        const stats = (await get(`/api/v1/stats?service=api&since=${seeded.start}&until=${seeded.start + 3600_000}&bucket=60000`)).json() as StatsResponse;
        expect(stats.services).toEqual(['api']);
        expect(stats.bucketMs).toBe(60_000);
        expect(stats.volume.reduce((a, v) => a + v.count, 0)).toBe(50);
      });
    });

    describe('operations', () => {
      it('answers health, metrics and docs without sign-in', async () => {
        expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok', backend: backend.name });
        const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
        expect(metrics).toMatch(/^logtrack_records_stored 300$/m);
        expect(metrics).toMatch(/^logtrack_http_requests_total\{method="GET",route="\/api\/v1\/logs",status="200"\} \d+$/m);
        expect(metrics).toContain('logtrack_http_request_duration_seconds_bucket');
        const doc = (await app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json();
        expect(doc.openapi).toBe('3.1.0');
        const logsGet = doc.paths['/api/v1/logs'].get;
        expect(logsGet.parameters.find((p: { name: string }) => p.name === 'limit').schema).toMatchObject({ maximum: 1000 });
        expect(doc.paths['/api/v1/rules/{id}'].put.requestBody.content['application/json'].schema.properties.type.enum).toContain('keyword');
        const page = await app.inject({ method: 'GET', url: '/api/docs' });
        expect(page.headers['content-type']).toContain('text/html');
        expect(page.body).toContain('/api/v1/incidents/:id');
      });

      it('sends security headers and JSON 404s for unknown API paths', async () => {
        const res = await get('/api/v1/nothing-here');
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual({ error: 'no such endpoint: GET /api/v1/nothing-here' });
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(res.headers['content-security-policy']).toContain("script-src 'self'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      });
    });
  });
}
