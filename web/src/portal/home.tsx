import { useState, type FormEvent } from 'react';
import { get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatMoney } from '../lib/format.ts';
import type { ProcedureSummary } from '../lib/types.ts';
import { ErrorBox, Loading, Page } from '../ui/page.tsx';

const PAGE = 20;

/** Home: search the catalogue of procedures (accent-insensitive on the server), links to the rest. */
export function Home() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const offset = Number(query.get('tu') ?? 0) || 0;
  const [text, setText] = useState(q);
  const result = useAsync(() => get<{ total: number; items: ProcedureSummary[] }>(`/api/procedures?limit=${PAGE}&offset=${offset}${q ? `&q=${encodeURIComponent(q)}` : ''}`), [q, offset]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(text.trim() ? `/?q=${encodeURIComponent(text.trim())}` : '/');
  };
  return (
    <Page title={t('home.title')}>
      <p className="lead">{t('home.lead')}</p>
      <form role="search" className="search" onSubmit={submit}>
        <label htmlFor="q">{t('home.searchLabel')}</label>
        <div className="row">
          <input id="q" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('home.searchPlaceholder')} maxLength={200} />
          <button type="submit">{t('home.search')}</button>
        </div>
      </form>
      <ul className="quick">
        <li>
          <Link href="/tra-cuu">{t('home.quickLookup')}</Link>
        </li>
        <li>
          <Link href="/ca-nhan">{t('home.quickMine')}</Link>
        </li>
        <li>
          <a href={`/minh-bach?lang=${lang}`}>{t('home.quickTransparency')}</a>
        </li>
        <li>
          <Link href="/phan-anh">{t('nav.feedback')}</Link>
        </li>
        <li>
          <Link href="/hoi-dap">{t('nav.qa')}</Link>
        </li>
      </ul>
      <section aria-labelledby="results-h">
        <h2 id="results-h">{q ? t('home.resultsFor', { q }) : t('home.allProcedures')}</h2>
        <ErrorBox error={result.error} />
        {result.loading && !result.data ? (
          <Loading />
        ) : result.data ? (
          <>
            <p className="muted" aria-live="polite">
              {t('home.count', { n: result.data.total })}
            </p>
            <ul className="cards">
              {result.data.items.map((p) => (
                <li key={p.code} className="card">
                  <h3>
                    <Link href={`/thu-tuc/${encodeURIComponent(p.code)}`}>{p.name}</Link>
                  </h3>
                  <p className="meta">
                    <span>{p.field.name}</span>
                    <span>{p.duration.label}</span>
                    <span>{formatMoney(p.feeVnd, lang)}</span>
                    <span className={`badge ${p.onlineLevel}`}>{t(`online.${p.onlineLevel}`)}</span>
                  </p>
                </li>
              ))}
            </ul>
            <nav className="pager" aria-label={t('common.pages')}>
              {offset > 0 && <Link href={`/?${new URLSearchParams({ ...(q ? { q } : {}), tu: String(Math.max(0, offset - PAGE)) })}`}>{t('common.prev')}</Link>}
              {offset + PAGE < result.data.total && <Link href={`/?${new URLSearchParams({ ...(q ? { q } : {}), tu: String(offset + PAGE) })}`}>{t('common.next')}</Link>}
            </nav>
          </>
        ) : null}
      </section>
    </Page>
  );
}
