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
      {/* A drawn bell, not the emoji: machines without an emoji font (many office PCs) showed an empty box. */}
      <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 && (
        <span className="nt-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}
