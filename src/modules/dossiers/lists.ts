/**
 * The desk's lists and summary: dossiers held now or before by units of the officer's subtree (a
 * citizen's own), filtered and paged, each with its clock from the one timeliness rule.
 */
import { sql } from 'kysely';
import { inIds } from '../../platform/db/sql.ts';
import { deskSearchSql } from './search-sql.ts';
import { DomainError } from '../../kernel/errors.ts';
import { DOSSIER_STATUSES, STATUS_LABELS } from './domain/types.ts';
import { minutesUntil } from '../calendar/domain/deadlines.ts';
import { openClock, standingAt, type ClockFacts } from './domain/timeliness.ts';
import { lateAtSql, lateOrFinishedLateSql, openNowSql, openStandingSql, standingIsSql } from './timeliness-sql.ts';
import type { DossierListQuery } from './contracts.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { vnIso, clockRunning } from './view.ts';

/** The dossiers a user may list: a citizen's own, or those held by an organisation subtree in scope. */
async function scopedDossiers(ctx: AppContext, user: SessionUser, orgFilter: string | undefined) {
  let q = ctx.db.selectFrom('dossiers').innerJoin('procedures', 'procedures.code', 'dossiers.procedure_code');
  if (user.role === 'citizen') {
    // Their own, and those received for them at the counter (by their ID number, view.ts isWalkInApplicant).
    const idNumber = user.idNumber;
    q = idNumber
      ? q.where((eb) => eb.or([eb('dossiers.applicant_id', '=', user.id), eb('dossiers.walk_in_id_number', '=', idNumber)]))
      : q.where('dossiers.applicant_id', '=', user.id);
  } else {
    const own = user.orgId ? await ctx.orgs.find(user.orgId) : undefined;
    if (!own) return null;
    if (orgFilter && !(await ctx.orgs.covers(own.id, orgFilter))) {
      throw new DomainError('forbidden', 403, { vi: 'Cơ quan này không thuộc phạm vi của bạn.', en: 'This organisation is outside your scope.' });
    }
    const org = orgFilter ? (await ctx.orgs.find(orgFilter))! : own;
    // The units under it today (src/modules/organisations/domain/tree.ts). Every organisation that has held a
    // dossier (receiving and current included) is in dossier_orgs.
    const ids = await ctx.orgs.subtreeIds(org.id);
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('dossier_orgs')
          .select('dossier_orgs.org_id')
          .whereRef('dossier_orgs.dossier_id', '=', 'dossiers.id')
          .where(inIds('dossier_orgs.org_id', ids)),
      ),
    );
  }
  return q;
}

interface ClockRow {
  status: string;
  accepted_at: Date | null;
  due_at: Date | null;
  paused_at: Date | null;
  forced_overdue: boolean;
  finished_at: Date | null;
  receiving_org_id: string;
}
const clockFactsOf = (r: ClockRow): ClockFacts => ({ status: r.status, acceptedAt: r.accepted_at, dueAt: r.due_at, pausedAt: r.paused_at, forcedOverdue: r.forced_overdue, finishedAt: r.finished_at });

/** A listed dossier's standing, working minutes left (when its clock runs) and desk clock. */
export async function clockOfRow(ctx: AppContext, row: ClockRow, now: Date) {
  const standing = standingAt(clockFactsOf(row), now);
  const left = clockRunning(standing, row.status) ? minutesUntil(await ctx.calendars.forOrg(row.receiving_org_id), now, row.due_at!) : null;
  return { standing, left, clock: openClock(standing, left) };
}

export async function listDossiers(ctx: AppContext, user: SessionUser, query: DossierListQuery) {
  const scoped = await scopedDossiers(ctx, user, query.org);
  if (!scoped) return { total: 0, items: [] };
  let q = scoped;
  if (query.status) q = q.where('dossiers.status', '=', query.status);
  if (query.procedure) q = q.where('dossiers.procedure_code', '=', query.procedure);
  if (query.dueBefore) q = q.where('dossiers.due_at', '<', new Date(query.dueBefore));
  if (query.q) q = q.where(deskSearchSql(query.q));
  const now = ctx.clock();
  // Open now (accepted, not finished: the partial index dossiers_open_now) with this standing, by the one
  // rule: the manager's late and due-soon lists.
  const standing = query.standing;
  if (standing) q = q.where(openNowSql('dossiers')).where(sql<boolean>`${openStandingSql('dossiers', now)} = ${standing}`);
  // Late now (the one rule) or finished late.
  if (query.late === 'true') q = q.where(lateOrFinishedLateSql('dossiers', now));
  else if (query.late === 'false') q = q.where(sql<boolean>`NOT ${lateOrFinishedLateSql('dossiers', now)}`);
  const ordered = user.role === 'citizen' ? q.orderBy('dossiers.submitted_at', 'desc') : q.orderBy(sql`dossiers.due_at asc nulls last`).orderBy('dossiers.submitted_at', 'asc');
  const [rows, total] = await Promise.all([
    ordered
      .select(['dossiers.code', 'dossiers.status', 'dossiers.procedure_code', 'procedures.name as procedure_name', 'dossiers.applicant', 'dossiers.submitted_at', 'dossiers.due_at', 'dossiers.appointment_at', 'dossiers.finished_at', 'dossiers.timeliness', 'dossiers.forced_overdue', 'dossiers.accepted_at', 'dossiers.paused_at', 'dossiers.receiving_org_id', 'dossiers.current_org_id', 'dossiers.current_step'])
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const clocks = await Promise.all(rows.map((r) => clockOfRow(ctx, r, now)));
  return {
    total: total.n,
    items: rows.map((r, i) => ({
      code: r.code,
      status: r.status,
      statusLabel: STATUS_LABELS[r.status as keyof typeof STATUS_LABELS],
      procedure: { code: r.procedure_code, name: r.procedure_name },
      applicantName: r.applicant.fullName,
      submittedAt: vnIso(r.submitted_at),
      dueAt: vnIso(r.due_at),
      appointmentAt: vnIso(r.appointment_at),
      finishedAt: vnIso(r.finished_at),
      timeliness: r.timeliness,
      overdue: clocks[i]!.standing === 'late',
      clock: clocks[i]!.clock,
      workingMinutesLeft: clocks[i]!.left,
      dueSoon: clocks[i]!.clock === 'due_soon',
      receivingOrgId: r.receiving_org_id,
      currentOrgId: r.current_org_id,
      currentStep: r.current_step,
    })),
  };
}

const DUE_SOON_HORIZON_DAYS = 15;

/**
 * Queue counts for the desk: open dossiers by status, how many are late and how many are due within
 * one working day, in the caller's scope (optionally narrowed to an organisation subtree).
 */
export async function dossierSummary(ctx: AppContext, user: SessionUser, orgFilter: string | undefined) {
  const scoped = await scopedDossiers(ctx, user, orgFilter);
  const byStatus: Record<string, number> = Object.fromEntries(DOSSIER_STATUSES.map((s) => [s, 0]));
  if (!scoped) return { byStatus, late: 0, dueSoon: 0 };
  const now = ctx.clock();
  // One working day never spans more than this many calendar days (the longest Tết break is nine),
  // so only dossiers due before it need their working time counted.
  const horizon = new Date(now.getTime() + DUE_SOON_HORIZON_DAYS * 86_400_000);
  const [counts, candidates] = await Promise.all([
    scoped
      .select([
        'dossiers.status',
        sql<number>`count(*)::int`.as('n'),
        sql<number>`(count(*) filter (where ${lateAtSql('dossiers', now)}))::int`.as('late'),
      ])
      .groupBy('dossiers.status')
      .execute(),
    scoped
      .select(['dossiers.status', 'dossiers.accepted_at', 'dossiers.finished_at', 'dossiers.due_at', 'dossiers.paused_at', 'dossiers.forced_overdue', 'dossiers.receiving_org_id'])
      .where('dossiers.finished_at', 'is', null)
      .where('dossiers.due_at', '>=', now)
      .where('dossiers.due_at', '<', horizon)
      .where(standingIsSql('dossiers', now, 'within'))
      .execute(),
  ]);
  let late = 0;
  for (const c of counts) {
    byStatus[c.status] = c.n;
    late += c.late;
  }
  let dueSoon = 0;
  for (const r of candidates) {
    if ((await clockOfRow(ctx, r, now)).clock === 'due_soon') dueSoon++;
  }
  return { byStatus, late, dueSoon };
}
