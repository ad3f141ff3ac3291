/** Login, logout, and who am I. Login needs no prior credential and is rate limited per address and name. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX, LoginBody } from '../../api/schemas.js';
import type { MeResponse } from '../../api/types.js';
import { verifyNobody, verifyPassword } from '../auth/password.js';
import { openSession, SESSION_COOKIE } from '../auth/sessions.js';
import { endpoint, signedIn, type AnyEndpoint } from '../endpoint.js';
import { ApiError } from '../errors.js';
import type { ServerOptions } from '../options.js';
import { userView } from './views.js';

type LoginCheck = (req: FastifyRequest) => Promise<{ isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number }>;

/** The login limiter counts attempts per client address and lower-cased user name. */
export function loginLimiter(app: FastifyInstance, options: ServerOptions): LoginCheck {
  return app.createRateLimit({
    max: options.loginLimit.max,
    timeWindow: options.loginLimit.windowMs,
    keyGenerator: (req) => `${req.ip}|${String((req.body as { username?: unknown })?.username ?? '').trim().toLowerCase()}`,
  });
}

export function authEndpoints(checkLogin: LoginCheck): AnyEndpoint[] {
  return [
    endpoint({
      method: 'POST', path: `${API_PREFIX}/auth/login`, tag: 'auth', access: 'public',
      summary: 'Log in with a user name and password; sets the session cookie and returns the CSRF token',
      body: LoginBody,
      async handle({ body, req, reply, options }): Promise<MeResponse> {
        const limit = await checkLogin(req);
        if (!limit.isAllowed && limit.isExceeded) {
          reply.header('retry-after', String(limit.ttlInSeconds ?? 60));
          throw new ApiError(429, `too many login attempts for ${body.username}: wait ${limit.ttlInSeconds ?? 60} s`);
        }
        const user = await options.store.getUserByName(body.username);
        const ok = user ? await verifyPassword(user.passwordHash, body.password) : await verifyNobody(body.password);
        if (!user || !ok) throw new ApiError(401, 'wrong user name or password');
        const session = await openSession(options.store, user, { ttlMs: options.sessionTtlMs, now: options.now() });
        setSessionCookie(reply, req, session.cookie, options.sessionTtlMs);
        return { user: userView(user), csrf: session.csrf };
      },
    }),
    endpoint({
      method: 'POST', path: `${API_PREFIX}/auth/logout`, tag: 'auth', access: 'viewer',
      summary: 'End this session',
      async handle({ caller, options, reply }) {
        const who = signedIn(caller);
        if (who.kind === 'session') await options.store.deleteSession(who.sessionKey);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { loggedOut: true };
      },
    }),
    endpoint({
      method: 'GET', path: `${API_PREFIX}/auth/me`, tag: 'auth', access: 'viewer',
      summary: 'The signed-in user, and the CSRF token of this session',
      async handle({ caller }): Promise<MeResponse> {
        const who = signedIn(caller);
        return { user: userView(who.user), csrf: who.kind === 'session' ? who.csrf : null };
      },
    }),
  ];
}

function setSessionCookie(reply: FastifyReply, req: FastifyRequest, value: string, ttlMs: number): void {
  reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
    maxAge: Math.floor(ttlMs / 1000),
  });
}
