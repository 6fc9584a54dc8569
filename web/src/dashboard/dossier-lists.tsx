/**
 * Dossier lists of the selected unit subtree: a procedure's dossiers (the end of the drill-down), those
 * overdue now, and those due within N working days (open, clock running; the API's standing=within,
 * then working time left ≤ N × 8 hours, as the desk counts it).
 */
import { useState } from 'react';
import { get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import type { DossierItem } from '../lib/types.ts';
import { ErrorBox, Loading } from '../ui/page.tsx';
import { DataTable, type ViewColumn, type Where } from './data-table.tsx';

interface List {
  total: number;
  items: DossierItem[];
}

function useColumns(extra: Array<ViewColumn<DossierItem>> = []): Array<ViewColumn<DossierItem>> {
  const { t, lang } = useI18n();
  return [
    { header: t('dash.code'), type: 'text', value: (d) => d.code },
    { header: t('dash.procedure'), type: 'text', value: (d) => d.procedure.name },
    { header: t('dash.applicant'), type: 'text', value: (d) => d.applicantName },
    { header: t('dash.status'), type: 'text', value: (d) => d.statusLabel[lang] },
    { header: t('dash.submitted'), type: 'date', value: (d) => d.submittedAt },
    { header: t('dash.due'), type: 'datetime', value: (d) => d.dueAt, className: (d) => (d.overdue ? 'late' : d.dueSoon ? 'soon' : undefined) },
    ...extra,
  ];
}

const query = (params: Record<string, string>) => `/api/dossiers?${new URLSearchParams(params).toString()}`;

export function ProcedureDossiers({ org, procedure, where }: { org: string; procedure: { code: string; name: string }; where: Where }) {
  const { t } = useI18n();
  const list = useAsync(() => get<List>(query({ org, procedure: procedure.code, limit: '200' })), [org, procedure.code]);
  const columns = useColumns([{ header: t('dash.finishedAt'), type: 'datetime', value: (d) => d.finishedAt }]);
  if (list.loading) return <Loading />;
  if (list.error) return <ErrorBox error={list.error} />;
  const { items, total } = list.data!;
  return (
    <DataTable
      id={`ho-so-${procedure.code}`}
      title={t('dash.procedureDossiers', { name: procedure.name })}
      columns={columns}
      rows={items}
      where={where}
      rowKey={(d) => d.code}
      empty={t('dash.none')}
      note={total > items.length ? <p className="muted">{t('dash.shown', { n: items.length, total })}</p> : undefined}
    />
  );
}

export function LateDossiers({ org, where }: { org: string; where: Where }) {
  const { t } = useI18n();
  const list = useAsync(() => get<List>(query({ org, standing: 'late', limit: '200' })), [org]);
  const columns = useColumns();
  if (list.loading) return <Loading />;
  if (list.error) return <ErrorBox error={list.error} />;
  const { items, total } = list.data!;
  return (
    <DataTable
      id="qua-han"
      title={`${t('dash.lateList')} (${total})`}
      columns={columns}
      rows={items}
      where={where}
      rowKey={(d) => d.code}
      empty={t('dash.none')}
      note={total > items.length ? <p className="muted">{t('dash.shown', { n: items.length, total })}</p> : undefined}
    />
  );
}

const WORKING_DAY_MINUTES = 480;

export function DueSoonDossiers({ org, where }: { org: string; where: Where }) {
  const { t } = useI18n();
  const [days, setDays] = useState(3);
  // N working days never span more than 2N + 14 calendar days (weekends and the longest holiday); the
  // server lists those due before that, earliest first, and the working time left narrows them.
  const list = useAsync(() => get<List>(query({ org, standing: 'within', dueBefore: new Date(Date.now() + (2 * days + 14) * 86400_000).toISOString(), limit: '200' })), [org, days]);
  const columns = useColumns([{ header: t('dash.leftHours'), type: 'number', value: (d) => (d.workingMinutesLeft === null ? null : Math.round((d.workingMinutesLeft / 60) * 10) / 10) }]);
  const rows = (list.data?.items ?? []).filter((d) => d.workingMinutesLeft !== null && d.workingMinutesLeft <= days * WORKING_DAY_MINUTES);
  return (
    <>
      <DataTable
        id="sap-den-han"
        title={`${t('dash.dueSoonList')} (${rows.length})`}
        columns={columns}
        rows={rows}
        where={{ ...where, period: `${where.period}-${days}d` }}
        rowKey={(d) => d.code}
        empty={list.loading ? undefined : t('dash.none')}
        note={
          <div className="field narrow">
            <label htmlFor="due-days">{t('dash.dueWithin')}</label>
            <select id="due-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {[1, 2, 3, 5, 10].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        }
      />
      {list.error && <ErrorBox error={list.error} />}
    </>
  );
}
