/**
 * The PAR Index pages (issue 16), a chunk of their own under /chi-so-cchc: the assessments an officer may see
 * (and opening their unit's), one assessment (assessment.tsx: self-assessment, appraisal, publication,
 * corrections), and the published results, public, with their XLSX and PDF exports.
 */
import { useEffect, useState } from 'react';
import { api, get } from '../lib/api.ts';
import { registerMessages, useI18n } from '../lib/i18n.tsx';
import { Link, match, navigate, useLocation } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSave } from '../lib/use-save.ts';
import { formatNumber } from '../lib/format.ts';
import type { Me } from '../lib/session.tsx';
import { ErrorBox, Loading, Page } from '../ui/page.tsx';
import { RequireRole } from '../ui/require-role.tsx';
import { SelectField } from '../ui/field.tsx';
import type { AssessmentList, AssessmentView, ParResults } from '../../../src/modules/par-index/contracts.ts';
import type { z } from 'zod';
import { en, vi } from './messages.ts';
import { AssessmentPage } from './assessment.tsx';

registerMessages(vi, en);

const YEARS = [2025, 2026, 2027];
const thisYear = () => Math.min(Math.max(new Date().getFullYear(), YEARS[0]!), YEARS[YEARS.length - 1]!);
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${formatNumber(Math.round(v * 1000) / 10)} %`);

export default function ParIndex() {
  const { t } = useI18n();
  const { path } = useLocation();
  if (match('/chi-so-cchc/ket-qua', path)) return <ResultsPage />;
  const one = match('/chi-so-cchc/danh-gia/:id', path);
  return (
    <RequireRole roles={['specialist', 'leader', 'manager', 'admin']} title={t('par.title')} denied={t('par.denied')}>
      {(me) => (one ? <AssessmentPage id={one.id!} /> : <HomePage me={me} />)}
    </RequireRole>
  );
}

function HomePage({ me }: { me: Me }) {
  const { t } = useI18n();
  const [year, setYear] = useState(thisYear());
  const list = useAsync(() => get<z.infer<typeof AssessmentList>>(`/api/par/assessments?year=${year}`).then((r) => r.items), [year]);
  const open = useSave();
  return (
    <Page title={t('par.title')} actions={<Link href={`/chi-so-cchc/ket-qua?nam=${year}`}>{t('par.results')}</Link>}>
      <SelectField label={t('par.year')} value={String(year)} onChange={(e) => setYear(Number(e.target.value))}>
        {YEARS.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </SelectField>
      {me.orgId && (
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={open.busy}
            onClick={() => void open.run(async () => navigate(`/chi-so-cchc/danh-gia/${(await api<AssessmentView>('POST', '/api/par/assessments', { year, orgId: me.orgId })).id}`))}
          >
            {t('par.open')}
          </button>
          <a href={`/api/par/sets/${year}/ward/xlsx`} download>
            {t('par.setXlsx')} — {t('par.group.ward')}
          </a>
          <a href={`/api/par/sets/${year}/department/xlsx`} download>
            {t('par.setXlsx')} — {t('par.group.department')}
          </a>
        </div>
      )}
      <ErrorBox error={open.error} />
      <h2>{t('par.assessments')}</h2>
      <ErrorBox error={list.error} />
      {list.loading && <Loading />}
      {list.data && list.data.length === 0 && <p className="muted">{t('par.none')}</p>}
      {list.data && list.data.length > 0 && (
        <div className="table-wrap">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">{t('par.unit')}</th>
                <th scope="col">{t('par.group')}</th>
                <th scope="col">{t('par.status')}</th>
                <th scope="col" className="num">{t('par.selfTotal')}</th>
                <th scope="col" className="num">{t('par.finalTotal')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((a) => (
                <tr key={a.id}>
                  <td data-label={t('par.unit')} lang="vi">
                    <Link href={`/chi-so-cchc/danh-gia/${a.id}`}>{a.orgName}</Link>
                  </td>
                  <td data-label={t('par.group')}>{t(`par.group.${a.group}`)}</td>
                  <td data-label={t('par.status')}>{t(`par.status.${a.status}`)}</td>
                  <td data-label={t('par.selfTotal')} className="num">{formatNumber(a.selfTotal)}</td>
                  <td data-label={t('par.finalTotal')} className="num">{a.finalTotal === null ? '—' : formatNumber(a.finalTotal)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

/** Published results, for everyone: ranking, bands, the share rated good or better, exports. */
function ResultsPage() {
  const { t } = useI18n();
  const params = new URLSearchParams(location.search);
  const [year, setYear] = useState(Number(params.get('nam')) || thisYear());
  // No year asked for: a year's index is published in the next one, so step back to the latest year with results.
  const [chosen, setChosen] = useState(Number(params.get('nam')) > 0);
  const [group, setGroup] = useState<'ward' | 'department'>(params.get('nhom') === 'department' ? 'department' : 'ward');
  const res = useAsync(() => get<ParResults>(`/api/par/${year}/results?group=${group}`), [year, group]);
  const r = res.data;
  useEffect(() => {
    if (!chosen && r && r.year === year && r.units.length === 0 && year > YEARS[0]!) setYear(year - 1);
  }, [chosen, r, year]);
  const sign = (x: number) => (x > 0 ? `+${formatNumber(x)}` : formatNumber(x));
  return (
    <Page title={t('par.publicTitle')}>
      <div className="par-filters">
        <SelectField
          label={t('par.year')}
          value={String(year)}
          onChange={(e) => {
            setChosen(true);
            setYear(Number(e.target.value));
          }}
        >
          {YEARS.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('par.group')} value={group} onChange={(e) => setGroup(e.target.value === 'department' ? 'department' : 'ward')}>
          <option value="ward">{t('par.group.ward')}</option>
          <option value="department">{t('par.group.department')}</option>
        </SelectField>
      </div>
      <ErrorBox error={res.error} />
      {res.loading && <Loading />}
      {r && r.units.length === 0 && <p className="muted">{t('par.noResults')}</p>}
      {r && r.units.length > 0 && (
        <>
          <p data-figure="good-share">
            {t('par.goodShare', { share: pct(r.goodOrBetter.share), count: r.goodOrBetter.count, of: r.goodOrBetter.of, target: pct(r.goodOrBetter.target) })}{' '}
            <strong>{r.goodOrBetter.met ? t('par.met') : t('par.notMet')}</strong>
          </p>
          <div className="table-wrap">
            <table className="stack" data-table="par-results">
              <thead>
                <tr>
                  <th scope="col" className="num">{t('par.rank')}</th>
                  <th scope="col">{t('par.unit')}</th>
                  <th scope="col" className="num">{t('par.total')}</th>
                  <th scope="col">{t('par.band')}</th>
                  {r.areas.map((a) => (
                    <th key={a.code} scope="col" className="num" title={a.name}>
                      {t('par.area')} {a.code} ({formatNumber(a.max)})
                    </th>
                  ))}
                  <th scope="col" className="num">{t('par.change')}</th>
                </tr>
              </thead>
              <tbody>
                {r.units.map((u) => (
                  <tr key={u.orgId} data-unit={u.orgId}>
                    <td data-label={t('par.rank')} className="num" data-cell="rank">{u.rank}</td>
                    <td data-label={t('par.unit')} lang="vi">
                      {u.orgName}
                      {u.corrected ? ' *' : ''}
                    </td>
                    <td data-label={t('par.total')} className="num" data-cell="total">{formatNumber(u.total)}</td>
                    <td data-label={t('par.band')} data-cell="band">
                      <span className={`par-band ${u.band}`}>{t(`par.band.${u.band}`)}</span>
                    </td>
                    {r.areas.map((a) => (
                      <td key={a.code} data-label={`${t('par.area')} ${a.code}`} className="num">
                        {formatNumber(u.areas.find((x) => x.code === a.code)?.score ?? 0)}
                      </td>
                    ))}
                    <td data-label={t('par.change')} className="num">{u.change === null ? '—' : sign(u.change)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {r.units.some((u) => u.corrected) && <p className="muted">{t('par.corrected')}</p>}
          <ol className="muted par-areas" lang="vi">
            {r.areas.map((a) => (
              <li key={a.code} value={Number(a.code)}>
                {a.name}
              </li>
            ))}
          </ol>
        </>
      )}
      {r && (
        <>
          <p className="muted">{t('par.thresholds', { ...r.bands })}</p>
          <p className="muted">{t('par.illustrative')}</p>
          <div className="actions">
            <a href={`/api/par/${year}/results.xlsx?group=${group}`} download>
              {t('par.downloadXlsx')}
            </a>
            <a href={`/api/par/${year}/results.pdf?group=${group}`} download>
              {t('par.downloadPdf')}
            </a>
          </div>
        </>
      )}
    </Page>
  );
}
