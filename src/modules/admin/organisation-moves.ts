/**
 * Moving a unit under another parent from a day on (issue 13, item 6): the unit's current parent period
 * ends the day before and a new one opens (src/modules/organisations/domain/tree.ts decides what is allowed).
 * Nothing else is rewritten: dossiers, accounts and counters stay keyed by the unit's id, so the unit's
 * own figures are unchanged; figures over a period follow the tree of each date (docs/measurement.md), so
 * what it did before the move stays with the old parent and what it does from then on counts under the new one.
 */
import { sql } from 'kysely';
import type { OrganisationMove } from './contracts.ts';
import { DomainError, type FieldIssue } from '../../kernel/errors.ts';
import { parseIsoDate } from '../calendar/domain/local-time.ts';
import { OrgTree, applyMove, moveProblems, type MoveProblem, type ParentPeriod } from '../organisations/domain/tree.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { recordAudit } from '../audit/audit.ts';
import { loadParentPeriods } from '../organisations/directory.ts';

const MESSAGES: Record<MoveProblem['reason'], { vi: string; en: string }> = {
  'unknown-unit': { vi: 'Không có đơn vị này', en: 'No such unit' },
  root: { vi: 'Đơn vị gốc của cây (thành phố) không chuyển được', en: 'The root of the tree (the city) cannot be moved' },
  'unit-closed': { vi: 'Đơn vị đã giải thể hoặc sáp nhập, không chuyển được', en: 'The unit is closed (dissolved or merged) and cannot be moved' },
  'unknown-parent': { vi: 'Không có cơ quan này', en: 'No such organisation' },
  'parent-closed': { vi: 'Cơ quan cấp trên mới không còn hoạt động vào ngày đó', en: 'The new parent is not in effect on that day' },
  'same-parent': { vi: 'Đơn vị đã thuộc cơ quan này', en: 'The unit is already under this organisation' },
  cycle: { vi: 'Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó', en: 'A unit cannot be moved under itself or one of its own units' },
  'before-current-period': { vi: 'Ngày hiệu lực trước ngày đơn vị thuộc cơ quan cấp trên hiện tại', en: 'The date is before the unit came under its current parent' },
};

const invalid = (issues: FieldIssue[]) => new DomainError('validation-failed', 422, { vi: 'Không chuyển được đơn vị.', en: 'The unit cannot be moved.' }, issues);

/** Move a unit; the caller has checked the administrator is at city level. */
export async function moveOrganisation(ctx: AppContext, admin: SessionUser, orgId: string, body: OrganisationMove) {
  if (parseIsoDate(body.effectiveFrom) === null) {
    throw invalid([{ path: 'effectiveFrom', message: { vi: 'Ngày không hợp lệ', en: 'Not a valid date' } }]);
  }
  const move = { orgId, parentId: body.parentId, effectiveFrom: body.effectiveFrom };
  const result = await ctx.db.transaction().execute(async (trx) => {
    // One move at a time: two moves checked against the same tree could together make a cycle.
    await sql`LOCK TABLE organisation_parents IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const units = await sql<{ id: string; effective_from: string | null; effective_to: string | null }>`
      SELECT id, effective_from::text AS effective_from, effective_to::text AS effective_to FROM organisations`.execute(trx);
    const periods = await loadParentPeriods(trx);
    const tree = new OrgTree(units.rows.map((u) => ({ id: u.id, effectiveFrom: u.effective_from, effectiveTo: u.effective_to })), periods);
    const problems = moveProblems(tree, move);
    if (problems.length > 0) throw invalid(problems.map((p) => ({ path: p.field === 'id' ? 'params.id' : p.field, message: MESSAGES[p.reason] })));
    const before = tree.periodsOfUnit(orgId);
    const previous = before[before.length - 1]!;
    await writePeriods(trx, orgId, before, applyMove(periods, move).filter((p) => p.orgId === orgId));
    await recordAudit(trx, ctx, admin, {
      action: 'organisation.move',
      subjectType: 'organisation',
      subjectId: orgId,
      orgId,
      details: { fromParentId: previous.parentId, toParentId: body.parentId, effectiveFrom: body.effectiveFrom },
    });
    return { id: orgId, previousParentId: previous.parentId, parentId: body.parentId, effectiveFrom: body.effectiveFrom };
  });
  ctx.orgs.invalidate();
  ctx.calendars.invalidate();
  return result;
}

/** Replace the unit's parent periods (a handful of rows) by the new list, in the transaction. */
export async function writePeriods(trx: Parameters<typeof loadParentPeriods>[0], orgId: string, before: readonly ParentPeriod[], after: readonly ParentPeriod[]) {
  const key = (p: ParentPeriod) => `${p.validFrom}|${p.validTo ?? ''}|${p.parentId}`;
  const kept = new Set(after.map(key));
  const existing = new Set(before.map(key));
  // Deletions and shortenings first, so that no row overlaps another while they change (the trigger).
  for (const p of before) {
    if (kept.has(key(p))) continue;
    const replacement = after.find((a) => a.validFrom === p.validFrom);
    if (replacement) {
      await trx.updateTable('organisation_parents').set({ parent_id: replacement.parentId, valid_to: replacement.validTo }).where('org_id', '=', orgId).where('valid_from', '=', p.validFrom).execute();
    } else {
      await trx.deleteFrom('organisation_parents').where('org_id', '=', orgId).where('valid_from', '=', p.validFrom).execute();
    }
  }
  for (const p of after) {
    if (existing.has(key(p)) || before.some((b) => b.validFrom === p.validFrom)) continue;
    await trx.insertInto('organisation_parents').values({ org_id: p.orgId, parent_id: p.parentId, valid_from: p.validFrom, valid_to: p.validTo }).execute();
  }
}
