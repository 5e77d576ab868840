/**
 * Who is logged in: the account from /admin/api/me (or the login answer), its CSRF token handed
 * to api.ts, and what its role may see. The server decides every permission; the console only
 * hides what would be refused.
 */
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { ApiError, get, post, setCsrfToken, whenSessionLost } from './api';
import type { Account, Role } from './types';

interface Me {
  account: Account;
  csrfToken: string;
}

interface SessionValue {
  account: Account | null;
  loading: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

/**
 * Drops every cached answer but the session's own: what one account saw is not shown to the next.
 * (`clear()` would also drop the `me` query that SessionProvider observes, and its observer would
 * not see the new session until something else re-rendered it.)
 */
function forgetOthers(client: QueryClient): void {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        return await get<Me>('/admin/api/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
  useEffect(() => {
    if (me.data) setCsrfToken(me.data.csrfToken);
  }, [me.data]);
  useEffect(() => {
    whenSessionLost(() => {
      client.setQueryData(['me'], null);
    });
  }, [client]);

  const login = useCallback(
    async (username: string, password: string) => {
      const r = await post<Me>('/admin/api/login', { username, password });
      setCsrfToken(r.csrfToken);
      forgetOthers(client);
      client.setQueryData(['me'], r);
    },
    [client],
  );
  const logout = useCallback(async () => {
    try {
      await post('/admin/api/logout');
    } finally {
      forgetOthers(client);
      client.setQueryData(['me'], null);
    }
  }, [client]);

  const value = useMemo(
    () => ({ account: me.data?.account ?? null, loading: me.isPending, login, logout }),
    [me.data, me.isPending, login, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** What each role may do in the console (mirrors the server's checks). */
export const can = {
  change: (role: Role) => role === 'admin' || role === 'operator',
  review: (role: Role) => role === 'legal',
  seeApprovals: (role: Role) => role === 'legal' || role === 'admin',
  administer: (role: Role) => role === 'admin',
  audit: (role: Role) => role === 'admin' || role === 'legal',
};

export function useRole(): Role {
  const { account } = useSession();
  return account?.role ?? 'legal';
}
