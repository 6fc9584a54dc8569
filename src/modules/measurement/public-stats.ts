/**
 * Public transparency and open data: per organisation and period, aggregated figures only (no personal
 * data): received, online, finished early / on time / late, on-time rate, satisfaction, the 766 total.
 * Computed from the counters; cached for a minute per period.
 */
import type { AppContext } from '../../context.ts';
import { sql } from 'kysely';
import { derive } from './stats.ts';
import { addInto, type Increments, type Metric } from './domain/counters.ts';
import { index766, periodRange, requirePeriod } from './index766.ts';
import { refusalCounts } from '../dossiers/received.ts';
import { parseIsoDate } from '../calendar/domain/local-time.ts';

export interface PublicRow {
  period: string;
  orgId: string;
  orgName: string;
  agencyEid: string | null;
  /** Submitted in the period less the refusals at intake: the rule of the dashboard and the register (src/modules/dossiers/received.ts). */
  received: number;
  /** Submitted in the period and refused at intake (Form 03): counted apart, never entered processing. */
  refusedAtIntake: number;
  /** Of `received`, those submitted online. */
  receivedOnline: number;
  finishedEarly: number;
  finishedOnTime: number;
  finishedLate: number;
  onTimeRate: number | null;
  rated: number;
  satisfiedOrBetter: number | null;
  /** Null when the unit received no dossier in the period: full marks for "not applicable" would mislead. */
  index766: number | null;
  /** Of the 100 points, those scored from data and those with no data source yet (scored 0); null with index766. */
  index766MeasuredPoints: number | null;
  index766NoDataPoints: number | null;
}

/** Shown with every public 766 score: what it measures and what it cannot measure yet (issue 14). */
export const INDEX766_CAVEAT = {
  vi: 'Điểm Bộ chỉ số 766 chỉ tính cho cơ quan có phát sinh hồ sơ trong kỳ. Tiêu chí chưa có nguồn số liệu (đồng bộ Cổng Dịch vụ công quốc gia, cơ sở dữ liệu dân cư) được tính 0 điểm, không phải điểm tối đa; cột "Điểm đo được" cho biết bao nhiêu trong 100 điểm được tính từ số liệu.',
  en: 'The Decision 766 score is given only to units that received dossiers in the period. Criteria with no data source yet (national portal sync, population database) score 0, not full marks; the "measured points" column says how many of the 100 points are scored from data.',
} as const;

const cache = new Map<string, { at: number; rows: PublicRow[] }>();
const TTL_MS = 60_000;

export async function publicStats(ctx: AppContext, period: string): Promise<PublicRow[]> {
  const range = requirePeriod(period, 'period');
  const hit = cache.get(period);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.rows;
  const orgs = (await ctx.orgs.all()).filter((o) => o.active && (o.kind === 'department' || o.kind === 'commune' || o.kind === 'unit'));
  // Every unit's own totals in one query over the monthly roll-up (periods are whole months), then each
  // organisation's subtree (today's tree: src/modules/organisations/domain/tree.ts) summed here.
  const totals = await sql<{ org_id: string; metric: Metric; value: number }>`
    SELECT s.org_id, s.metric, sum(s.value)::float8 AS value
    FROM stats_monthly s
    WHERE s.month BETWEEN ${range.from} AND ${range.to}
    GROUP BY 1, 2`.execute(ctx.db);
  const own = new Map<string, Increments>();
  for (const r of totals.rows) addInto(own.get(r.org_id) ?? own.set(r.org_id, {}).get(r.org_id)!, { [r.metric]: Number(r.value) });
  const tree = await ctx.orgs.snapshot();
  const byOrg = new Map<string, Increments>();
  for (const o of orgs) byOrg.set(o.id, tree.subtreeIds(o.id).reduce((acc, id) => addInto(acc, own.get(id) ?? {}), {} as Increments));
  // Refusals at intake, per receiving unit, by the same day rule as the `received` counter; "received" is
  // the counter less these, as on the dashboard and the register (issue 14).
  const days = { fromDay: parseIsoDate(range.from)!, toDay: parseIsoDate(range.to)! };
  const refusedOwn = new Map<string, { all: number; online: number }>();
  for (const r of await refusalCounts(ctx.db, [...own.keys()], days, sql<string>`d.receiving_org_id || ' ' || d.channel`)) {
    const [orgId, channel] = r.key.split(' ') as [string, string];
    const n = refusedOwn.get(orgId) ?? refusedOwn.set(orgId, { all: 0, online: 0 }).get(orgId)!;
    n.all += r.refusedAtIntake;
    if (channel === 'online') n.online += r.refusedAtIntake;
  }
  const rows: PublicRow[] = [];
  for (const o of orgs) {
    const t = derive(byOrg.get(o.id) ?? {});
    const refused = tree.subtreeIds(o.id).map((id) => refusedOwn.get(id)).filter((n) => n !== undefined);
    const refusedAtIntake = refused.reduce((n, r) => n + r.all, 0);
    const received = t.counters.received - refusedAtIntake;
    const receivedOnline = t.counters.received_online - refused.reduce((n, r) => n + r.online, 0);
    rows.push({
      period,
      orgId: o.id,
      orgName: o.name,
      agencyEid: o.agency_eid,
      received,
      refusedAtIntake,
      receivedOnline,
      finishedEarly: t.counters.finished_early,
      finishedOnTime: t.counters.finished_on_time,
      finishedLate: t.counters.finished_late,
      onTimeRate: t.onTimeRate,
      rated: t.satisfaction.rated,
      satisfiedOrBetter: t.satisfaction.satisfiedOrBetter,
      // Only units with dossiers get a score: full marks for "not applicable" would mislead.
      ...(await publicIndex766(ctx, o.id, period, received)),
    });
  }
  cache.set(period, { at: Date.now(), rows });
  return rows;
}

/** The public 766 figures of one unit: its total and how many of its points are measured, or nulls when it received nothing. */
async function publicIndex766(ctx: AppContext, orgId: string, period: string, received: number): Promise<Pick<PublicRow, 'index766' | 'index766MeasuredPoints' | 'index766NoDataPoints'>> {
  if (received === 0) return { index766: null, index766MeasuredPoints: null, index766NoDataPoints: null };
  const r = await index766(ctx, orgId, period);
  return { index766: r.total, index766MeasuredPoints: r.measuredPoints, index766NoDataPoints: r.noDataPoints };
}

const CSV_COLUMNS: Array<[keyof PublicRow, string]> = [
  ['period', 'ky'],
  ['orgId', 'ma_co_quan'],
  ['agencyEid', 'ma_dinh_danh'],
  ['orgName', 'ten_co_quan'],
  ['received', 'tiep_nhan'],
  ['refusedAtIntake', 'tu_choi_tiep_nhan'],
  ['receivedOnline', 'tiep_nhan_truc_tuyen'],
  ['finishedEarly', 'giai_quyet_truoc_han'],
  ['finishedOnTime', 'giai_quyet_dung_han'],
  ['finishedLate', 'giai_quyet_tre_han'],
  ['onTimeRate', 'ty_le_dung_han'],
  ['rated', 'so_danh_gia'],
  ['satisfiedOrBetter', 'ty_le_hai_long'],
  ['index766', 'diem_bo_chi_so_766'],
];

/**
 * One CSV cell. Text that a spreadsheet would take for a formula (=, +, -, @, tab, CR first: an
 * organisation named "=HYPERLINK(…)") gets a leading apostrophe (OWASP "CSV injection"); numbers stay numbers.
 */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV, UTF-8 with a BOM so spreadsheet programs read the Vietnamese names right. */
export function toCsv(rows: PublicRow[]): string {
  const cell = csvCell;
  return `\uFEFF${[CSV_COLUMNS.map(([, h]) => h).join(','), ...rows.map((r) => CSV_COLUMNS.map(([k]) => cell(r[k])).join(','))].join('\r\n')}\r\n`;
}

/** A DCAT-style catalogue: one dataset per kind of figure, a distribution per period and format. */
/** Every month that has counters, newest first ('2026-11'): the periods the open data offers. */
export async function monthsWithCounters(ctx: AppContext): Promise<string[]> {
  const months = await sql<{ m: string }>`SELECT DISTINCT to_char(day, 'YYYY-MM') AS m FROM stats_daily ORDER BY 1 DESC`.execute(ctx.db);
  return months.rows.map((r) => r.m);
}

export function catalogue(baseUrl: string, periods: string[]) {
  return {
    '@context': 'https://www.w3.org/ns/dcat.jsonld',
    '@type': 'dcat:Catalog',
    'dct:title': 'Dữ liệu mở về giải quyết thủ tục hành chính — motcua',
    'dct:description': 'Số liệu tổng hợp theo cơ quan và theo kỳ; không chứa dữ liệu cá nhân.',
    'dct:language': 'vi',
    'dcat:dataset': [
      {
        '@type': 'dcat:Dataset',
        'dct:identifier': 'tien-do-giai-quyet-ho-so',
        'dct:title': 'Tiến độ giải quyết hồ sơ, mức độ hài lòng và điểm Bộ chỉ số 766 theo cơ quan',
        'dct:license': 'https://creativecommons.org/licenses/by/4.0/',
        'dcat:keyword': ['thủ tục hành chính', 'một cửa', 'Bộ chỉ số 766', 'cải cách hành chính'],
        'dct:temporal': periods.map((p) => ({ 'dct:identifier': p, ...periodRange(p) })),
        'dcat:distribution': periods.flatMap((p) => [
          { '@type': 'dcat:Distribution', 'dct:title': `${p} (CSV)`, 'dcat:downloadURL': `${baseUrl}/open-data/kpis/${p}.csv`, 'dcat:mediaType': 'text/csv' },
          { '@type': 'dcat:Distribution', 'dct:title': `${p} (JSON)`, 'dcat:downloadURL': `${baseUrl}/open-data/kpis/${p}.json`, 'dcat:mediaType': 'application/json' },
        ]),
      },
    ],
  };
}
