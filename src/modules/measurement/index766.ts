/**
 * Gathers the 766 index inputs of an organisation subtree for a period: dossier figures from the daily
 * counters, the catalogue in competence, open dossiers at the period's end, communes in scope.
 */
import { sql } from 'kysely';
import { compute766, summarise766, DEFAULT_BANDS, type Index766Input } from './domain/index766.ts';
import { DomainError } from '../../kernel/errors.ts';
import { dayNumberFromYmd, isoDate, parseIsoDate, startOfDay } from '../calendar/domain/local-time.ts';
import { inIds } from '../../platform/db/sql.ts';
import { openAtSql, openNowSql, openStandingSql } from '../dossiers/timeliness-sql.ts';
import { COMPLETE_PROCEDURE, counterRows, monthlyTotals, unitsOf } from './figures.ts';
import { receivingOrgAtSql, refusalCounts } from '../dossiers/received.ts';
import { feedbackFigures } from '../feedback/queries.ts';
import { syncedDossierCount } from '../integrations/national-portal/figures.ts';
import { publicityFigures } from '../integrations/national-catalogue/figures.ts';
import { proceduresUsingPopulationDb } from '../integrations/population/figures.ts';
import { paymentFigures } from '../payments/figures.ts';
import type { AppContext } from '../../context.ts';

/** "2026-11" (month), "2026-Q4" (quarter) or "2026" (year) → inclusive ISO dates. */
export function periodRange(period: string): { from: string; to: string } | null {
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12) return null;
    return { from: isoDate(dayNumberFromYmd(y, mo, 1)), to: isoDate(dayNumberFromYmd(y, mo + 1, 1) - 1) };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) {
    const [y, q] = [Number(m[1]), Number(m[2])];
    return { from: isoDate(dayNumberFromYmd(y, (q - 1) * 3 + 1, 1)), to: isoDate(dayNumberFromYmd(y, q * 3 + 1, 1) - 1) };
  }
  m = /^(\d{4})$/.exec(period);
  if (m) return { from: `${m[1]}-01-01`, to: `${m[1]}-12-31` };
  return null;
}

/**
 * Open dossiers at the period's end, by the one timeliness rule (src/modules/dossiers/domain/timeliness.ts):
 * within the deadline counts a dossier paused before its due time; overdue one paused after it.
 */
async function openAt(ctx: AppContext, ids: string[], lastDay: string, asOf: Date): Promise<{ within: number; overdue: number }> {
  const now = ctx.clock();
  if (asOf.getTime() < now.getTime()) {
    const snap = await sql<{ within: number; overdue: number; n: number }>`
      SELECT coalesce(sum(s.within + s.paused), 0)::int AS within, coalesce(sum(s.overdue), 0)::int AS overdue, count(*)::int AS n,
             (SELECT count(*) FROM stats_open_daily WHERE day = ${lastDay})::int AS taken
      FROM stats_open_daily s
      WHERE s.day = ${lastDay} AND ${inIds('s.org_id', ids)}`.execute(ctx.db);
    const row = snap.rows[0] as { within: number; overdue: number; taken?: number };
    if ((row.taken ?? 0) > 0) return { within: row.within, overdue: row.overdue };
    // No snapshot: the dossiers open then, under the unit receiving them then (a reorganisation may have moved
    // them since to a successor, which is why the successors are read and each dossier's unit then is asked).
    const tree = await ctx.orgs.snapshot();
    const live = await sql<{ within: number; overdue: number }>`
      SELECT count(*) FILTER (WHERE s.standing <> 'late')::int AS within, count(*) FILTER (WHERE s.standing = 'late')::int AS overdue
      FROM (SELECT ${openStandingSql('d', asOf)} AS standing FROM dossiers d
            WHERE ${openAtSql('d', asOf)} AND ${inIds('d.receiving_org_id', tree.withSuccessors(ids))}
              AND ${receivingOrgAtSql('d', asOf)} = ANY(${ids}::text[])) s`.execute(ctx.db);
    return live.rows[0]!;
  }
  const live = await sql<{ within: number; overdue: number }>`
    SELECT count(*) FILTER (WHERE s.standing <> 'late')::int AS within, count(*) FILTER (WHERE s.standing = 'late')::int AS overdue
    FROM (SELECT ${openStandingSql('d', now)} AS standing FROM dossiers d
          WHERE ${openNowSql('d')} AND ${inIds('d.receiving_org_id', ids)}) s`.execute(ctx.db);
  return live.rows[0]!;
}

/** The city plan's targets (domain §5) beside the figures they are about. */
export const TARGETS = [
  { code: 'on_time', label: 'Hồ sơ đúng hạn / on time', target: 0.98 },
  { code: 'digitised', label: 'Số hóa hồ sơ / digitisation', target: 0.8 },
  { code: 'online', label: 'Hồ sơ trực tuyến / online dossiers', target: 0.5 },
  { code: 'satisfaction', label: 'Hài lòng / satisfaction', target: 0.95 },
] as const;

/** The period's dates, or a 422 naming the field. */
export function requirePeriod(period: string, path = 'query.period'): { from: string; to: string } {
  const range = periodRange(period);
  if (!range) {
    throw new DomainError('validation-failed', 422, { vi: 'Kỳ phải có dạng 2026-11, 2026-Q4 hoặc 2026.', en: 'The period must look like 2026-11, 2026-Q4 or 2026.' }, [{ path, message: { vi: 'Kỳ không hợp lệ', en: 'Invalid period' } }]);
  }
  return range;
}

export async function index766(ctx: AppContext, orgId: string, period: string) {
  return index766For(ctx, orgId, period, requirePeriod(period));
}

/**
 * The index over any run of whole months named `period` (the reform plan's half-year reports, "2025-H1",
 * which the public period parameter does not take).
 */
export async function index766For(ctx: AppContext, orgId: string, period: string, range: { from: string; to: string }) {
  const org = await ctx.orgs.find(orgId);
  if (!org) throw new DomainError('not-found', 404, { vi: `Không có cơ quan "${orgId}".`, en: `No organisation "${orgId}".` });
  const { from, to } = range;
  // Counters per the tree of each date (src/modules/organisations/directory.ts stretchesOver; docs/measurement.md):
  // a unit moved, merged or split during the period counts where it stood each day. The figures read from
  // dossiers, the catalogue and the units take every unit counted somewhere in the period.
  const stretches = await ctx.orgs.stretchesOver(org.id, from, to);
  const ids = unitsOf(stretches);
  const end = startOfDay(dayNumberFromYmd(Number(to.slice(0, 4)), Number(to.slice(5, 7)), Number(to.slice(8, 10))) + 1);
  const asOf = end.getTime() < ctx.clock().getTime() ? end : ctx.clock();

  // Periods are whole months: the monthly roll-up (about 12 rows per organisation, procedure and metric a year).
  const c = await monthlyTotals(ctx, org, from, to);
  const feeReceived = await sql<{ n: number }>`
    SELECT coalesce(sum(s.value), 0)::float8 AS n FROM ${counterRows(stretches)} s JOIN procedures p ON p.code = s.procedure_code
    WHERE s.metric = 'received' AND p.fee_vnd > 0`.execute(ctx.db);
  const catalogue = await sql<{ total: number; online: number; complete: number; with_fee: number; with_online_dossier: number }>`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE p.online_level IN ('full', 'partial'))::int AS online,
           count(*) FILTER (WHERE ${COMPLETE_PROCEDURE})::int AS complete,
           count(*) FILTER (WHERE p.fee_vnd > 0)::int AS with_fee,
           count(*) FILTER (WHERE p.code IN (SELECT s.procedure_code FROM ${counterRows(stretches)} s WHERE s.metric = 'received_online' AND s.value > 0))::int AS with_online_dossier
    FROM procedures p
    WHERE p.published AND EXISTS (SELECT 1 FROM procedure_orgs po WHERE po.procedure_code = p.code AND ${inIds('po.org_id', ids)})`.execute(ctx.db);
  // Open at the period's end: the day's snapshot when the period has ended (a gauge, like the counters),
  // the dossiers open now when it has not; the interval index only as a fallback for a missing snapshot.
  const open = await openAt(ctx, ids, to, asOf);
  // Refused at intake among the dossiers received in the period (by their day of receipt, as the KPIs and the register).
  const refused = await refusalCounts(ctx.db, ids, { fromDay: parseIsoDate(from)!, toDay: parseIsoDate(to)! });
  const communes = await sql<{ total: number; offering: number }>`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM procedure_orgs po JOIN procedures p ON p.code = po.procedure_code
                                          WHERE po.org_id = o.id AND p.field_code = 'chung-thuc' AND p.online_level IN ('full', 'partial')))::int AS offering
    FROM organisations o WHERE ${inIds('o.id', ids)} AND o.kind = 'commune' AND o.active
      -- The communes of the period's last day: a ward merged later still counts in the months it existed (039).
      AND (o.effective_from IS NULL OR o.effective_from <= ${to}::date) AND (o.effective_to IS NULL OR o.effective_to > ${to}::date)`.execute(ctx.db);

  // Feedback (PAKN) of the subtree in the period: 766 criteria 5.1 and 5.2, and dossiers with feedback for 5.3.
  const fb = await feedbackFigures(ctx.db, ids, startOfDay(parseIsoDate(from)!), end, asOf);

  // Criterion 1.4 from the sync records; not measured (no data) where the sync is not configured.
  const synced = ctx.config.nationalPortal ? await syncedDossierCount(ctx.db, ids, startOfDay(parseIsoDate(from)!), end) : null;
  // Criterion 4.6 from the catalogue (4.7 is a counter); neither measured (no data) where the population database is not connected.
  const populationProcedures = ctx.config.population ? await proceduresUsingPopulationDb(ctx.db, ids) : null;
  // Online payment (group 6), from the payments module's records (src/modules/payments/figures.ts).
  const pay = await paymentFigures(ctx.db, ids, startOfDay(parseIsoDate(from)!), end);
  // Criteria 1.1 and 1.2 from the procedures' announced versions (catalogue import, migration 036).
  const publicity = await publicityFigures(ctx, ids, from, to);

  const cat = catalogue.rows[0]!;
  const input: Index766Input = {
    procedures: {
      inCompetence: cat.total,
      offeredOnline: cat.online,
      withAllParts: cat.complete,
      publishedOnTime: publicity.publishedOnTime,
      updatedNationallyInTime: publicity.updatedNationallyInTime,
      withOnlineDossier: cat.with_online_dossier,
      withFee: cat.with_fee,
      withOnlinePayment: pay.proceduresWithOnlinePayment,
      feeDataSynced: pay.proceduresFeeDataSynced,
      usingPopulationDb: populationProcedures,
    },
    dossiers: {
      received: c('received'),
      // Refused at intake: never entered processing, so not counted by the progress criterion (countsForProgress);
      // received − refused is the dashboard's "received" and the register's rows (src/modules/dossiers/received.ts).
      refusedAtIntake: refused[0]?.refusedAtIntake ?? 0,
      // Every online dossier completed here gets a signed electronic result, so none is excluded.
      receivedOnline: c('received_online'),
      finishedEarly: c('finished_early'),
      finishedOnTime: c('finished_on_time'),
      finishedLate: c('finished_late'),
      openWithinDeadline: open.within,
      openOverdue: open.overdue,
      completed: c('completed'),
      withElectronicResult: c('e_results'),
      // Digitisation 4.2, 4.4, 4.5, 4.7: the marks' counters (src/modules/measurement/dossier-marks.ts), filed by day of
      // receipt like `received`. 4.2: online dossiers with files and desk dossiers whose components were scanned (or reused).
      withDigitisedComponents: c('digitised'),
      syncedToNationalPortal: synced,
      reusingDigitisedData: c('reusing'),
      linkedToCitizenDataStore: c('linked'),
      usingPopulationDb: ctx.config.population ? c('population_checked') : null,
      // Dissatisfied ratings together with dossiers someone sent feedback about (domain §4, criterion 5.3).
      dissatisfied: c('rated_dissatisfied') + fb.dossiersWithFeedback,
      withFee: Number(feeReceived.rows[0]!.n),
      paidOnline: pay.dossiersPaidOnline,
    },
    communes: { total: communes.rows[0]!.total, offeringElectronicCopies: communes.rows[0]!.offering },
    feedback: { total: fb.total, handled: fb.handled, handledOnTime: fb.handledOnTime, disliked: fb.disliked, overdue: fb.overdue, repeated: fb.repeated },
  };
  const criteria = compute766(input);
  const summary = summarise766(criteria, DEFAULT_BANDS);
  const finished = input.dossiers.finishedEarly + input.dossiers.finishedOnTime + input.dossiers.finishedLate;
  const share = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);
  const actual: Record<string, number | null> = {
    on_time: share(input.dossiers.finishedEarly + input.dossiers.finishedOnTime, finished),
    digitised: share(input.dossiers.withDigitisedComponents, input.dossiers.received),
    online: share(input.dossiers.receivedOnline, input.dossiers.received),
    satisfaction: share(c('rated_satisfied') + c('rated_very_satisfied'), c('rated')),
  };
  return {
    org: { id: org.id, name: org.name },
    period,
    from,
    to,
    asOf: asOf.toISOString(),
    ...summary,
    bands: DEFAULT_BANDS,
    criteria,
    targets: TARGETS.map((t) => ({ ...t, actual: actual[t.code] ?? null, met: actual[t.code] === null ? null : actual[t.code]! >= t.target })),
  };
}
