/** Who is logged in. Asked once at start through /api/auth/session (200 with user null when nobody). */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Me as MeView, SessionState } from '../../../src/modules/identity/contracts.ts';
import { api } from './api.ts';

export type Me = MeView;
export type Role = Me['role'];

/** What the server accepts, so forms check it before sending (the server checks again). */
export type Limits = SessionState['limits'];

interface SessionValue {
  me: Me | null;
  limits: Limits;
  /** Sign-in with VNeID is offered (src/modules/integrations/vneid/). */
  vneid: boolean;
  ready: boolean;
  refresh: () => Promise<Me | null>;
  logout: () => Promise<void>;
}
const DEFAULT_LIMITS: Limits = { maxUploadBytes: 10 * 1024 * 1024 };
const SessionContext = createContext<SessionValue>({ me: null, limits: DEFAULT_LIMITS, vneid: false, ready: false, refresh: async () => null, logout: async () => {} });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [limits, setLimits] = useState<Limits>(DEFAULT_LIMITS);
  const [vneid, setVneid] = useState(false);
  const [ready, setReady] = useState(false);
  const refresh = useCallback(async () => {
    try {
      const s = await api<SessionState>('GET', '/api/auth/session');
      setMe(s.user);
      setLimits(s.limits);
      setVneid(s.vneid);
      return s.user;
    } catch {
      setMe(null);
      return null;
    } finally {
      setReady(true);
    }
  }, []);
  const logout = useCallback(async () => {
    await api('POST', '/api/auth/logout', {}).catch(() => undefined);
    setMe(null);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return <SessionContext.Provider value={{ me, limits, vneid, ready, refresh, logout }}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);

/** Where a user lands after logging in. */
export const homeOf = (me: Me) => (me.role === 'citizen' ? '/ca-nhan' : me.role === 'admin' ? '/quan-tri' : me.role === 'manager' ? '/quan-ly' : '/mot-cua');
