import { useState, type FormEvent } from 'react';
import { get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatDateTime } from '../lib/format.ts';
import { ErrorBox, Loading } from '../ui/page.tsx';
import { SelectField, TextField } from '../ui/field.tsx';
import type { AuditEntry } from '../../../src/modules/audit/audit.ts';
import { auditFilterChoices } from '../../../src/modules/audit/contracts.ts';

/** The server's entry, as search and export answer it (with the actor's username beside it). */
type AuditItem = AuditEntry & { actorUsername: string | null };
interface AuditPage {
  page: number;
  pageSize: number;
  hasMore: boolean;
  items: AuditItem[];
}

/** The actions the server records (src/modules/audit/audit.ts), and families to filter by. */
const ACTIONS = auditFilterChoices();

const EMPTY = { from: '', to: '', actor: '', action: '', subject: '' };
type Filters = typeof EMPTY;

const queryOf = (f: Filters) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v.trim()) q.set(k, v.trim());
  return q;
};

/** The audit log: configuration changes and staff reads of personal data, filtered, a page at a time, exportable. */
export function AuditAdmin() {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const data = useAsync(() => {
    const q = queryOf(filters);
    q.set('page', String(page));
    return get<AuditPage>(`/api/admin/audit?${q.toString()}`);
  }, [filters, page]);
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPage(1);
    setFilters(draft);
  };
  const exportUrl = (format: 'csv' | 'ndjson') => {
    const q = queryOf(filters);
    q.set('format', format);
    return `/api/admin/audit/export?${q.toString()}`;
  };
  const actionLabel = (a: string) => {
    const label = t(`audit.action.${a}`);
    return label === `audit.action.${a}` ? a : label;
  };
  return (
    <>
      <p>{t('audit.intro')}</p>
      <form className="row-form" onSubmit={submit} aria-label={t('audit.filters')}>
        <TextField label={t('audit.from')} type="date" value={draft.from} onChange={set('from')} />
        <TextField label={t('audit.to')} type="date" value={draft.to} onChange={set('to')} />
        <TextField label={t('audit.actor')} value={draft.actor} onChange={set('actor')} autoComplete="off" />
        <SelectField label={t('audit.action')} value={draft.action} onChange={set('action')}>
          <option value="">{t('audit.allActions')}</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {actionLabel(a)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('audit.subject')} value={draft.subject} onChange={set('subject')} autoComplete="off" />
        <button type="submit" className="primary">
          {t('audit.search')}
        </button>
      </form>
      <p>
        <a href={exportUrl('csv')} download>
          {t('audit.exportCsv')}
        </a>{' '}
        ·{' '}
        <a href={exportUrl('ndjson')} download>
          {t('audit.exportNdjson')}
        </a>
      </p>
      {data.loading && !data.data ? (
        <Loading />
      ) : !data.data ? (
        <ErrorBox error={data.error} />
      ) : data.data.items.length === 0 ? (
        <p>{t('audit.none')}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <caption>{t('audit.caption', { page: data.data.page })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.seq')}</th>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.subject')}</th>
                  <th scope="col">{t('audit.org')}</th>
                  <th scope="col">{t('audit.details')}</th>
                </tr>
              </thead>
              <tbody>
                {data.data.items.map((i) => (
                  <tr key={i.seq}>
                    <td>{i.seq}</td>
                    <td>{formatDateTime(i.at)}</td>
                    <td>{i.actorId ? `${i.actorUsername ?? i.actorId}${i.actorRole ? ` (${t(`user.role.${i.actorRole}`)})` : ''}` : t('audit.system')}</td>
                    <td>{actionLabel(i.action)}</td>
                    <td>
                      {i.subjectType}: {i.subjectId}
                    </td>
                    <td>{i.orgId ?? t('audit.cityWide')}</td>
                    <td>
                      <Details details={i.details} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav aria-label={t('audit.pages')} className="row">
            <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('audit.newer')}
            </button>
            <button type="button" disabled={!data.data.hasMore} onClick={() => setPage(page + 1)}>
              {t('audit.older')}
            </button>
          </nav>
        </>
      )}
    </>
  );
}

/** The fields an entry records, folded: long values (a procedure's whole definition) stay out of the way. */
function Details({ details }: { details: Record<string, unknown> }) {
  const keys = Object.keys(details);
  if (keys.length === 0) return null;
  return (
    <details>
      <summary>{keys.join(', ')}</summary>
      <pre className="audit-details">{JSON.stringify(details, null, 2)}</pre>
    </details>
  );
}
