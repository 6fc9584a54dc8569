/** Feedback rows ↔ the domain's state, and the rule versions. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { FeedbackTable } from '../../platform/db/schema-feedback.ts';
import type { FeedbackRule, FeedbackState, FeedbackStatus } from './domain/types.ts';

export type FeedbackRow = Selectable<FeedbackTable>;

const num = (v: string | number | null) => (v === null ? null : Number(v));

export function rowToState(r: FeedbackRow): FeedbackState {
  return {
    status: r.status as FeedbackStatus,
    orgId: r.org_id,
    assigneeId: r.assignee_id,
    answer: r.answer,
    consentPublish: r.consent_publish,
    clockStartAt: r.clock_start_at,
    rejectDueAt: r.reject_due_at,
    infoDueAt: r.info_due_at,
    handleDueAt: r.handle_due_at,
    infoRequested: r.info_requested,
    handledAt: r.handled_at,
    handledOnTime: r.handled_on_time,
    handledWorkingDays: num(r.handled_working_days),
    publishDueAt: r.publish_due_at,
    publishedAt: r.published_at,
    rating: r.rating,
    ratedAt: r.rated_at,
    reopened: r.reopened,
  };
}

/** The projection columns of a state (what the write path updates). */
export function stateColumns(s: FeedbackState) {
  return {
    status: s.status,
    org_id: s.orgId,
    assignee_id: s.assigneeId,
    answer: s.answer,
    clock_start_at: s.clockStartAt,
    reject_due_at: s.rejectDueAt,
    info_due_at: s.infoDueAt,
    handle_due_at: s.handleDueAt,
    info_requested: s.infoRequested,
    handled_at: s.handledAt,
    handled_on_time: s.handledOnTime,
    handled_working_days: s.handledWorkingDays,
    publish_due_at: s.publishDueAt,
    published_at: s.publishedAt,
    rating: s.rating,
    rated_at: s.ratedAt,
    reopened: s.reopened,
  };
}

export async function loadRules(db: Kysely<DB>): Promise<FeedbackRule[]> {
  const rows = await db.selectFrom('feedback_rules').selectAll().select(sql<string>`effective_from::text`.as('effective_from')).execute();
  return rows.map((r) => ({
    version: r.version,
    effectiveFrom: String(r.effective_from).slice(0, 10), // read as text: pg would make a local-midnight Date
    rejectDays: Number(r.reject_days),
    infoDays: Number(r.info_days),
    handleDays: Number(r.handle_days),
    publishDays: Number(r.publish_days),
    reopenDays: r.reopen_days,
  }));
}

export async function findFeedback(db: Kysely<DB>, idOrCode: string): Promise<FeedbackRow | undefined> {
  return db.selectFrom('feedback').selectAll().where(idOrCode.startsWith('PAKN.') ? 'code' : 'id', '=', idOrCode).executeTakeFirst();
}
