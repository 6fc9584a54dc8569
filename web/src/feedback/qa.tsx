/** /hoi-dap: published answers to feedback, the senders' personal data masked; searched without accents by the server. */
import { useState, type FormEvent } from 'react';
import { get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatDate } from '../lib/format.ts';
import { ErrorBox, Loading, Page } from '../ui/page.tsx';
import type { PublicFeedbackItem } from './parts.tsx';

const PAGE = 20;

export function QaPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const offset = Number(query.get('tu') ?? 0) || 0;
  const [text, setText] = useState(q);
  const list = useAsync(() => get<{ items: PublicFeedbackItem[]; total: number }>(`/api/public/feedback?${new URLSearchParams({ limit: String(PAGE), offset: String(offset), ...(q ? { q } : {}) })}`), [q, offset]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(text.trim() ? `/hoi-dap?q=${encodeURIComponent(text.trim())}` : '/hoi-dap');
  };
  const page = (tu: number) => `/hoi-dap?${new URLSearchParams({ ...(q ? { q } : {}), tu: String(tu) })}`;
  return (
    <Page title={t('fb.qa.title')} actions={<Link className="button primary" href="/phan-anh">{t('fb.qa.send')}</Link>}>
      <p className="lead">{t('fb.qa.lead')}</p>
      <form role="search" className="search" onSubmit={submit}>
        <label htmlFor="qa-q">{t('fb.qa.search')}</label>
        <div className="row">
          <input id="qa-q" type="search" value={text} onChange={(e) => setText(e.target.value)} maxLength={200} />
          <button type="submit">{t('fb.qa.find')}</button>
        </div>
      </form>
      <ErrorBox error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <>
          <p className="muted" aria-live="polite">
            {t('fb.qa.count', { n: list.data.total })}
          </p>
          <ul className="qa-list">
            {list.data.items.map((i) => (
              <li key={i.code}>
                <article aria-labelledby={`qa-${i.code}`}>
                  <h2 id={`qa-${i.code}`}>{i.subject}</h2>
                  <p className="muted">{t('fb.qa.answeredBy', { org: i.orgName, at: formatDate(i.publishedAt) })}</p>
                  <h3>{t('fb.qa.question')}</h3>
                  <p className="pre-wrap">{i.question}</p>
                  <h3>{t('fb.answer')}</h3>
                  <p className="pre-wrap fb-answer">{i.answer}</p>
                </article>
              </li>
            ))}
          </ul>
          <nav className="pager" aria-label={t('common.pages')}>
            {offset > 0 && <Link href={page(Math.max(0, offset - PAGE))}>{t('common.prev')}</Link>}
            {offset + PAGE < list.data.total && <Link href={page(offset + PAGE)}>{t('common.next')}</Link>}
          </nav>
        </>
      )}
    </Page>
  );
}
