/** Commands on a plan: create (or copy a year's), targets and their hand reports, tasks and their progress. Every change is audited. */
import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { ReformPlanTargetsTable, ReformTasksTable } from '../../platform/db/schema-reform-plan.ts';
import type { AppContext } from '../../context.ts';
import { DomainError, type FieldIssue } from '../../kernel/errors.ts';
import { json } from '../../platform/db/db.ts';
import type { DB } from '../../platform/db/schema.ts';
import { recordAudit } from '../audit/audit.ts';
import type { SessionUser } from '../identity/auth.ts';
import { vietnamDay } from '../organisations/directory.ts';
import { requireScope } from '../organisations/scope.ts';
import { canReportOn, planById, requirePlanEditor, type PlanRow } from './access.ts';
import { DEFAULT_LIGHT_RULES, type Comparison, type MeasureUnit } from './domain/rules.ts';
import { MANUAL_MEASURES, planMeasure, type TargetScope } from './measures.ts';

export interface TargetInput {
  nameVi: string;
  nameEn: string;
  kind: 'computed' | 'manual';
  measure: string;
  comparison: Comparison;
  threshold: number;
  unit?: MeasureUnit;
  scope: TargetScope;
  note?: string;
}

export interface TaskInput {
  ownerOrgId: string;
  title: string;
  description?: string;
  deadline: string;
  inspectionId?: string | null;
}

const invalid = (issues: FieldIssue[]) => new DomainError('validation-failed', 422, { vi: 'Dữ liệu kế hoạch chưa hợp lệ.', en: 'The plan data is not valid.' }, issues);
const issue = (path: string, vi: string, en: string): FieldIssue => ({ path, message: { vi, en } });

export const planIdOf = (orgId: string, year: number) => `plan-${orgId}-${year}`;

/** A new plan, empty or copied (targets and tasks, deadlines moved to the new year; no reports, progress or inspections). */
export async function createPlan(ctx: AppContext, user: SessionUser, input: { orgId: string; year: number; title: string; copyFromYear?: number }): Promise<PlanRow> {
  if (!(await ctx.orgs.find(input.orgId))) throw invalid([issue('orgId', 'Không có cơ quan này', 'No such organisation')]);
  await requireScope(ctx, user, input.orgId);
  await requirePlanEditor(ctx, user, { org_id: input.orgId });
  const id = planIdOf(input.orgId, input.year);
  if (await ctx.db.selectFrom('reform_plans').select('id').where('id', '=', id).executeTakeFirst()) {
    throw new DomainError('plan-exists', 409, { vi: `Đã có kế hoạch năm ${input.year} của đơn vị này.`, en: `The unit already has a plan for ${input.year}.` });
  }
  let source: { targets: Array<Selectable<ReformPlanTargetsTable>>; tasks: Array<Selectable<ReformTasksTable>> } | null = null;
  if (input.copyFromYear !== undefined) {
    const from = await ctx.db.selectFrom('reform_plans').select('id').where('id', '=', planIdOf(input.orgId, input.copyFromYear)).executeTakeFirst();
    if (!from) throw invalid([issue('copyFromYear', `Không có kế hoạch năm ${input.copyFromYear} để sao chép`, `No ${input.copyFromYear} plan to copy`)]);
    source = {
      targets: await ctx.db.selectFrom('reform_plan_targets').selectAll().where('plan_id', '=', from.id).orderBy('position').execute(),
      tasks: await ctx.db.selectFrom('reform_tasks').selectAll().where('plan_id', '=', from.id).where('inspection_id', 'is', null).orderBy('position').execute(),
    };
  }
  await ctx.db.transaction().execute(async (trx) => {
    await insertPlan(trx, { id, orgId: input.orgId, year: input.year, title: input.title, by: user.id, at: ctx.clock() });
    if (source && input.copyFromYear !== undefined) {
      const shift = input.year - input.copyFromYear;
      for (const t of source.targets) await trx.insertInto('reform_plan_targets').values({ ...t, id: randomUUID(), plan_id: id, scope: json(t.scope) }).execute();
      for (const k of source.tasks) {
        const deadline = `${Number(String(k.deadline).slice(0, 4)) + shift}${String(k.deadline).slice(4)}`.replace(/-02-29$/, '-02-28');
        await trx.insertInto('reform_tasks').values({ ...k, id: randomUUID(), plan_id: id, deadline, created_at: ctx.clock() }).execute();
      }
    }
    await recordAudit(trx, ctx, user, { action: 'plan.create', subjectType: 'reform_plan', subjectId: id, orgId: input.orgId, details: { year: input.year, title: input.title, copyFromYear: input.copyFromYear ?? null } });
  });
  return planById(ctx, id);
}

export async function insertPlan(trx: Transaction<DB>, p: { id: string; orgId: string; year: number; title: string; by: string | null; at: Date }): Promise<void> {
  await trx.insertInto('reform_plans').values({ id: p.id, org_id: p.orgId, year: p.year, title: p.title, light_rules: json(DEFAULT_LIGHT_RULES), created_by: p.by, created_at: p.at }).execute();
}

/** The target's measure and scope checked against the registry, the fields and the plan's subtree. */
async function checkTarget(ctx: AppContext, plan: PlanRow, t: TargetInput): Promise<MeasureUnit> {
  const issues: FieldIssue[] = [];
  const computed = planMeasure(t.measure);
  const manual = MANUAL_MEASURES.find((m) => m.code === t.measure);
  let unit: MeasureUnit = t.unit ?? computed?.unit ?? manual?.unit ?? 'share';
  if (t.kind === 'computed' && !computed) issues.push(issue('measure', 'Không có chỉ tiêu tính tự động này', 'No such computed measure'));
  if (t.kind === 'manual' && !computed && !manual) issues.push(issue('measure', 'Không có chỉ tiêu này', 'No such measure'));
  if (computed && t.kind === 'computed') unit = computed.unit;
  if (unit === 'share' && (t.threshold < 0 || t.threshold > 1)) issues.push(issue('threshold', 'Tỷ lệ phải từ 0 đến 1', 'A share lies between 0 and 1'));
  const fields = new Set((await ctx.db.selectFrom('fields').select('code').execute()).map((f) => f.code));
  for (const [i, f] of (t.scope.fields ?? []).entries()) if (!fields.has(f)) issues.push(issue(`scope.fields.${i}`, 'Không có lĩnh vực này', 'No such field'));
  for (const f of Object.keys(t.scope.fieldThresholds ?? {})) if (!fields.has(f)) issues.push(issue(`scope.fieldThresholds.${f}`, 'Không có lĩnh vực này', 'No such field'));
  for (const [i, o] of (t.scope.orgIds ?? []).entries()) if (!(await ctx.orgs.covers(plan.org_id, o))) issues.push(issue(`scope.orgIds.${i}`, 'Đơn vị không thuộc phạm vi kế hoạch', 'Not a unit of the plan'));
  if (issues.length) throw invalid(issues);
  return unit;
}

export async function addTarget(ctx: AppContext, user: SessionUser, plan: PlanRow, t: TargetInput): Promise<string> {
  await requirePlanEditor(ctx, user, plan);
  const unit = await checkTarget(ctx, plan, t);
  const id = randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('reform_plan_targets').select((eb) => eb.fn.max('position').as('p')).where('plan_id', '=', plan.id).executeTakeFirst();
    await trx
      .insertInto('reform_plan_targets')
      .values({ id, plan_id: plan.id, position: Number(last?.p ?? 0) + 1, name_vi: t.nameVi, name_en: t.nameEn, kind: t.kind, measure: t.measure, comparison: t.comparison, threshold: t.threshold, unit, scope: json(t.scope), note: t.note ?? '' })
      .execute();
    await recordAudit(trx, ctx, user, { action: 'plan.target_set', subjectType: 'reform_plan', subjectId: plan.id, orgId: plan.org_id, details: { targetId: id, ...t } });
  });
  return id;
}

async function targetWithPlan(ctx: AppContext, id: string) {
  const target = await ctx.db.selectFrom('reform_plan_targets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!target) throw new DomainError('not-found', 404, { vi: 'Không có chỉ tiêu này.', en: 'No such target.' });
  return { target, plan: await planById(ctx, target.plan_id) };
}

export async function updateTarget(ctx: AppContext, user: SessionUser, id: string, t: TargetInput): Promise<PlanRow> {
  const { plan } = await targetWithPlan(ctx, id);
  await requirePlanEditor(ctx, user, plan);
  const unit = await checkTarget(ctx, plan, t);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('reform_plan_targets')
      .set({ name_vi: t.nameVi, name_en: t.nameEn, kind: t.kind, measure: t.measure, comparison: t.comparison, threshold: t.threshold, unit, scope: json(t.scope), note: t.note ?? '' })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, ctx, user, { action: 'plan.target_set', subjectType: 'reform_plan', subjectId: plan.id, orgId: plan.org_id, details: { targetId: id, ...t } });
  });
  return plan;
}

/** A value reported by hand, with its evidence (a link or an uploaded file), the day it holds for and who. */
export async function reportTarget(ctx: AppContext, user: SessionUser, id: string, r: { value: number; reportedOn: string; evidenceUrl?: string; evidenceUploadId?: string; note?: string }): Promise<PlanRow> {
  const { target, plan } = await targetWithPlan(ctx, id);
  await requirePlanEditor(ctx, user, plan);
  const issues: FieldIssue[] = [];
  if (target.unit === 'share' && (r.value < 0 || r.value > 1)) issues.push(issue('value', 'Tỷ lệ phải từ 0 đến 1', 'A share lies between 0 and 1'));
  if (!r.evidenceUrl && !r.evidenceUploadId) issues.push(issue('evidenceUrl', 'Cần đường dẫn hoặc tệp minh chứng', 'Evidence (a link or a file) is required'));
  if (r.reportedOn > vietnamDay(ctx.clock())) issues.push(issue('reportedOn', 'Ngày báo cáo ở tương lai', 'The day lies in the future'));
  if (r.evidenceUploadId) {
    const up = await ctx.db.selectFrom('uploads').select(['id', 'owner_id']).where('id', '=', r.evidenceUploadId).executeTakeFirst();
    if (!up || up.owner_id !== user.id) issues.push(issue('evidenceUploadId', 'Không có tệp này', 'No such file'));
  }
  if (issues.length) throw invalid(issues);
  const reportId = randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('reform_target_reports')
      .values({ id: reportId, target_id: id, value: r.value, reported_on: r.reportedOn, evidence_url: r.evidenceUrl ?? null, evidence_upload_id: r.evidenceUploadId ?? null, note: r.note ?? '', reported_by: user.id, reported_by_name: user.fullName, created_at: ctx.clock() })
      .execute();
    await recordAudit(trx, ctx, user, { action: 'plan.target_report', subjectType: 'reform_plan', subjectId: plan.id, orgId: plan.org_id, details: { targetId: id, value: r.value, reportedOn: r.reportedOn, evidenceUrl: r.evidenceUrl ?? null } });
  });
  return plan;
}

async function checkTask(ctx: AppContext, plan: PlanRow, t: TaskInput): Promise<void> {
  const issues: FieldIssue[] = [];
  if (!(await ctx.orgs.covers(plan.org_id, t.ownerOrgId))) issues.push(issue('ownerOrgId', 'Đơn vị không thuộc phạm vi kế hoạch', 'Not a unit of the plan'));
  if (t.inspectionId) {
    const i = await ctx.db.selectFrom('reform_inspections').select('plan_id').where('id', '=', t.inspectionId).executeTakeFirst();
    if (i?.plan_id !== plan.id) issues.push(issue('inspectionId', 'Không có đợt kiểm tra này trong kế hoạch', 'No such inspection in the plan'));
  }
  if (issues.length) throw invalid(issues);
}

export async function addTask(ctx: AppContext, user: SessionUser, plan: PlanRow, t: TaskInput): Promise<string> {
  await requirePlanEditor(ctx, user, plan);
  await checkTask(ctx, plan, t);
  const id = randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('reform_tasks').select((eb) => eb.fn.max('position').as('p')).where('plan_id', '=', plan.id).executeTakeFirst();
    await trx
      .insertInto('reform_tasks')
      .values({ id, plan_id: plan.id, position: Number(last?.p ?? 0) + 1, owner_org_id: t.ownerOrgId, title: t.title, description: t.description ?? '', deadline: t.deadline, inspection_id: t.inspectionId ?? null, created_at: ctx.clock() })
      .execute();
    await recordAudit(trx, ctx, user, { action: 'plan.task_set', subjectType: 'reform_plan', subjectId: plan.id, orgId: plan.org_id, details: { taskId: id, ...t } });
  });
  return id;
}

async function taskWithPlan(ctx: AppContext, id: string) {
  const task = await ctx.db.selectFrom('reform_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!task) throw new DomainError('not-found', 404, { vi: 'Không có nhiệm vụ này.', en: 'No such task.' });
  return { task, plan: await planById(ctx, task.plan_id) };
}

export async function updateTask(ctx: AppContext, user: SessionUser, id: string, t: TaskInput): Promise<PlanRow> {
  const { plan } = await taskWithPlan(ctx, id);
  await requirePlanEditor(ctx, user, plan);
  await checkTask(ctx, plan, t);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('reform_tasks').set({ owner_org_id: t.ownerOrgId, title: t.title, description: t.description ?? '', deadline: t.deadline, inspection_id: t.inspectionId ?? null }).where('id', '=', id).execute();
    await recordAudit(trx, ctx, user, { action: 'plan.task_set', subjectType: 'reform_plan', subjectId: plan.id, orgId: plan.org_id, details: { taskId: id, ...t } });
  });
  return plan;
}

export async function reportProgress(ctx: AppContext, user: SessionUser, id: string, p: { percent: number; note?: string; reportedOn?: string }): Promise<PlanRow> {
  const { task, plan } = await taskWithPlan(ctx, id);
  if (!(await canReportOn(ctx, user, plan, task))) throw new DomainError('forbidden', 403, { vi: 'Chỉ lãnh đạo đơn vị chủ trì hoặc người quản lý kế hoạch được báo cáo tiến độ.', en: 'Only the owner unit’s leaders or the plan’s managers report progress.' });
  const today = vietnamDay(ctx.clock());
  const reportedOn = p.reportedOn ?? today;
  if (reportedOn > today) throw invalid([issue('reportedOn', 'Ngày báo cáo ở tương lai', 'The day lies in the future')]);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('reform_task_progress')
      .values({ id: randomUUID(), task_id: id, percent: p.percent, note: p.note ?? '', reported_on: reportedOn, reported_by: user.id, reported_by_name: user.fullName, created_at: ctx.clock() })
      .execute();
    await recordAudit(trx, ctx, user, { action: 'plan.task_progress', subjectType: 'reform_plan', subjectId: plan.id, orgId: task.owner_org_id, details: { taskId: id, percent: p.percent, note: p.note ?? '' } });
  });
  return plan;
}
