/**
 * Who is calling: a session cookie (the dashboard) or an `Authorization: Bearer` API token.
 * The cookie holds a random id; the store keeps only its SHA-256, with the CSRF token and an
 * absolute expiry. An expired or unknown credential is `rejected` with the reason to show.
 */
import type { FastifyRequest } from 'fastify';
import type { Store, User } from '../../store/store.js';
import type { Caller } from './access.js';
import { API_TOKEN_PREFIX, randomSecret, sha256 } from './secrets.js';

export const SESSION_COOKIE = 'logtrack_session';

export async function identify(req: FastifyRequest, store: Store, now: number): Promise<Caller> {
  const auth = req.headers.authorization;
  if (auth) return identifyToken(auth, store);
  const cookie = req.cookies[SESSION_COOKIE];
  if (cookie) return identifySession(cookie, store, now);
  return { kind: 'anonymous' };
}

async function identifyToken(header: string, store: Store): Promise<Caller> {
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match || !match[1]!.startsWith(API_TOKEN_PREFIX)) {
    return { kind: 'rejected', reason: `the Authorization header must be "Bearer ${API_TOKEN_PREFIX}…" with an API token` };
  }
  const token = await store.findApiToken(sha256(match[1]!));
  const user = token ? await store.getUser(token.userId) : null;
  if (!token || !user) return { kind: 'rejected', reason: 'unknown or revoked API token' };
  return { kind: 'token', user, tokenId: token.id };
}

async function identifySession(cookie: string, store: Store, now: number): Promise<Caller> {
  const key = sha256(cookie);
  const session = await store.getSession(key);
  if (!session) return { kind: 'rejected', reason: 'not signed in (unknown session): log in again' };
  if (session.expiresAt <= now) {
    await store.deleteSession(key);
    return { kind: 'rejected', reason: 'session expired: log in again' };
  }
  const user = await store.getUser(session.userId);
  if (!user) return { kind: 'rejected', reason: 'the account of this session no longer exists' };
  return { kind: 'session', user, sessionKey: key, csrf: session.csrf };
}

export interface OpenedSession {
  /** The cookie value (never stored). */
  cookie: string;
  csrf: string;
  expiresAt: number;
}

export async function openSession(store: Store, user: User, opts: { ttlMs: number; now: number }): Promise<OpenedSession> {
  const cookie = randomSecret();
  const opened = { cookie, csrf: randomSecret(), expiresAt: opts.now + opts.ttlMs };
  await store.createSession({ id: sha256(cookie), userId: user.id, csrf: opened.csrf, expiresAt: opened.expiresAt });
  return opened;
}
