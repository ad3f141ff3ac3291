import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.js';
import { BACKENDS } from '../store/testing/backends.js';
import { sha256 } from './auth/secrets.js';
import { buildApp } from './app.js';
import { addUser, PASSWORD, sessionHeaders, signIn } from './testing.js';

for (const backend of BACKENDS) {
  describe(`auth (${backend.name})`, () => {
    let store: Store;
    let app: FastifyInstance;

    beforeAll(async () => {
      store = await backend.open();
      await addUser(store, 'ada', 'admin');
      await addUser(store, 'vic', 'viewer');
    });
    // A fresh app per test: each starts with a fresh login rate limiter.
    beforeEach(async () => {
      app = await buildApp({ store, webRoot: null });
    });
    afterEach(() => app.close());
    afterAll(async () => {
      await store.close();
      await backend.cleanup();
    });

    it('refuses a wrong password and an unknown user with the same 401', async () => {
      const wrong = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ada', password: 'nope nope' } });
      const unknown = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'eve', password: 'nope nope' } });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual(unknown.json());
      expect(wrong.headers['set-cookie']).toBeUndefined();
    });

    it('sets an HttpOnly, SameSite=Strict session cookie and returns the CSRF token on login', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ada', password: PASSWORD } });
      expect(res.statusCode).toBe(200);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/^logtrack_session=[\w-]{40,};/);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Strict');
      expect(cookie).not.toContain('Secure');
      const body = res.json();
      expect(body.user).toEqual({ id: expect.any(Number), name: 'ada', role: 'admin', createdAt: expect.any(Number) });
      expect(body.csrf).toMatch(/^[\w-]{40,}$/);
      expect(JSON.stringify(body)).not.toContain('argon2');
    });

    it('marks the cookie Secure when served over https (behind a trusted proxy)', async () => {
      const proxied = await buildApp({ store, webRoot: null, trustProxy: true });
      const res = await proxied.inject({
        method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ada', password: PASSWORD }, headers: { 'x-forwarded-proto': 'https' },
      });
      await proxied.close();
      expect(String(res.headers['set-cookie'])).toContain('Secure');
    });

    it('answers /auth/me with the user and the session CSRF token', async () => {
      const s = await signIn(app, 'vic');
      const res = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: sessionHeaders(s) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ user: { name: 'vic', role: 'viewer' }, csrf: s.csrf });
    });

    it('asks for sign-in without credentials', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/incidents' });
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toMatch(/sign in/);
    });

    it('refuses a viewer on an admin route with 403, and lets an admin through', async () => {
      const viewer = await signIn(app, 'vic');
      const admin = await signIn(app, 'ada');
      const asViewer = await app.inject({ method: 'GET', url: '/api/v1/users', headers: sessionHeaders(viewer) });
      expect(asViewer.statusCode).toBe(403);
      expect(asViewer.json()).toEqual({ error: 'this action needs the admin role' });
      const asAdmin = await app.inject({ method: 'GET', url: '/api/v1/users', headers: sessionHeaders(admin) });
      expect(asAdmin.statusCode).toBe(200);
      expect(asAdmin.json().map((u: { name: string }) => u.name)).toEqual(['ada', 'vic']);
    });

    it('rejects a state change over a session without the CSRF header, and accepts it with the header', async () => {
      const s = await signIn(app, 'ada');
      const rule = { name: 'boom', type: 'keyword', params: { pattern: 'boom' } };
      const without = await app.inject({ method: 'POST', url: '/api/v1/rules', headers: sessionHeaders(s), payload: rule });
      expect(without.statusCode).toBe(403);
      expect(without.json().error).toBe('missing or wrong x-csrf-token header');
      const forged = await app.inject({ method: 'POST', url: '/api/v1/rules', headers: { ...sessionHeaders(s), 'x-csrf-token': 'guess' }, payload: rule });
      expect(forged.statusCode).toBe(403);
      expect(await store.listRules()).toEqual([]);
      const withHeader = await app.inject({ method: 'POST', url: '/api/v1/rules', headers: sessionHeaders(s, true), payload: rule });
      expect(withHeader.statusCode).toBe(201);
    });

    it('rate limits login attempts per address and user name (429 after 5 a minute)', async () => {
      const attempt = (username: string) =>
        app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'wrong password' } });
      for (let i = 0; i < 5; i++) expect((await attempt('ada')).statusCode).toBe(401);
      const limited = await attempt('ada');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error).toMatch(/too many login attempts/);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Even the right password waits now; another user name from the same address does not.
      const right = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ada', password: PASSWORD } });
      expect(right.statusCode).toBe(429);
      expect((await attempt('vic')).statusCode).toBe(401);
    });

    it('refuses an expired session with 401 and forgets it', async () => {
      let now = Date.UTC(2025, 0, 1);
      const clocked = await buildApp({ store, webRoot: null, now: () => now, sessionTtlMs: 3600_000 });
      const s = await signIn(clocked, 'vic');
      expect((await clocked.inject({ method: 'GET', url: '/api/v1/auth/me', headers: sessionHeaders(s) })).statusCode).toBe(200);
      now += 3600_000;
      const expired = await clocked.inject({ method: 'GET', url: '/api/v1/auth/me', headers: sessionHeaders(s) });
      await clocked.close();
      expect(expired.statusCode).toBe(401);
      expect(expired.json().error).toMatch(/session expired/);
      expect(await store.getSession(sha256(s.cookie.split('=')[1]!))).toBeNull();
    });

    it('ends the session on logout', async () => {
      const s = await signIn(app, 'vic');
      const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: sessionHeaders(s, true) });
      expect(out.statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: sessionHeaders(s) })).statusCode).toBe(401);
    });

    it('accepts bearer tokens without CSRF, keeps their role, and refuses them once revoked', async () => {
      const viewer = await signIn(app, 'vic');
      const created = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: sessionHeaders(viewer, true), payload: { name: 'ci' } });
      expect(created.statusCode).toBe(201);
      const { token, id } = created.json();
      expect(token).toMatch(/^lt_[\w-]{40,}$/);
      const bearer = { authorization: `Bearer ${token}` };

      expect((await app.inject({ method: 'GET', url: '/api/v1/alerts', headers: bearer })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: bearer, payload: { name: 'second' } })).statusCode).toBe(201);
      expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer })).statusCode).toBe(403);
      const listed = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bearer });
      expect(JSON.stringify(listed.json())).not.toContain(token);

      expect((await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: bearer })).statusCode).toBe(200);
      const revoked = await app.inject({ method: 'GET', url: '/api/v1/alerts', headers: bearer });
      expect(revoked.statusCode).toBe(401);
      expect(revoked.json().error).toBe('unknown or revoked API token');
    });

    it('refuses a malformed Authorization header with a reason', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/alerts', headers: { authorization: 'Basic YWRhOng=' } });
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toMatch(/Bearer lt_/);
    });
  });
}
