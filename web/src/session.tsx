import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiProblem, setCsrfToken } from './api.ts';
import type { Membership, Role, User } from './types.ts';

interface SessionState {
  /** False until the first GET /auth/me has returned, so pages do not flash the login redirect. */
  loaded: boolean;
  user: User | null;
  memberships: Membership[];
  /** True while the account still has a one-time password that the user should replace. */
  mustChangePassword: boolean;
  setMustChangePassword(value: boolean): void;
  refresh(): Promise<void>;
  logout(): Promise<void>;
  /** Role of the signed-in user in a dataspace; platform admins count as Koordination everywhere. */
  roleIn(space: string): Role | null;
  /** Label of the user's own standing in a dataspace: the member role, else Plattform-Administration or no role. */
  roleLabelIn(space: string, t: (key: string) => string): string;
}

const SessionContext = createContext<SessionState | null>(null);

interface MeResponse {
  user: User;
  csrfToken: string | null;
  memberships: Membership[];
  mustChangePassword?: boolean;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [loaded, setLoaded] = useState(false);
  const [user, setUser] = useState<User | null>(null);
  const [memberships, setMemberships] = useState<Membership[]>([]);
  const [mustChangePassword, setMustChangePassword] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const me = await api<MeResponse>('/auth/me');
      setCsrfToken(me.csrfToken);
      setUser(me.user);
      setMemberships(me.memberships ?? []);
      setMustChangePassword(me.mustChangePassword === true);
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status !== 401) console.error(error);
      setCsrfToken(null);
      setUser(null);
      setMemberships([]);
      setMustChangePassword(false);
    } finally {
      setLoaded(true);
    }
  }, []);

  const logout = useCallback(async () => {
    try {
      await api('/auth/logout', { method: 'POST' });
    } finally {
      setCsrfToken(null);
      setUser(null);
      setMemberships([]);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const roleIn = (space: string): Role | null => {
    const membership = memberships.find((entry) => entry.slug === space);
    if (membership) return membership.role;
    return user?.isAdmin ? 'koordination' : null;
  };

  // Admins who are no member get Koordination rights from roleIn, but the UI must not call that a membership.
  const roleLabelIn = (space: string, t: (key: string) => string): string => {
    const membership = memberships.find((entry) => entry.slug === space);
    if (membership) return t(`roles.${membership.role}`);
    return user?.isAdmin ? t('overview.admin') : t('overview.noRole');
  };

  return (
    <SessionContext.Provider value={{ loaded, user, memberships, mustChangePassword, setMustChangePassword, refresh, logout, roleIn, roleLabelIn }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside SessionProvider');
  return session;
}
