/** Acting on a feedback item: who the caller is to it, the checks that need the database, the version check, then the write path. */
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { DomainError, type FieldIssue } from '../../kernel/errors.ts';
import { CalendarNotLoaded, calendarLookup } from '../calendar/calendars.ts';
import { ruleAt } from './domain/deadlines.ts';
import { SENDER_ACTIONS, type FeedbackCommand } from './domain/types.ts';
import { concurrentUpdate, lostRace, recordFeedback } from './feedback-writes.ts';
import { findFeedback, loadRules, type FeedbackRow } from './store.ts';
import { inIds } from '../../platform/db/sql.ts';
import { actorOf, notFound, secretMatches, viewOf } from './view.ts';

/** The roles that handle feedback: who may be assigned, and who may ask whom to assign. */
const HANDLERS = ['reception', 'specialist', 'leader'] as const;

const invalid = (issues: FieldIssue[]) => new DomainError('validation-failed', 422, { vi: 'Dữ liệu không hợp lệ.', en: 'Invalid data.' }, issues);
const issue = (path: string, vi: string, en: string): FieldIssue => ({ path, message: { vi, en } });

function versionMismatch(expected: number, row: FeedbackRow) {
  return new DomainError('version-mismatch', 409, {
    vi: `Phản ánh đã thay đổi kể từ khi bạn xem (phiên bản ${expected}, hiện tại ${row.version}); vui lòng xem lại.`,
    en: `The feedback changed since you saw it (version ${expected}, now ${row.version}); please review it.`,
  }, [], { current: { status: row.status, orgId: row.org_id, version: row.version } });
}

/**
 * `user` is null when the sender acts with the secret given at intake (`secret`). A caller who may not
 * see the item hears 404, as for a missing one.
 */
export async function performFeedbackAction(ctx: AppContext, user: SessionUser | null, idOrCode: string, command: FeedbackCommand, expectedVersion: number | undefined, secret?: string) {
  const row = await findFeedback(ctx.db, idOrCode);
  if (!row) throw notFound(idOrCode);
  const actor = await actorOf(ctx, user, row, secret !== undefined && secretMatches(row, secret));
  if (!actor) throw notFound(idOrCode);
  if (actor.kind === 'sender' && !SENDER_ACTIONS.includes(command.action)) {
    throw new DomainError('forbidden', 403, { vi: 'Người phản ánh không thực hiện thao tác này.', en: 'The sender may not perform this action.' });
  }
  if (expectedVersion !== undefined && expectedVersion !== row.version) throw versionMismatch(expectedVersion, row);
  if (command.action === 'transfer') {
    if (!(await ctx.orgs.find(command.toOrgId))) throw invalid([issue('toOrgId', 'Không có cơ quan này', 'No such organisation')]);
  }
  if (command.action === 'assign') {
    // The assignee is an officer who handles feedback in the item's unit subtree.
    const a = await ctx.db.selectFrom('users').select(['id', 'role', 'org_id', 'active']).where('id', '=', command.assigneeId).executeTakeFirst();
    const ok = a && a.active && (HANDLERS as readonly string[]).includes(a.role) && a.org_id !== null && (await ctx.orgs.covers(row.org_id, a.org_id));
    if (!ok) throw invalid([issue('assigneeId', 'Không phải cán bộ của đơn vị đang xử lý', 'Not an officer of the handling unit')]);
  }
  const rules = await loadRules(ctx.db);
  const rule = rules.find((r) => r.version === row.rule_version) ?? ruleAt(rules, row.received_at);
  const calendars = await ctx.calendars.preload([row.org_id, ...(command.action === 'transfer' ? [command.toOrgId] : [])]);
  const by = { actorId: user?.id ?? null, actorRole: actor.kind === 'sender' ? 'sender' : user!.role, actorOrgId: user?.orgId ?? null };
  try {
    await ctx.db.transaction().execute((trx) =>
      recordFeedback(trx, { kind: 'act', row, command, actor, by, payload: { ...command }, env: { now: ctx.clock(), rule, calendarOf: calendarLookup(calendars, ctx.calendars) } }),
    );
  } catch (e) {
    if (lostRace(e)) throw concurrentUpdate();
    if (e instanceof CalendarNotLoaded) throw new Error(`calendar of ${e.orgId} was not preloaded`);
    throw e;
  }
  const fresh = (await findFeedback(ctx.db, row.id))!;
  return viewOf(ctx, fresh, (await actorOf(ctx, user, fresh, actor.kind === 'sender' && !user)) ?? (actor.kind === 'staff' ? { ...actor, inScope: false } : actor));
}

/**
 * The officers an item may be assigned to (the leader's picker): active reception, specialist and leader
 * accounts of the item's current unit subtree, the same rule the assign action checks. Asked by a handler
 * of the item; anyone else hears 404, as for the item itself.
 */
export async function feedbackAssignees(ctx: AppContext, user: SessionUser, idOrCode: string) {
  const row = await findFeedback(ctx.db, idOrCode);
  if (!row) throw notFound(idOrCode);
  const actor = await actorOf(ctx, user, row);
  if (!actor || actor.kind !== 'staff' || !(HANDLERS as readonly string[]).includes(user.role)) throw notFound(idOrCode);
  const orgIds = await ctx.orgs.subtreeIds(row.org_id);
  const rows = await ctx.db.selectFrom('users').select(['id', 'full_name', 'role', 'org_id'])
    .where('active', '=', true).where('role', 'in', HANDLERS).where(inIds('org_id', orgIds))
    .orderBy('full_name').orderBy('id').execute();
  return { items: rows.map((r) => ({ id: r.id, fullName: r.full_name, role: r.role as (typeof HANDLERS)[number], orgId: r.org_id! })) };
}
