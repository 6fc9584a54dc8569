/**
 * The bell in the header (portal and desk): the unread count of the person's in-app notifications,
 * refreshed every minute and when the tab comes back; a link to /thong-bao. Its own small lazy chunk.
 */
import { useEffect, useState, type ReactElement } from 'react';
import { get } from '../lib/api.ts';
import { registerMessages, useI18n } from '../lib/i18n.tsx';
import { Link } from '../lib/router.tsx';
import type { NotificationList } from '../../../src/modules/notifications/contracts.ts';
import { en, vi } from './messages.ts';

registerMessages(vi, en);

export default function Bell(): ReactElement | null {
  const { t } = useI18n();
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    let alive = true;
    const refresh = () =>
      void get<NotificationList>('/api/notifications?unread=true')
        .then((r) => alive && setUnread(r.unread))
        .catch(() => undefined);
    refresh();
    const timer = setInterval(refresh, 60_000);
    const onFocus = () => document.visibilityState === 'visible' && refresh();
    document.addEventListener('visibilitychange', onFocus);
    window.addEventListener('motcua:notifications', refresh);
    return () => {
      alive = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onFocus);
      window.removeEventListener('motcua:notifications', refresh);
    };
  }, []);
  return (
    <Link href="/thong-bao" className="nt-bell" aria-label={unread > 0 ? t('nt.bellUnread', { n: unread }) : t('nt.bell')}>
      <span aria-hidden="true">🔔</span>
      {unread > 0 && (
        <span className="nt-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}
