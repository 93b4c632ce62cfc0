import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { components } from '#api-client';
import { api, call } from '../api/client';
import { currentToken, setToken, whenUnauthenticated } from '../api/transport';

/** The roles the API knows, as its OpenAPI document publishes them (GET /auth/me). */
export type Role = components['schemas']['MeResponseDto']['role'];

export interface Scope {
  kind: string;
  id?: string;
  name?: string;
  [key: string]: unknown;
}

/** Who is logged in, as /auth/me and the login answer say. */
export interface CurrentUser {
  id: string;
  username?: string;
  displayName?: string;
  roles: Role[];
  scope: Scope | null;
}

type SessionState =
  | { status: 'checking' }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'signedIn'; user: CurrentUser };

interface Session {
  state: SessionState;
  /** With `newPassword`: the holder's own change (POST /auth/password), which also logs in. */
  login(username: string, password: string, newPassword?: string): Promise<void>;
  logout(): void;
}

const SessionContext = createContext<Session | null>(null);

interface LoginAnswer {
  accessToken: string;
  user: CurrentUser;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const [state, setState] = useState<SessionState>(() =>
    currentToken() ? { status: 'checking' } : { status: 'anonymous', expired: false },
  );

  // A 401 anywhere: forget the user, go to the login page, and come back here after it.
  useEffect(() => {
    whenUnauthenticated(() => {
      setState({ status: 'anonymous', expired: true });
      const here = `${window.location.pathname.replace(/^\/console/, '')}${window.location.search}`;
      if (!here.startsWith('/login')) navigate(`/login?next=${encodeURIComponent(here || '/')}`);
    });
  }, [navigate]);

  // A reloaded tab still holds its token: ask who it is.
  useEffect(() => {
    if (state.status !== 'checking') return;
    call<CurrentUser>(api.GET('/api/v1/auth/me'))
      .then(({ data }) => setState({ status: 'signedIn', user: data }))
      .catch(() => setState({ status: 'anonymous', expired: currentToken() === null }));
  }, [state.status]);

  const login = useCallback(async (username: string, password: string, newPassword?: string) => {
    const { data } = await call<LoginAnswer>(
      newPassword === undefined
        ? api.POST('/api/v1/auth/login', { body: { username, password } })
        : api.POST('/api/v1/auth/password', { body: { username, password, newPassword } }),
    );
    setToken(data.accessToken);
    setState({ status: 'signedIn', user: { ...data.user, username: data.user.username ?? username } });
  }, []);

  const logout = useCallback(() => {
    setToken(null);
    setState({ status: 'anonymous', expired: false });
    navigate('/login');
  }, [navigate]);

  const value = useMemo(() => ({ state, login, logout }), [state, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
}

/** The signed-in user (pages behind the guard only). */
export function useUser(): CurrentUser {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useUser without a signed-in user');
  return state.user;
}

export function hasRole(user: CurrentUser, ...roles: Role[]): boolean {
  return user.roles.some((role) => roles.includes(role));
}
