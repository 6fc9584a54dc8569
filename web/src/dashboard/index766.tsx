/**
 * The 766 index of the selected unit for the period's month: the total and band, how many of the points
 * are measured from data, not applicable (given in full by rule) or without a data source yet (scored 0),
 * and every criterion with its status and, unless measured, the reason.
 */
import { get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatNumber } from '../lib/format.ts';
import { ErrorBox, Loading } from '../ui/page.tsx';
import { DataTable, type Where } from './data-table.tsx';
import type { Index766Report } from '../../../src/modules/measurement/contracts.ts';

type Criterion = Index766Report['criteria'][number];

export function Index766Section({ org, month, isMonth, where }: { org: string; month: string; isMonth: boolean; where: Where }) {
  const { t, lang } = useI18n();
  const r = useAsync(() => get<Index766Report>(`/api/stats/index766?org=${encodeURIComponent(org)}&period=${month}`), [org, month]);
  if (r.loading) return <Loading />;
  if (r.error) return <ErrorBox error={r.error} />;
  const d = r.data!;
  return (
    <section aria-labelledby="h-index766">
      <h2 id="h-index766">{t('dash.index')}</h2>
      <p>{t('dash.indexFor', { period: `${month.slice(5, 7)}/${month.slice(0, 4)}` })}</p>
      {!isMonth && <p className="muted">{t('dash.indexRangeNote')}</p>}
      <ul className="cards kpis">
        <li className="card">
          {t('dash.score')}
          <b data-kpi="index766">
            {formatNumber(d.total)} / {formatNumber(d.max)}
          </b>
        </li>
        <li className="card">
          {t('dash.band')}
          <b>{t(`dash.band.${d.band}`)}</b>
        </li>
      </ul>
      <p data-kpi="index766-points">{t('dash.points', { measured: d.measuredPoints, na: d.notApplicablePoints, nodata: d.noDataPoints })}</p>
      <DataTable<Criterion>
        id="chi-so-766"
        level={3}
        title={t('dash.criterion')}
        where={{ ...where, period: month }}
        rows={d.criteria}
        rowKey={(c) => c.code}
        columns={[
          // The official name in Vietnamese; in English the catalogue's translation of it (the code stays the key).
          { header: t('dash.criterion'), type: 'text', value: (c) => `${c.code}. ${lang === 'en' ? t(`dash.c766.${c.code}`) : c.label}` },
          { header: t('dash.numerator'), type: 'number', value: (c) => c.numerator },
          { header: t('dash.denominator'), type: 'number', value: (c) => c.denominator },
          { header: t('dash.score'), type: 'number', value: (c) => c.score },
          { header: t('dash.max'), type: 'number', value: (c) => c.max },
          { header: t('dash.criterionStatus'), type: 'text', value: (c) => t(`dash.status.${c.status}`) },
          { header: t('dash.reason'), type: 'text', value: (c) => (c.reason ? c.reason[lang] : '') },
        ]}
      />
    </section>
  );
}
