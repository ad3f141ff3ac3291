/** Who is signed in, for the whole dashboard: asks /auth/me on load, and forgets on 401. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MeResponse, UserView } from '../../src/api/types.js';
import { ApiFailure, get, send, setCsrf, whenSignedOut } from './api.js';

interface AuthState {
  user: UserView | null;
  /** True until the first /auth/me answer. */
  checking: boolean;
  /** Why the user was signed out (expired session), shown on the login page. */
  notice: string | null;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<UserView | null>(null);
  const [checking, setChecking] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);

  const accept = useCallback((me: MeResponse) => {
    setCsrf(me.csrf);
    setUser(me.user);
    setNotice(null);
  }, []);

  useEffect(() => {
    whenSignedOut(() => {
      setCsrf(null);
      setUser((was) => {
        if (was) setNotice('Your session ended. Sign in again.');
        return null;
      });
    });
    get<MeResponse>('/auth/me')
      .then(accept, (err: unknown) => {
        if (!(err instanceof ApiFailure) || err.status !== 401) setNotice(err instanceof Error ? err.message : String(err));
      })
      .finally(() => setChecking(false));
  }, [accept]);

  const login = useCallback(async (username: string, password: string) => accept(await send<MeResponse>('POST', '/auth/login', { username, password })), [accept]);
  const logout = useCallback(async () => {
    await send('POST', '/auth/logout').catch(() => undefined);
    setCsrf(null);
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, checking, notice, login, logout }), [user, checking, notice, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The signed-in user (pages render only when there is one). */
export function useUser(): UserView {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
