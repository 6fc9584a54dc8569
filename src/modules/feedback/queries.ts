/** Reading feedback: the officer's and the citizen's lists, the public answers, the KPIs and the 766 figures. */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../platform/db/db.ts';
import { inIds } from '../../platform/db/sql.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { DomainError } from '../../kernel/errors.ts';
import { outsideScope } from '../organisations/scope.ts';
import { queryWords } from '../catalogue/domain/search-text.ts';
import { periodBounds } from './domain/period.ts';
import { OPEN_STATUSES } from './domain/types.ts';
import { isLate } from './view.ts';
import type { FeedbackKpiQuery, FeedbackList, FeedbackListQuery, PublicFeedbackQuery } from './contracts.ts';

/** "Due soon": the handling deadline falls within this many working minutes (2 working days). */
const DUE_SOON_MINUTES = 2 * 480;

export async function listFeedback(ctx: AppContext, user: SessionUser, query: z.infer<typeof FeedbackListQuery>): Promise<z.infer<typeof FeedbackList>> {
  const now = ctx.clock();
  let q = ctx.db.selectFrom('feedback').selectAll();
  if (user.role === 'citizen') q = q.where('sender_user_id', '=', user.id);
  else {
    const orgId = query.org ?? user.orgId;
    if (!orgId || !user.orgId || !(await ctx.orgs.covers(user.orgId, orgId))) throw outsideScope([{ path: 'query.org', message: { vi: 'Ngoài phạm vi của bạn', en: 'Outside your scope' } }]);
    q = q.where(inIds('org_id', await ctx.orgs.subtreeIds(orgId)));
  }
  if (query.status) q = q.where('status', '=', query.status);
  if (query.due === 'late') {
    q = q.where((eb) => eb.or([
      eb.and([eb('status', 'in', OPEN_STATUSES), eb('handle_due_at', '<', now)]),
      eb.and([eb('status', '=', 'waiting_to_publish'), eb('publish_due_at', '<', now)]),
    ]));
  }
  if (query.due === 'soon') {
    // Within two working days on the caller's unit calendar, not yet late.
    const calendar = await ctx.calendars.forOrg(query.org ?? user.orgId);
    const horizon = calendar.addWorkingMinutes(now, DUE_SOON_MINUTES);
    q = q.where('status', 'in', OPEN_STATUSES).where('handle_due_at', '>=', now).where('handle_due_at', '<=', horizon);
  }
  const total = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.orderBy(query.due ? 'handle_due_at' : 'received_at', query.due ? 'asc' : 'desc').limit(query.limit).offset(query.offset).execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id, code: r.code, status: r.status as z.infer<typeof FeedbackList>['items'][number]['status'], orgId: r.org_id, subject: r.subject,
      receivedAt: r.received_at.toISOString(), handleDueAt: r.handle_due_at.toISOString(), late: isLate(r, now), assigneeId: user.role === 'citizen' ? null : r.assignee_id, rating: r.rating,
    })),
  };
}

/** Published answers the sender agreed to publish, masked (done once, at publication); every word must match, accents ignored. */
export async function publicFeedback(ctx: AppContext, query: z.infer<typeof PublicFeedbackQuery>) {
  let q = ctx.db.selectFrom('feedback as f').innerJoin('organisations as o', 'o.id', 'f.org_id')
    .where('f.status', '=', 'published').where('f.consent_publish', '=', true).where('f.search_text', 'is not', null);
  for (const word of queryWords(query.q ?? '')) q = q.where('f.search_text', 'like', `%${word.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.select(['f.code', 'o.name as org_name', 'f.public_subject', 'f.public_content', 'f.answer', 'f.published_at']).orderBy('f.published_at', 'desc').limit(query.limit).offset(query.offset).execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({ code: r.code, orgName: r.org_name, subject: r.public_subject ?? '', question: r.public_content ?? '', answer: r.answer ?? '', publishedAt: r.published_at!.toISOString() })),
  };
}

export interface FeedbackFigures {
  /** Received in the period (766 criterion 5.2's "all"). */
  total: number;
  /** Answered (approved), rejected or returned in the period (5.1's denominator), and of them on time. */
  handled: number;
  handledOnTime: number;
  /** Of `total`: rated "not satisfied", handled late or open past the deadline at the period's end, reopened. */
  disliked: number;
  overdue: number;
  repeated: number;
  /** Dossiers of the units that received feedback in the period and were not rated dissatisfied (5.3). */
  dossiersWithFeedback: number;
}

/**
 * The 766 satisfaction figures of a set of units (their current feedback items) over [start, end), as of
 * `asOf` for open items. Exported for src/modules/measurement/index766.ts; see docs/feedback.md.
 */
export async function feedbackFigures(db: Database, orgIds: readonly string[], start: Date, end: Date, asOf: Date): Promise<FeedbackFigures> {
  const r = await sql<Record<keyof FeedbackFigures, number>>`
    SELECT
      count(*) FILTER (WHERE f.received_at >= ${start} AND f.received_at < ${end})::int AS total,
      count(*) FILTER (WHERE f.handled_at >= ${start} AND f.handled_at < ${end})::int AS handled,
      count(*) FILTER (WHERE f.handled_at >= ${start} AND f.handled_at < ${end} AND f.handled_on_time)::int AS "handledOnTime",
      count(*) FILTER (WHERE f.received_at >= ${start} AND f.received_at < ${end} AND f.rating = 'dissatisfied')::int AS disliked,
      count(*) FILTER (WHERE f.received_at >= ${start} AND f.received_at < ${end}
                         AND (f.handled_on_time = false OR (f.handled_at IS NULL AND f.status IN ('waiting', 'processing', 'waiting_for_info', 'processed') AND f.handle_due_at < ${asOf})))::int AS overdue,
      count(*) FILTER (WHERE f.received_at >= ${start} AND f.received_at < ${end} AND f.reopened)::int AS repeated,
      (SELECT count(DISTINCT d.id) FROM feedback g JOIN dossiers d ON d.code = g.dossier_code
        WHERE g.received_at >= ${start} AND g.received_at < ${end} AND ${inIds('d.receiving_org_id', orgIds)}
          AND d.rating_level IS DISTINCT FROM 'dissatisfied')::int AS "dossiersWithFeedback"
    FROM feedback f WHERE ${inIds('f.org_id', orgIds)}`.execute(db);
  return r.rows[0]!;
}

export async function feedbackKpis(ctx: AppContext, user: SessionUser, query: z.infer<typeof FeedbackKpiQuery>) {
  const bounds = periodBounds(query.period);
  if (!bounds) throw new DomainError('validation-failed', 422, { vi: 'Kỳ không hợp lệ.', en: 'Invalid period.' }, [{ path: 'query.period', message: { vi: 'Kỳ không hợp lệ', en: 'Invalid period' } }]);
  const orgId = query.org ?? user.orgId;
  if (!orgId || !(await ctx.orgs.covers(user.orgId, orgId))) throw outsideScope([{ path: 'query.org', message: { vi: 'Ngoài phạm vi của bạn', en: 'Outside your scope' } }]);
  const org = (await ctx.orgs.find(orgId))!;
  const ids = await ctx.orgs.subtreeIds(orgId);
  const { start, end } = bounds;
  const rows = await sql<{ org_id: string; org_name: string; received: number; handled: number; on_time: number; late: number; avg_days: number | null }>`
    SELECT f.org_id, o.name AS org_name,
      count(*) FILTER (WHERE f.received_at >= ${start} AND f.received_at < ${end})::int AS received,
      count(*) FILTER (WHERE f.handled_at >= ${start} AND f.handled_at < ${end})::int AS handled,
      count(*) FILTER (WHERE f.handled_at >= ${start} AND f.handled_at < ${end} AND f.handled_on_time)::int AS on_time,
      count(*) FILTER (WHERE f.handled_at >= ${start} AND f.handled_at < ${end} AND NOT f.handled_on_time)::int AS late,
      round(avg(f.handled_working_days) FILTER (WHERE f.handled_at >= ${start} AND f.handled_at < ${end}), 2)::float8 AS avg_days
    FROM feedback f JOIN organisations o ON o.id = f.org_id
    WHERE ${inIds('f.org_id', ids)} AND ((f.received_at >= ${start} AND f.received_at < ${end}) OR (f.handled_at >= ${start} AND f.handled_at < ${end}))
    GROUP BY f.org_id, o.name ORDER BY o.name`.execute(ctx.db);
  return {
    org: { id: org.id, name: org.name },
    period: query.period,
    units: rows.rows.map((r) => ({ orgId: r.org_id, orgName: r.org_name, received: r.received, handled: r.handled, onTime: r.on_time, late: r.late, averageWorkingDays: r.avg_days === null ? null : Number(r.avg_days) })),
  };
}
