/**
 * The managers' dashboard (/quan-ly, loaded on demand): figures of a unit subtree for a month or a range
 * of days, the twelve-month trend and the channel mix as charts, drill-down unit → procedure → dossiers,
 * the late and due-soon lists and the 766 index. Every table downloads as XLSX and CSV. Figures come from
 * GET /api/stats/kpis (received apart from refused at intake, with the reasons) and /api/stats/index766.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { get } from '../lib/api.ts';
import { registerMessages, useI18n } from '../lib/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import { Link } from '../lib/router.tsx';
import { formatDate, formatNumber } from '../lib/format.ts';
import type { Me } from '../lib/session.tsx';
import type { Organisation } from '../lib/types.ts';
import { ErrorBox, Loading, Page } from '../ui/page.tsx';
import { RequireRole } from '../ui/require-role.tsx';
import type { KpiReport } from '../../../src/modules/measurement/contracts.ts';
import { en, vi } from './messages.ts';
import { monthPeriod, rangePeriod, trendMonths, trendStart, vietnamToday, type Period } from './period.ts';
import { DataTable, formatRate, type Where } from './data-table.tsx';
import { Chart, type ChartOption } from './chart.tsx';
import { DueSoonDossiers, LateDossiers, ProcedureDossiers } from './dossier-lists.tsx';
import { Index766Section } from './index766.tsx';
import { unitRows, type UnitRow } from './units.ts';

registerMessages(vi, en);

type Group = KpiReport['groups'][number];

export default function Dashboard() {
  const { t } = useI18n();
  return (
    <RequireRole roles={['manager', 'admin', 'leader']} title={t('dash.title')} denied={t('dash.denied')}>
      {(me) => <DashboardPage me={me} />}
    </RequireRole>
  );
}

function PeriodPicker({ period, onChange }: { period: Period; onChange: (p: Period) => void }) {
  const { t } = useI18n();
  const [month, setMonth] = useState(period.isMonth ? period.label : period.indexMonth);
  const [range, setRange] = useState(!period.isMonth);
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (range && from && to) onChange(rangePeriod(from, to));
    else if (!range && /^\d{4}-\d{2}$/.test(month)) onChange(monthPeriod(month));
  };
  return (
    <form className="row-form period" onSubmit={submit} aria-label={t('dash.period')}>
      {range ? (
        <>
          <div className="field">
            <label htmlFor="dash-from">{t('dash.from')}</label>
            <input id="dash-from" type="date" required value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="dash-to">{t('dash.to')}</label>
            <input id="dash-to" type="date" required value={to} min={from} onChange={(e) => setTo(e.target.value)} />
          </div>
        </>
      ) : (
        <div className="field">
          <label htmlFor="dash-month">{t('dash.month')}</label>
          <input id="dash-month" type="month" required value={month} onChange={(e) => setMonth(e.target.value)} />
        </div>
      )}
      <label className="choice">
        <input type="checkbox" checked={range} onChange={(e) => setRange(e.target.checked)} /> {t('dash.useRange')}
      </label>
      <button type="submit" className="primary">
        {t('dash.show')}
      </button>
    </form>
  );
}

function DashboardPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const [period, setPeriod] = useState<Period>(() => monthPeriod(vietnamToday().slice(0, 7)));
  const [org, setOrg] = useState(me.orgId ?? '');
  const [procedure, setProcedure] = useState<{ code: string; name: string } | null>(null);
  const orgs = useAsync(() => get<{ items: Organisation[] }>('/api/organisations').then((r) => r.items), []);
  const go = (id: string) => {
    setOrg(id);
    setProcedure(null);
  };
  const chain = useMemo(() => {
    const all = orgs.data ?? [];
    const out: Organisation[] = [];
    let o = all.find((x) => x.id === org);
    while (o) {
      out.unshift(o);
      if (o.id === me.orgId) break;
      const parent: string | null = o.parentId;
      o = all.find((x) => x.id === parent);
    }
    return out;
  }, [orgs.data, org, me.orgId]);
  return (
    <Page title={t('dash.title')} actions={
        <span className="plan-actions">
          <Link href="/quan-ly/ke-hoach">{t('dash.plan')}</Link>
          {me.role !== 'leader' && <Link href="/quan-ly/khao-sat">{t('dash.surveys')}</Link>}
        </span>
      }
    >
      <PeriodPicker period={period} onChange={(p) => setPeriod(p)} />
      <nav aria-label={t('dash.units')} className="crumbs">
        <ol>
          {chain.map((o, i) => (
            // Names of units are Vietnamese data, in English mode too: said as Vietnamese.
            <li key={o.id} lang="vi">
              {i === chain.length - 1 ? (
                <span aria-current="location">{o.name}</span>
              ) : (
                <button type="button" className="link" onClick={() => go(o.id)}>
                  {o.name}
                </button>
              )}
            </li>
          ))}
        </ol>
      </nav>
      {orgs.error && <ErrorBox error={orgs.error} />}
      {org && orgs.data && <Figures key={`${org}|${period.label}`} org={org} period={period} orgs={orgs.data} go={go} procedure={procedure} setProcedure={setProcedure} />}
    </Page>
  );
}

function Figures({
  org,
  period,
  orgs,
  go,
  procedure,
  setProcedure,
}: {
  org: string;
  period: Period;
  orgs: Organisation[];
  go: (id: string) => void;
  procedure: { code: string; name: string } | null;
  setProcedure: (p: { code: string; name: string }) => void;
}) {
  const { t } = useI18n();
  const data = useAsync(async () => {
    const kpis = (groupBy: string, from = period.from) => get<KpiReport>(`/api/stats/kpis?org=${encodeURIComponent(org)}&from=${from}&to=${period.to}&groupBy=${groupBy}`);
    const [sum, byOrg, byProc, byChannel, byMonth] = await Promise.all([kpis('none'), kpis('org'), kpis('procedure'), kpis('channel'), kpis('month', trendStart(period.to))]);
    return { sum, byOrg, byProc, byChannel, byMonth };
  }, [org, period.from, period.to]);
  if (data.loading) return <Loading />;
  if (data.error) return <ErrorBox error={data.error} />;
  const { sum, byOrg, byProc, byChannel, byMonth } = data.data!;
  const where: Where = { unit: org, period: period.label };
  const total = sum.total;
  const cards: Array<[string, string, string, string?]> = [
    ['received', t('dash.received'), formatNumber(total.received), t('dash.receivedHint')],
    ['refused', t('dash.refused'), formatNumber(total.refusedAtIntake), t('dash.refusedHint')],
    ['online', t('dash.online'), formatRate(total.onlineShare)],
    ['finished', t('dash.finished'), formatNumber(total.finished)],
    ['on-time', t('dash.onTime'), formatRate(total.onTimeRate)],
    ['hours', t('dash.hours'), total.averageHandlingHours === null ? '—' : formatNumber(total.averageHandlingHours)],
    ['satisfied', t('dash.satisfied'), formatRate(total.satisfaction.satisfiedOrBetter)],
    ['overdue', t('dash.overdueNow'), formatNumber(sum.openNow.overdue)],
  ];
  const months = trendMonths(period.to).map((key) => byMonth.groups.find((g) => g.key === key) ?? null);
  const trendRows = trendMonths(period.to).map((key, i) => ({ key, g: months[i] }));
  const channelName = (key: string) => (['online', 'counter', 'post'].includes(key) ? t(`dash.channel.${key}`) : key);
  const trend: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 44, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: trendRows.map((r) => `${r.key.slice(5)}/${r.key.slice(2, 4)}`) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    ],
    series: [
      { name: t('dash.received'), type: 'bar', data: trendRows.map((r) => r.g?.received ?? 0), itemStyle: { color: '#5c7f99' } },
      { name: t('dash.onTime'), type: 'line', yAxisIndex: 1, data: trendRows.map((r) => (r.g?.onTimeRate === null || r.g?.onTimeRate === undefined ? null : Math.round(r.g.onTimeRate * 1000) / 10)), itemStyle: { color: '#c62828' } },
    ],
  };
  const channels: ChartOption = {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: byChannel.groups.map((g) => ({ name: channelName(g.key), value: g.received })) }],
  };
  const units = unitRows(byOrg.groups, orgs, org);
  return (
    <>
      <p role="status" id="dash-scope">{t('dash.scope', { org: sum.org.name, from: formatDate(period.from), to: formatDate(period.to) })}</p>
      {/* Figures read from a replica (DATABASE_READ_URL) say how far behind they may be; a current replica says nothing. */}
      {sum.replicaLagSeconds != null && sum.replicaLagSeconds >= 1 && (
        <p className="note" id="dash-replica-lag">{t('dash.replicaLag', { seconds: formatNumber(Math.round(sum.replicaLagSeconds)) })}</p>
      )}
      <section aria-labelledby="h-summary">
        <h2 id="h-summary">{t('dash.summary')}</h2>
        <ul className="cards kpis">
          {cards.map(([id, label, value, hint]) => (
            <li key={id} className="card">
              {label}
              <b data-kpi={id}>{value}</b>
              {hint && <small className="muted">{hint}</small>}
            </li>
          ))}
        </ul>
      </section>
      <DataTable
        id="ly-do-tu-choi"
        title={t('dash.reasons')}
        where={where}
        rows={total.refusalReasons}
        rowKey={(r) => r.reason}
        empty={t('dash.noReasons')}
        columns={[
          { header: t('dash.reason'), type: 'text', value: (r) => r.reason },
          { header: t('dash.count'), type: 'int', value: (r) => r.count },
        ]}
      />
      <div className="charts">
        <section aria-labelledby="h-trend">
          <h2 id="h-trend">{t('dash.trend')}</h2>
          <Chart id="chart-trend" option={trend} label={t('dash.trendChart')} />
        </section>
        <section aria-labelledby="h-channels">
          <h2 id="h-channels">{t('dash.channels')}</h2>
          <Chart id="chart-channels" option={channels} label={t('dash.channelChart')} />
        </section>
      </div>
      <DataTable
        id="xu-huong"
        level={3}
        title={t('dash.trend')}
        where={where}
        rows={trendRows}
        rowKey={(r) => r.key}
        columns={[
          { header: t('dash.monthCol'), type: 'text', value: (r) => `${r.key.slice(5)}/${r.key.slice(0, 4)}` },
          { header: t('dash.received'), type: 'int', value: (r) => r.g?.received ?? 0 },
          { header: t('dash.refused'), type: 'int', value: (r) => r.g?.refusedAtIntake ?? 0 },
          { header: t('dash.finished'), type: 'int', value: (r) => r.g?.finished ?? 0 },
          { header: t('dash.onTime'), type: 'rate', value: (r) => r.g?.onTimeRate ?? null },
        ]}
      />
      <DataTable<Group>
        id="kenh"
        level={3}
        title={t('dash.channels')}
        where={where}
        rows={byChannel.groups}
        rowKey={(g) => g.key}
        empty={t('dash.none')}
        columns={[
          { header: t('dash.channel'), type: 'text', value: (g) => channelName(g.key) },
          { header: t('dash.received'), type: 'int', value: (g) => g.received },
          { header: t('dash.onTime'), type: 'rate', value: (g) => g.onTimeRate },
        ]}
      />
      <DataTable<UnitRow>
        id="don-vi"
        title={t('dash.byUnit')}
        where={where}
        rows={units}
        rowKey={(u) => u.id}
        empty={t('dash.none')}
        columns={[
          {
            header: t('dash.unit'),
            type: 'text',
            value: (u) => (u.direct ? t('dash.direct', { name: u.name }) : u.name),
            render: (u) =>
              u.direct ? (
                t('dash.direct', { name: u.name })
              ) : (
                <button type="button" className="link" onClick={() => go(u.id)}>
                  {u.name}
                </button>
              ),
          },
          { header: t('dash.received'), type: 'int', value: (u) => u.received },
          { header: t('dash.refused'), type: 'int', value: (u) => u.refusedAtIntake },
          { header: t('dash.finished'), type: 'int', value: (u) => u.finished },
          { header: t('dash.onTime'), type: 'rate', value: (u) => u.onTimeRate },
          { header: t('dash.late'), type: 'int', value: (u) => u.late, className: (u) => (u.late ? 'late' : undefined) },
          { header: t('dash.satisfied'), type: 'rate', value: (u) => u.satisfiedRate },
        ]}
      />
      <DataTable<Group>
        id="thu-tuc"
        title={t('dash.byProcedure')}
        where={where}
        rows={[...byProc.groups].sort((a, b) => b.received - a.received)}
        rowKey={(g) => g.key}
        empty={t('dash.none')}
        columns={[
          {
            header: t('dash.procedure'),
            type: 'text',
            value: (g) => g.name ?? g.key,
            render: (g) => (
              <button type="button" className="link" aria-pressed={procedure?.code === g.key} onClick={() => setProcedure({ code: g.key, name: g.name ?? g.key })}>
                {g.name ?? g.key}
              </button>
            ),
          },
          { header: t('dash.received'), type: 'int', value: (g) => g.received },
          { header: t('dash.refused'), type: 'int', value: (g) => g.refusedAtIntake },
          { header: t('dash.finished'), type: 'int', value: (g) => g.finished },
          { header: t('dash.onTime'), type: 'rate', value: (g) => g.onTimeRate },
          { header: t('dash.late'), type: 'int', value: (g) => g.counters.finished_late ?? 0, className: (g) => (g.counters.finished_late ? 'late' : undefined) },
          { header: t('dash.hours'), type: 'number', value: (g) => g.averageHandlingHours },
        ]}
      />
      {procedure ? <ProcedureDossiers org={org} procedure={procedure} where={where} /> : <p className="muted">{t('dash.pickProcedure')}</p>}
      <LateDossiers org={org} where={where} />
      <DueSoonDossiers org={org} where={where} />
      <Index766Section org={org} month={period.indexMonth} isMonth={period.isMonth} where={where} />
    </>
  );
}
