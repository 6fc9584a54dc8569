/** The plan view: every target with its value now, gap and light; tasks late first; inspections and the share inspected. */
import type { AppContext } from '../../context.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { SessionUser } from '../identity/auth.ts';
import { vietnamDay } from '../organisations/directory.ts';
import { canEditPlan, canReportOn, type PlanRow } from './access.ts';
import type { PlanView, TargetView, TaskView } from './contracts.ts';
import { DEFAULT_LIGHT_RULES, gapOf, lightOf, meets, orderTasks, reportPeriod, taskStatus, worstLight, type LightRules, type ReportPeriod } from './domain/rules.ts';
import { inspectedShare } from './inspections.ts';
import { MANUAL_MEASURES, planMeasure, type MeasureInput, type TargetScope } from './measures.ts';

export function requireReportPeriod(year: number, code: string | undefined, path = 'query.period'): ReportPeriod {
  const p = reportPeriod(year, code ?? String(year));
  if (!p) throw new DomainError('validation-failed', 422, { vi: `Kỳ phải thuộc năm ${year}: ${year}-Q1…Q4, ${year}-H1, ${year}-H2 hoặc ${year}.`, en: `The period must lie in ${year}: ${year}-Q1…Q4, ${year}-H1, ${year}-H2 or ${year}.` }, [{ path, message: { vi: 'Kỳ không hợp lệ', en: 'Invalid period' } }]);
  return p;
}

export async function planView(ctx: AppContext, user: SessionUser | null, plan: PlanRow, periodCode?: string): Promise<PlanView> {
  const period = requireReportPeriod(plan.year, periodCode);
  const rules = (plan.light_rules as LightRules | null) ?? DEFAULT_LIGHT_RULES;
  const org = await ctx.orgs.find(plan.org_id);
  const cache = new Map<string, Promise<unknown>>();
  const memo = <T>(key: string, run: () => Promise<T>): Promise<T> => (cache.get(key) ?? cache.set(key, run()).get(key)!) as Promise<T>;

  const targetRows = await ctx.db.selectFrom('reform_plan_targets').selectAll().where('plan_id', '=', plan.id).orderBy('position').execute();
  const reports = targetRows.length
    ? await ctx.db.selectFrom('reform_target_reports').selectAll().where('target_id', 'in', targetRows.map((t) => t.id)).where('reported_on', '<=', period.to).orderBy('created_at', 'desc').execute()
    : [];
  const targets: TargetView[] = [];
  for (const t of targetRows) {
    const scope = (t.scope ?? {}) as TargetScope;
    const measure = planMeasure(t.measure);
    const label = measure?.label ?? MANUAL_MEASURES.find((m) => m.code === t.measure)?.label ?? { vi: t.measure, en: t.measure };
    const last = reports.find((r) => r.target_id === t.id) ?? null;
    const base = { id: t.id, position: t.position, name: { vi: t.name_vi, en: t.name_en }, kind: t.kind, measure: t.measure, measureLabel: label, comparison: t.comparison, threshold: t.threshold, unit: t.unit, scope, note: t.note };
    const lastReport = last ? { value: last.value, reportedOn: last.reported_on, evidenceUrl: last.evidence_url, evidenceUploadId: last.evidence_upload_id, note: last.note, reportedBy: last.reported_by_name, at: last.created_at.toISOString() } : null;
    const judged = (value: number | null, threshold = t.threshold) => ({
      met: value === null ? null : meets(value, t.comparison, threshold),
      gap: value === null ? null : gapOf(value, t.comparison, threshold),
      light: lightOf(value, t.comparison, threshold, t.unit, rules),
    });
    if (t.kind === 'computed' && measure) {
      const input: MeasureInput = { ctx, orgId: plan.org_id, year: plan.year, period: period.code, from: period.from, to: period.to, scope, memo };
      const r = await measure.compute(input);
      if (r.status === 'live') {
        const rows = (r.rows ?? []).map((row) => {
          const threshold = scope.fieldThresholds?.[row.key] ?? t.threshold;
          return { ...row, threshold, ...judged(row.value, threshold) };
        });
        // Split by field: the target holds when every field with dossiers holds; its light is the worst field's.
        const overall = judged(r.value);
        const light = measure.perField ? worstLight(rows.map((x) => x.light)) : overall.light;
        const met = measure.perField ? (light === 'none' ? null : rows.every((x) => x.met !== false)) : overall.met;
        targets.push({ ...base, source: 'live', value: r.value, numerator: r.numerator, denominator: r.denominator, met, gap: overall.gap, light, reason: r.reason ?? null, figures: r.figures, rows, lastReport });
        continue;
      }
      // No source yet: the value reported by hand stands in, said so.
      const v = last?.value ?? null;
      targets.push({ ...base, source: last ? 'manual' : 'no_source', value: v, numerator: null, denominator: null, ...judged(v), reason: r.reason ?? null, figures: r.figures, rows: [], lastReport });
      continue;
    }
    const v = last?.value ?? null;
    targets.push({ ...base, source: last ? 'manual' : 'not_reported', value: v, numerator: null, denominator: null, ...judged(v), reason: null, figures: [], rows: [], lastReport });
  }

  const today = vietnamDay(ctx.clock());
  const taskRows = await ctx.db.selectFrom('reform_tasks').selectAll().where('plan_id', '=', plan.id).execute();
  const progress = taskRows.length ? await ctx.db.selectFrom('reform_task_progress').selectAll().where('task_id', 'in', taskRows.map((t) => t.id)).orderBy('created_at', 'desc').execute() : [];
  const orgName = async (id: string) => (await ctx.orgs.find(id))?.name ?? id;
  const tasks: TaskView[] = [];
  for (const k of taskRows) {
    const mine = progress.filter((p) => p.task_id === k.id);
    const percent = mine[0]?.percent ?? null;
    tasks.push({
      id: k.id,
      position: k.position,
      ownerOrgId: k.owner_org_id,
      ownerOrgName: await orgName(k.owner_org_id),
      title: k.title,
      description: k.description,
      deadline: k.deadline,
      status: taskStatus({ deadline: k.deadline, percent }, today),
      percent,
      inspectionId: k.inspection_id,
      canReport: user ? await canReportOn(ctx, user, plan, k) : false,
      progress: mine.map((p) => ({ percent: p.percent, note: p.note, reportedOn: p.reported_on, reportedBy: p.reported_by_name, at: p.created_at.toISOString() })),
    });
  }
  const inspectionRows = await ctx.db.selectFrom('reform_inspections').selectAll().where('plan_id', '=', plan.id).orderBy('inspected_on').execute();
  const inspections = [];
  for (const i of inspectionRows) {
    inspections.push({ id: i.id, orgId: i.org_id, orgName: await orgName(i.org_id), inspectedOn: i.inspected_on, team: i.team, findings: i.findings, followUpTaskIds: taskRows.filter((k) => k.inspection_id === i.id).map((k) => k.id) });
  }
  const inspectionTarget = targets.find((t) => t.measure === 'inspections.share');
  const inspected = await inspectedShare(ctx, { orgId: plan.org_id, year: plan.year, unitGroup: inspectionTarget?.scope.unitGroup, to: period.to });
  const ordered = orderTasks(tasks);
  const count = (l: string) => targets.filter((t) => t.light === l).length;
  return {
    id: plan.id,
    orgId: plan.org_id,
    orgName: org?.name ?? plan.org_id,
    year: plan.year,
    title: plan.title,
    period: period.code,
    from: period.from,
    to: period.to,
    asOf: ctx.clock().toISOString(),
    lightRules: rules,
    canEdit: user ? await canEditPlan(ctx, user, plan) : false,
    targets,
    tasks: ordered,
    inspections,
    inspected: { numerator: inspected.numerator, denominator: inspected.denominator, value: inspected.value, unitGroup: inspected.unitGroup },
    counts: { green: count('green'), amber: count('amber'), red: count('red'), none: count('none'), lateTasks: tasks.filter((t) => t.status === 'late').length },
  };
}
