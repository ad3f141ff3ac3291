/** Domain objects as the API shows them: never a password hash or a token hash. */
import type { TokenView, UserView } from '../../api/types.js';
import type { ApiToken, User } from '../../store/store.js';

export function userView(u: User): UserView {
  return { id: u.id, name: u.name, role: u.role, createdAt: u.createdAt };
}

export function tokenView(t: ApiToken): TokenView {
  return { id: t.id, name: t.name, userId: t.userId, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt };
}
