/** Administration (loaded on demand): organisations, officer accounts, procedures with their process, the calendar, the audit log. */
import { registerMessages, useI18n } from '../lib/i18n.tsx';
import { Link, match, useLocation } from '../lib/router.tsx';
import { Page } from '../ui/page.tsx';
import { RequireRole } from '../ui/require-role.tsx';
import { en, vi } from './messages.ts';
import { OrganisationsAdmin } from './organisations.tsx';
import { UsersAdmin } from './users.tsx';
import { ProceduresAdmin } from './procedures.tsx';
import { CalendarAdmin } from './calendar.tsx';
import { AuditAdmin } from './audit.tsx';

registerMessages(vi, en);

const SECTIONS = [
  ['co-quan', 'admin.orgs'],
  ['nguoi-dung', 'admin.users'],
  ['thu-tuc', 'admin.procedures'],
  ['lich', 'admin.calendar'],
  ['nhat-ky', 'admin.audit'],
  // Its own page and chunk (web/src/notifications/pages.tsx), routed by app.tsx before the other sections.
  ['mau-thong-bao', 'admin.notificationTemplates'],
  // The catalogue import (web/src/catalogue-import/page.tsx), likewise.
  ['nhap-danh-muc', 'admin.catalogueImport'],
  // Its own page and chunk too (web/src/reorganisation/).
  ['sap-xep-don-vi', 'admin.reorganisation'],
] as const;

export default function Admin() {
  const { t } = useI18n();
  return (
    <RequireRole roles={['admin']} title={t('admin.title')} denied={t('admin.adminsOnly')}>
      {() => <AdminPages />}
    </RequireRole>
  );
}

function AdminPages() {
  const { t } = useI18n();
  const { path } = useLocation();
  const section = match('/quan-tri/:section', path)?.section ?? 'co-quan';
  const title = t(SECTIONS.find(([s]) => s === section)?.[1] ?? 'admin.orgs');
  return (
    <Page title={`${t('admin.title')}: ${title}`}>
      <nav aria-label={t('admin.sections')}>
        <ul className="quick">
          {SECTIONS.map(([s, label]) => (
            <li key={s}>
              <Link href={`/quan-tri/${s}`} aria-current={s === section ? 'page' : undefined}>
                {t(label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {section === 'co-quan' && <OrganisationsAdmin />}
      {section === 'nguoi-dung' && <UsersAdmin />}
      {section === 'thu-tuc' && <ProceduresAdmin />}
      {section === 'lich' && <CalendarAdmin />}
      {section === 'nhat-ky' && <AuditAdmin />}
    </Page>
  );
}
