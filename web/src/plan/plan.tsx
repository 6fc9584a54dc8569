/**
 * The reform plan pages (issue 16), a chunk of their own under /quan-ly/ke-hoach: the plan of a year with
 * every target's value, gap and light, tasks late first (tasks.tsx), inspections and the share inspected,
 * the periodic report to download. Officers read; managers and administrators of the plan's unit edit;
 * leaders report their unit's progress. The server decides every permission; the page only hides buttons.
 */
import { useState, type FormEvent } from 'react';
import { api, get } from '../lib/api.ts';
import { pick, registerMessages, useI18n } from '../lib/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSave } from '../lib/use-save.ts';
import { formatDate, formatDateTime, formatNumber } from '../lib/format.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { RequireRole } from '../ui/require-role.tsx';
import { SelectField, TextField } from '../ui/field.tsx';
import type { MeasureList, PlanView, TargetView } from '../../../src/modules/reform-plan/contracts.ts';
import { en, vi } from './messages.ts';
import { InspectionsSection, TasksSection } from './tasks.tsx';

registerMessages(vi, en);

const CMP = { '>=': '≥', '<=': '≤', '<': '<', '>': '>' } as const;

/** A value in its unit: shares as percentages, points and ranks as numbers. */
export function formatValue(v: number | null, unit: TargetView['unit']): string {
  if (v === null) return '—';
  return unit === 'share' ? `${formatNumber(Math.round(v * 10_000) / 100)} %` : formatNumber(Math.round(v * 100) / 100);
}

export function Light({ light }: { light: TargetView['light'] }) {
  const { t } = useI18n();
  // The word carries the meaning; the colour only repeats it.
  return <span className={`plan-light ${light}`}>{t(`pl.light.${light}`)}</span>;
}

export default function PlanPage() {
  const { t } = useI18n();
  return (
    <RequireRole roles={['reception', 'specialist', 'leader', 'manager', 'admin']} title={t('pl.title')} denied={t('pl.denied')}>
      {() => <PlanScreen />}
    </RequireRole>
  );
}

function PlanScreen() {
  const { t } = useI18n();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [period, setPeriod] = useState('');
  const code = period ? `${year}-${period}` : String(year);
  const plan = useAsync(() => get<PlanView>(`/api/plans/${year}${period ? `?period=${code}` : ''}`), [year, period]);
  const measures = useAsync(() => get<MeasureList>('/api/plan-measures'), []);
  const periods = ['', 'Q1', 'Q2', 'Q3', 'Q4', 'H1', 'H2'];
  const periodLabel = (p: string) => (p === '' ? t('pl.period.year') : p.startsWith('Q') ? t('pl.period.Q', { q: p.slice(1) }) : t(`pl.period.${p}`));
  return (
    <Page title={t('pl.title')}>
      <div className="plan-pick">
        <SelectField label={t('pl.year')} value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('pl.period')} value={period} onChange={(e) => setPeriod(e.target.value)}>
          {periods.map((p) => (
            <option key={p} value={p}>
              {periodLabel(p)}
            </option>
          ))}
        </SelectField>
      </div>
      {plan.loading && <Loading />}
      {plan.error && (plan.error.status === 404 ? <Notice>{t('pl.none')}</Notice> : <ErrorBox error={plan.error} />)}
      {plan.data && (
        <>
          <h2>
            <span lang="vi">{plan.data.title}</span>
          </h2>
          <p>
            {t('pl.summary', { green: plan.data.counts.green, amber: plan.data.counts.amber, red: plan.data.counts.red, none: plan.data.counts.none, late: plan.data.counts.lateTasks })}{' '}
            <span className="muted">{t('pl.asOf', { date: formatDateTime(plan.data.asOf) })}</span>
          </p>
          <TargetsSection plan={plan.data} measures={measures.data} reload={plan.reload} />
          <TasksSection plan={plan.data} reload={plan.reload} units={measures.data?.units ?? []} />
          <InspectionsSection plan={plan.data} reload={plan.reload} units={measures.data?.units ?? []} />
          <section aria-labelledby="h-pl-report">
            <h2 id="h-pl-report">{t('pl.report')}</h2>
            <p className="muted">{t('pl.reportHint')}</p>
            <p className="plan-actions">
              <a className="button" href={`/api/plans/${year}/report.pdf?org=${encodeURIComponent(plan.data.orgId)}&period=${code}`} download>
                {t('pl.downloadPdf')} ({periodLabel(period)})
              </a>{' '}
              <a className="button" href={`/api/plans/${year}/report.xlsx?org=${encodeURIComponent(plan.data.orgId)}&period=${code}`} download>
                {t('pl.downloadXlsx')}
              </a>
            </p>
          </section>
        </>
      )}
    </Page>
  );
}

function TargetsSection({ plan, measures, reload }: { plan: PlanView; measures: MeasureList | null; reload: () => Promise<void> }) {
  const { t, lang } = useI18n();
  return (
    <section aria-labelledby="h-pl-targets">
      <h2 id="h-pl-targets">{t('pl.targets')}</h2>
      <div className="table-wrap">
        <table data-table="plan-targets">
          <thead>
            <tr>
              <th scope="col">{t('pl.target')}</th>
              <th scope="col">{t('pl.requirement')}</th>
              <th scope="col" className="num">{t('pl.value')}</th>
              <th scope="col" className="num">{t('pl.gap')}</th>
              <th scope="col">{t('pl.light')}</th>
              <th scope="col">{t('pl.source')}</th>
            </tr>
          </thead>
          <tbody>
            {plan.targets.map((x) => (
              <tr key={x.id}>
                <td>
                  {pick(x.name, lang)}
                  <TargetDetails target={x} plan={plan} measures={measures} reload={reload} />
                </td>
                <td>
                  {CMP[x.comparison]} {formatValue(x.threshold, x.unit)}
                </td>
                <td className="num">{formatValue(x.value, x.unit)}</td>
                <td className="num">{x.gap === null ? '—' : formatValue(x.gap, x.unit)}</td>
                <td>
                  <Light light={x.light} />
                </td>
                <td>
                  {t(`pl.source.${x.source}`)}
                  {x.reason && <div className="muted">{pick(x.reason, lang)}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {plan.canEdit && measures && <TargetForm plan={plan} measures={measures} reload={reload} />}
    </section>
  );
}

function TargetDetails({ target: x, plan, measures, reload }: { target: TargetView; plan: PlanView; measures: MeasureList | null; reload: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const canReport = plan.canEdit && x.source !== 'live';
  if (!x.figures.length && !x.rows.length && !x.lastReport && !canReport && !plan.canEdit) return null;
  return (
    <details>
      <summary>{t('pl.details')}</summary>
      <p className="muted">{pick(x.measureLabel, lang)}</p>
      {x.figures.length > 0 && (
        <ul>
          {x.figures.map((f, i) => (
            <li key={i}>
              {pick(f.label, lang)}: {typeof f.value === 'number' ? formatNumber(f.value) : (f.value ?? '—')}
            </li>
          ))}
        </ul>
      )}
      {x.rows.length > 0 && (
        <table data-table="plan-rows">
          <caption>{t('pl.byField')}</caption>
          <tbody>
            {x.rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">
                  <span lang="vi">{r.name}</span>
                </th>
                <td className="num">
                  {formatValue(r.value, x.unit)} ({r.numerator ?? '—'}/{r.denominator ?? '—'})
                </td>
                <td>
                  <Light light={r.light} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {x.lastReport && (
        <p>
          {t('pl.reportedBy', { date: formatDate(x.lastReport.reportedOn), who: x.lastReport.reportedBy })}
          {x.lastReport.evidenceUrl && (
            <>
              {' — '}
              <a href={x.lastReport.evidenceUrl} rel="noopener noreferrer" target="_blank">
                {t('pl.evidence')}
              </a>
            </>
          )}
        </p>
      )}
      {canReport && <ReportValueForm target={x} reload={reload} />}
      {plan.canEdit && measures && <TargetForm plan={plan} measures={measures} reload={reload} target={x} />}
    </details>
  );
}

const toInput = (v: number, unit: TargetView['unit']) => (unit === 'share' ? String(Math.round(v * 10_000) / 100) : String(v));
const fromInput = (s: string, unit: TargetView['unit']) => (unit === 'share' ? Number(s.replace(',', '.')) / 100 : Number(s.replace(',', '.')));

function ReportValueForm({ target, reload }: { target: TargetView; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const save = useSave();
  const [value, setValue] = useState('');
  const [day, setDay] = useState(new Date().toISOString().slice(0, 10));
  const [url, setUrl] = useState('');
  const [note, setNote] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(async () => {
      await api('POST', `/api/plan-targets/${target.id}/reports`, { value: fromInput(value, target.unit), reportedOn: day, evidenceUrl: url || undefined, note: note || undefined });
      await reload();
    });
  };
  return (
    <form onSubmit={submit} className="plan-form">
      <h3>{t('pl.reportValue')}</h3>
      <TextField label={t('pl.valueInput')} inputMode="decimal" required value={value} onChange={(e) => setValue(e.target.value)} error={save.fe('value')} />
      <TextField label={t('pl.reportedOn')} type="date" required value={day} onChange={(e) => setDay(e.target.value)} error={save.fe('reportedOn')} />
      <TextField label={t('pl.evidenceUrl')} type="url" value={url} onChange={(e) => setUrl(e.target.value)} error={save.fe('evidenceUrl')} />
      <TextField label={t('pl.note')} value={note} onChange={(e) => setNote(e.target.value)} />
      <ErrorBox error={save.error} />
      <button type="submit" disabled={save.busy}>
        {t('pl.save')}
      </button>
    </form>
  );
}

function TargetForm({ plan, measures, reload, target }: { plan: PlanView; measures: MeasureList; reload: () => Promise<void>; target?: TargetView }) {
  const { t, lang } = useI18n();
  const save = useSave();
  const [f, setF] = useState({
    nameVi: target?.name.vi ?? '',
    nameEn: target?.name.en ?? '',
    kind: target?.kind ?? 'computed',
    measure: target?.measure ?? measures.items[0]!.code,
    comparison: target?.comparison ?? '>=',
    threshold: target ? toInput(target.threshold, target.unit) : '',
  });
  const unit = measures.items.find((m) => m.code === f.measure)?.unit ?? 'share';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(async () => {
      const body = { nameVi: f.nameVi, nameEn: f.nameEn, kind: f.kind, measure: f.measure, comparison: f.comparison, threshold: fromInput(f.threshold, unit), scope: target?.scope ?? {} };
      if (target) await api('PUT', `/api/plan-targets/${target.id}`, body);
      else await api('POST', `/api/plans/${plan.year}/targets?org=${encodeURIComponent(plan.orgId)}`, body);
      await reload();
    });
  };
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  return (
    <details>
      <summary>{target ? t('pl.editTarget') : t('pl.addTarget')}</summary>
      <form onSubmit={submit} className="plan-form">
        <TextField label={t('pl.nameVi')} required value={f.nameVi} onChange={set('nameVi')} error={save.fe('nameVi')} />
        <TextField label={t('pl.nameEn')} required value={f.nameEn} onChange={set('nameEn')} error={save.fe('nameEn')} />
        <SelectField label={t('pl.kind')} value={f.kind} onChange={set('kind')}>
          <option value="computed">{t('pl.kind.computed')}</option>
          <option value="manual">{t('pl.kind.manual')}</option>
        </SelectField>
        <SelectField label={t('pl.measure')} value={f.measure} onChange={set('measure')} error={save.fe('measure')}>
          {measures.items
            .filter((m) => (f.kind === 'computed' ? m.computed : true))
            .map((m) => (
              <option key={m.code} value={m.code}>
                {pick(m.label, lang)}
              </option>
            ))}
        </SelectField>
        <SelectField label={t('pl.comparison')} value={f.comparison} onChange={set('comparison')}>
          {(Object.keys(CMP) as Array<keyof typeof CMP>).map((c) => (
            <option key={c} value={c}>
              {CMP[c]}
            </option>
          ))}
        </SelectField>
        <TextField label={t('pl.threshold')} inputMode="decimal" required value={f.threshold} onChange={set('threshold')} error={save.fe('threshold')} />
        <ErrorBox error={save.error} />
        {save.saved && <Notice kind="success">{t('pl.saved')}</Notice>}
        <button type="submit" disabled={save.busy}>
          {t('pl.save')}
        </button>
      </form>
    </details>
  );
}
