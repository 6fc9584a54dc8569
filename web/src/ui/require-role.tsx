import { useEffect, type ReactNode } from 'react';
import { navigate, useLocation } from '../lib/router.tsx';
import { useSession, type Me, type Role } from '../lib/session.tsx';
import { Notice, Page } from './page.tsx';

/**
 * Officers' areas: without a session, go to the login page and come back; with the wrong role, say
 * so. The redirect runs after rendering (navigating during render would update other components).
 */
export function RequireRole({ roles, title, denied, children }: { roles: Role[]; title: string; denied: string; children: (me: Me) => ReactNode }) {
  const { me } = useSession();
  const { path } = useLocation();
  useEffect(() => {
    if (!me) navigate(`/dang-nhap?next=${encodeURIComponent(path)}`, { replace: true });
  }, [me, path]);
  if (!me) return null;
  if (!roles.includes(me.role)) {
    return (
      <Page title={title}>
        <Notice kind="warning">{denied}</Notice>
      </Page>
    );
  }
  return <>{children(me)}</>;
}
