/** Inspections of administrative reform (kiểm tra CCHC) and the share of units inspected in a year. */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { DomainError } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import type { SessionUser } from '../identity/auth.ts';
import { inspectedShareOf } from './domain/rules.ts';
import { requirePlanEditor, type PlanRow } from './access.ts';

/** Which units a measure over units counts: departments (sở, ngành), wards and communes, or both. */
export type UnitGroup = 'departments' | 'wards' | 'all';
const KINDS: Record<UnitGroup, string[]> = { departments: ['department'], wards: ['commune'], all: ['department', 'commune'] };

/** The active units of a group under `orgId` today. */
export async function unitsInScope(ctx: AppContext, orgId: string, group: UnitGroup = 'all'): Promise<string[]> {
  const ids = new Set(await ctx.orgs.subtreeIds(orgId));
  return (await ctx.orgs.all()).filter((o) => ids.has(o.id) && o.active && KINDS[group].includes(o.kind)).map((o) => o.id);
}

/**
 * The share of units of the subtree inspected in the year (any plan's inspection counts: a ward's own
 * inspections of its units too): distinct inspected units / units in scope. For the par-index module.
 */
export async function inspectedShare(ctx: AppContext, q: { orgId: string; year: number; unitGroup?: UnitGroup; to?: string }) {
  const units = await unitsInScope(ctx, q.orgId, q.unitGroup ?? 'all');
  const to = q.to && q.to < `${q.year}-12-31` ? q.to : `${q.year}-12-31`;
  const rows = units.length
    ? await ctx.db.selectFrom('reform_inspections').select('org_id').distinct().where('inspected_on', '>=', `${q.year}-01-01`).where('inspected_on', '<=', to).where('org_id', 'in', units).execute()
    : [];
  return { ...inspectedShareOf(rows.map((r) => r.org_id), units), unitGroup: q.unitGroup ?? 'all', units: units.length };
}

export interface NewInspection {
  orgId: string;
  inspectedOn: string;
  team: string;
  findings: string;
  followUps: Array<{ title: string; deadline: string; ownerOrgId?: string }>;
}

export async function addInspection(ctx: AppContext, user: SessionUser, plan: PlanRow, input: NewInspection): Promise<string> {
  await requirePlanEditor(ctx, user, plan);
  const issues = [];
  if (!(await ctx.orgs.covers(plan.org_id, input.orgId))) issues.push({ path: 'orgId', message: { vi: 'Đơn vị không thuộc phạm vi kế hoạch', en: 'Not a unit of the plan' } });
  if (!input.inspectedOn.startsWith(`${plan.year}-`)) issues.push({ path: 'inspectedOn', message: { vi: `Ngày kiểm tra phải thuộc năm ${plan.year}`, en: `The inspection must fall in ${plan.year}` } });
  for (const [i, f] of input.followUps.entries()) {
    if (f.ownerOrgId && !(await ctx.orgs.covers(plan.org_id, f.ownerOrgId))) issues.push({ path: `followUps.${i}.ownerOrgId`, message: { vi: 'Đơn vị không thuộc phạm vi kế hoạch', en: 'Not a unit of the plan' } });
  }
  if (issues.length) throw new DomainError('validation-failed', 422, { vi: 'Thông tin kiểm tra chưa hợp lệ.', en: 'The inspection is not valid.' }, issues);
  const id = randomUUID();
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('reform_inspections').values({ id, plan_id: plan.id, org_id: input.orgId, inspected_on: input.inspectedOn, team: input.team, findings: input.findings, created_by: user.id, created_at: now }).execute();
    const last = await trx.selectFrom('reform_tasks').select((eb) => eb.fn.max('position').as('p')).where('plan_id', '=', plan.id).executeTakeFirst();
    let position = Number(last?.p ?? 0);
    for (const f of input.followUps) {
      await trx
        .insertInto('reform_tasks')
        .values({ id: randomUUID(), plan_id: plan.id, position: ++position, owner_org_id: f.ownerOrgId ?? input.orgId, title: f.title, description: '', deadline: f.deadline, inspection_id: id, created_at: now })
        .execute();
    }
    await recordAudit(trx, ctx, user, { action: 'plan.inspection_add', subjectType: 'reform_plan', subjectId: plan.id, orgId: plan.org_id, details: { inspectionId: id, orgId: input.orgId, inspectedOn: input.inspectedOn, followUps: input.followUps.length } });
  });
  return id;
}
