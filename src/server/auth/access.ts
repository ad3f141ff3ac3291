/**
 * Who may do what: one pure decision per request, from the endpoint's access level, the method,
 * the caller and the CSRF header. Tested without I/O (access.test.ts).
 *
 * - `public` endpoints: anyone.
 * - `viewer` endpoints: any signed-in user (viewers read everything, and ack/resolve).
 * - `admin` endpoints: admins only (rules, users, templates, silences, settings).
 * A browser session must echo its CSRF token in `x-csrf-token` on every state-changing request;
 * API tokens travel in the Authorization header, which a cross-site form cannot set, so they need none.
 */
import type { Role, User } from '../../store/store.js';
import { sameSecret } from './secrets.js';

export type Access = 'public' | 'viewer' | 'admin';

export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'rejected'; reason: string }
  | { kind: 'session'; user: User; sessionKey: string; csrf: string }
  | { kind: 'token'; user: User; tokenId: number };

export type SignedIn = Extract<Caller, { kind: 'session' | 'token' }>;

export type Decision = { kind: 'allow' } | { kind: 'deny'; status: 401 | 403; error: string };

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

const ROLE_RANK: Record<Role, number> = { viewer: 0, admin: 1 };

export function decideAccess(input: { access: Access; method: string; caller: Caller; csrfHeader: string | undefined }): Decision {
  const { access, method, caller, csrfHeader } = input;
  if (access === 'public') return { kind: 'allow' };
  if (caller.kind === 'anonymous') return deny(401, 'sign in first: send the session cookie or an Authorization: Bearer token');
  if (caller.kind === 'rejected') return deny(401, caller.reason);
  if (caller.kind === 'session' && !SAFE_METHODS.has(method.toUpperCase())) {
    if (!csrfHeader || !sameSecret(csrfHeader, caller.csrf)) return deny(403, 'missing or wrong x-csrf-token header');
  }
  if (ROLE_RANK[caller.user.role] < ROLE_RANK[access === 'admin' ? 'admin' : 'viewer']) {
    return deny(403, 'this action needs the admin role');
  }
  return { kind: 'allow' };
}

function deny(status: 401 | 403, error: string): Decision {
  return { kind: 'deny', status, error };
}
