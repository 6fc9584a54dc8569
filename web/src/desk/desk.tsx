/**
 * The officers' desk (loaded on demand): queues by status with counts, the working time left on each
 * dossier, one dossier with only the actions allowed now, and the receipt's print view.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { get } from '../lib/api.ts';
import { pick, registerMessages, useI18n } from '../lib/i18n.tsx';
import { Link, match, navigate, useLocation } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatDateTime } from '../lib/format.ts';
import { TimeLeft } from './time-left.tsx';
import type { DossierItem } from '../lib/types.ts';
import { ErrorBox, Loading, Page } from '../ui/page.tsx';
import { RequireRole } from '../ui/require-role.tsx';
import { en, vi } from './messages.ts';
import { DeskDossier } from './dossier.tsx';
import { ReceiptPrint } from './receipt.tsx';
import { QUEUES, queueFor } from './queues.ts';
import { DeskAccounts } from './accounts.tsx';
import { WalkInReception } from './walk-in.tsx';
import { FeedbackIntake, FeedbackItem, FeedbackQueue } from './feedback.tsx';
import { useSession } from '../lib/session.tsx';
import type { DossierSummary } from '../../../src/modules/dossiers/contracts.ts';

registerMessages(vi, en);

export default function Desk() {
  const { t } = useI18n();
  return (
    <RequireRole roles={['reception', 'specialist', 'leader', 'admin']} title={t('desk.title')} denied={t('desk.officersOnly')}>
      {() => <DeskPages />}
    </RequireRole>
  );
}

function DeskPages() {
  const { path } = useLocation();
  const { me } = useSession();
  let p: Record<string, string> | null;
  if ((p = match('/mot-cua/ho-so/:code', path))) return <DeskDossier code={p.code!} />;
  if ((p = match('/mot-cua/bien-nhan/:code', path))) return <ReceiptPrint code={p.code!} />;
  if (match('/mot-cua/tai-khoan', path)) return <DeskAccounts />;
  if (match('/mot-cua/tiep-nhan', path)) return <WalkInReception />;
  if (match('/mot-cua/phan-anh', path)) return <FeedbackQueue />;
  if (match('/mot-cua/phan-anh/tiep-nhan', path)) return <FeedbackIntake orgId={me?.orgId ?? ''} />;
  if ((p = match('/mot-cua/phan-anh/:code', path))) return <FeedbackItem code={p.code!} />;
  return <Queues />;
}

type Summary = DossierSummary;

function Queues() {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const { query } = useLocation();
  const queue = queueFor(query.get('hang'), me?.role);
  const q = query.get('ma') ?? '';
  const [text, setText] = useState(q);
  const search = useRef<HTMLInputElement>(null);
  const summary = useAsync(() => get<Summary>('/api/dossiers/summary'), []);
  const list = useAsync(() => {
    const params = new URLSearchParams({ limit: '100' });
    if (queue === 'late') params.set('late', 'true');
    else if (queue !== 'all') params.set('status', queue);
    if (q) params.set('q', q);
    return get<{ total: number; items: DossierItem[] }>(`/api/dossiers?${params}`);
  }, [queue, q]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement).tagName;
      if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(tag)) {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const count = (k: string) => (k === 'late' ? summary.data?.late : k === 'all' ? Object.values(summary.data?.byStatus ?? {}).reduce((a, b) => a + b, 0) : summary.data?.byStatus[k as keyof Summary['byStatus']]);
  const go = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/mot-cua?${new URLSearchParams({ hang: 'all', ...(text.trim() ? { ma: text.trim() } : {}) })}`);
  };
  return (
    <Page title={t('desk.title')} actions={
        me?.role === 'reception' ? (
          <>
            <Link className="button primary" href="/mot-cua/tiep-nhan">
              {t('walkIn.link')}
            </Link>{' '}
            <Link href="/mot-cua/tai-khoan">{t('deskAccounts.link')}</Link>{' '}
            <Link href="/mot-cua/phan-anh">{t('fb.desk.link')}</Link>
          </>
        ) : (
          <Link href="/mot-cua/phan-anh">{t('fb.desk.link')}</Link>
        )
      }>
      {summary.data && (
        <p role="status">
          <span className={summary.data.late ? 'late' : ''}>{t('desk.lateCount', { n: summary.data.late })}</span> ·{' '}
          <span className={summary.data.dueSoon ? 'soon' : ''}>{t('desk.dueSoonCount', { n: summary.data.dueSoon })}</span>
        </p>
      )}
      <div className="desk-layout">
        <nav aria-label={t('desk.queues')}>
          <ul className="queues">
            {QUEUES.map((k) => (
              <li key={k}>
                <Link href={`/mot-cua?hang=${k}`} aria-current={k === queue && !q ? 'page' : undefined}>
                  <span>{t(`desk.q.${k}`)}</span>
                  <span className={`count${k === 'late' && count(k) ? ' late' : ''}`}>{count(k) ?? '…'}</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <section aria-labelledby="queue-h">
          <form role="search" className="row-form" onSubmit={go}>
            <div className="field">
              <label htmlFor="desk-q">{t('desk.search')}</label>
              <input id="desk-q" ref={search} type="search" value={text} onChange={(e) => setText(e.target.value)} maxLength={64} aria-describedby="desk-q-hint" />
              <div className="hint" id="desk-q-hint">
                {t('desk.searchHint')}
              </div>
            </div>
            <button type="submit">{t('desk.find')}</button>
          </form>
          <h2 id="queue-h">
            {q ? t('desk.results', { q }) : t(`desk.q.${queue}`)} {list.data ? `(${t('desk.total', { n: list.data.total })})` : ''}
          </h2>
          <ErrorBox error={list.error} />
          {list.loading && !list.data && <Loading />}
          {list.data && list.data.items.length === 0 && <p>{t('desk.empty')}</p>}
          {list.data && list.data.items.length > 0 && (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('desk.code')}</th>
                    <th scope="col">{t('desk.procedure')}</th>
                    <th scope="col">{t('desk.applicant')}</th>
                    <th scope="col">{t('desk.submitted')}</th>
                    <th scope="col">{t('desk.due')}</th>
                    <th scope="col">{t('desk.left')}</th>
                    <th scope="col">{t('desk.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((d) => (
                    <tr key={d.code}>
                      <td>
                        <Link href={`/mot-cua/ho-so/${encodeURIComponent(d.code)}`}>{d.code}</Link>
                      </td>
                      <td>{d.procedure.name}</td>
                      <td>{d.applicantName}</td>
                      <td>{formatDateTime(d.submittedAt)}</td>
                      <td>{formatDateTime(d.dueAt)}</td>
                      <td>
                        <TimeLeft item={d} />
                      </td>
                      <td>{pick(d.statusLabel, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </Page>
  );
}
