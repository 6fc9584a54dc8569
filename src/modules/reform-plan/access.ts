/**
 * Who may do what with a plan. Managers and administrators covering the plan's unit edit it (the city's
 * plan: those at city level); leaders (and managers, administrators) of a task's owner unit report its
 * progress; every officer reads the plans of their own unit and of the units above it (a ward sees the
 * city plan it has tasks in) and of the units below it. Citizens are refused by the routes' access.
 */
import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { ReformPlansTable, ReformTasksTable } from '../../platform/db/schema-reform-plan.ts';
import type { SessionUser } from '../identity/auth.ts';

export type PlanRow = Selectable<ReformPlansTable>;
export type TaskRow = Selectable<ReformTasksTable>;

const forbidden = () => new DomainError('forbidden', 403, { vi: 'Kế hoạch này không thuộc phạm vi của bạn.', en: 'This plan is outside your scope.' });

/** The top of the caller's branch of the tree (the city), where the plan is looked for by default. */
export async function rootOf(ctx: AppContext, orgId: string): Promise<string> {
  let id = orgId;
  for (let i = 0; i < 50; i++) {
    const o = await ctx.orgs.find(id);
    if (!o?.parent_id) return id;
    id = o.parent_id;
  }
  return id;
}

export async function canReadPlanOf(ctx: AppContext, user: SessionUser, planOrgId: string): Promise<boolean> {
  if (!user.orgId || user.role === 'citizen') return false;
  return (await ctx.orgs.covers(user.orgId, planOrgId)) || (await ctx.orgs.covers(planOrgId, user.orgId));
}

export async function canEditPlan(ctx: AppContext, user: SessionUser, plan: { org_id: string }): Promise<boolean> {
  return (user.role === 'manager' || user.role === 'admin') && (await ctx.orgs.covers(user.orgId, plan.org_id));
}

export async function requirePlanEditor(ctx: AppContext, user: SessionUser, plan: { org_id: string }): Promise<void> {
  if (!(await canEditPlan(ctx, user, plan))) throw forbidden();
}

export async function canReportOn(ctx: AppContext, user: SessionUser, plan: { org_id: string }, task: { owner_org_id: string }): Promise<boolean> {
  if (await canEditPlan(ctx, user, plan)) return true;
  return ['leader', 'manager', 'admin'].includes(user.role) && (await ctx.orgs.covers(user.orgId, task.owner_org_id));
}

const noPlan = (year: number, orgId: string) => new DomainError('not-found', 404, { vi: `Chưa có kế hoạch CCHC năm ${year} của đơn vị "${orgId}".`, en: `No reform plan for ${year} of "${orgId}".` });

/** The plan of a unit (the caller's city by default) and year, after checking the caller may read it. */
export async function planForRead(ctx: AppContext, user: SessionUser, year: number, orgId?: string): Promise<PlanRow> {
  const org = orgId ?? (user.orgId ? await rootOf(ctx, user.orgId) : null);
  if (!org || !(await ctx.orgs.find(org))) throw new DomainError('not-found', 404, { vi: `Không có cơ quan "${orgId ?? ''}".`, en: `No organisation "${orgId ?? ''}".` });
  if (!(await canReadPlanOf(ctx, user, org))) throw forbidden();
  const plan = await ctx.db.selectFrom('reform_plans').selectAll().where('org_id', '=', org).where('year', '=', year).executeTakeFirst();
  if (!plan) throw noPlan(year, org);
  return plan;
}

export async function planById(ctx: AppContext, id: string): Promise<PlanRow> {
  const plan = await ctx.db.selectFrom('reform_plans').selectAll().where('id', '=', id).executeTakeFirst();
  if (!plan) throw new DomainError('not-found', 404, { vi: 'Không có kế hoạch này.', en: 'No such plan.' });
  return plan;
}

/** The plan to change, after checking the caller may edit it (403 before 404 would tell what exists: read first). */
export async function planForEdit(ctx: AppContext, user: SessionUser, year: number, orgId?: string): Promise<PlanRow> {
  const plan = await planForRead(ctx, user, year, orgId);
  await requirePlanEditor(ctx, user, plan);
  return plan;
}
