import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import { CreatedId, InspectionBody, MeasureList, NewPlanBody, PlanView, ProgressBody, ReportPeriodParam, TargetBody, TargetReportBody, TaskBody } from './contracts.ts';
import { planForEdit, planForRead } from './access.ts';
import { planView, requireReportPeriod } from './view.ts';
import { addTarget, addTask, createPlan, reportProgress, reportTarget, updateTarget, updateTask } from './plans.ts';
import { addInspection } from './inspections.ts';
import { measureList } from './queries.ts';
import { reportPdf, reportXlsx } from './report.ts';

const ReportQuery = z.strictObject({ org: z.string().min(1).max(64).optional(), period: ReportPeriodParam.optional() });

const STAFF = ['reception', 'specialist', 'leader', 'manager', 'admin'] as const;
const EDITORS = ['manager', 'admin'] as const;
const YearParams = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
const Id = z.strictObject({ id: z.string().min(1).max(64) });
const OrgQuery = z.strictObject({ org: z.string().min(1).max(64).optional() });
const ViewQuery = z.strictObject({ org: z.string().min(1).max(64).optional(), period: ReportPeriodParam.optional() });

export const reformPlanRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/plans/:year',
    summary: 'The reform plan of a unit (the caller’s city by default) for a year: each target’s live value, gap and traffic light; tasks, late first; inspections and the share of units inspected',
    tag: 'stats',
    access: STAFF,
    params: YearParams,
    query: ViewQuery,
    response: PlanView,
    handler: async ({ params, query, user, ctx }) => planView(ctx, user, await planForRead(ctx, user!, params.year, query.org), query.period),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/plan-measures',
    summary: 'The measures a target can name (computed from the system’s data, or reported by hand), the units and fields of the caller’s scope',
    tag: 'stats',
    access: STAFF,
    response: MeasureList,
    handler: async ({ user, ctx }) => measureList(ctx, user!),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/plans',
    summary: 'Create a unit’s plan for a year, empty or copied from another year (targets and tasks) (manager, administrator)',
    tag: 'stats',
    access: EDITORS,
    body: NewPlanBody,
    response: PlanView,
    success: { status: 201, description: 'The new plan' },
    problems: [409],
    handler: async ({ body, user, ctx, reply }) => {
      const plan = await createPlan(ctx, user!, body);
      reply.code(201);
      return planView(ctx, user, plan);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/plans/:year/targets',
    summary: 'Add a target to the plan: computed from a named measure, or reported by hand',
    tag: 'stats',
    access: EDITORS,
    params: YearParams,
    query: OrgQuery,
    body: TargetBody,
    response: CreatedId,
    success: { status: 201, description: 'The target' },
    handler: async ({ params, query, body, user, ctx, reply }) => {
      const id = await addTarget(ctx, user!, await planForEdit(ctx, user!, params.year, query.org), body);
      reply.code(201);
      return { id };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/plan-targets/:id',
    summary: 'Change a target',
    tag: 'stats',
    access: EDITORS,
    params: Id,
    body: TargetBody,
    response: CreatedId,
    handler: async ({ params, body, user, ctx }) => {
      await updateTarget(ctx, user!, params.id, body);
      return { id: params.id };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/plan-targets/:id/reports',
    summary: 'Report a target’s value by hand, with evidence (link or uploaded file) and the day it holds for',
    tag: 'stats',
    access: EDITORS,
    params: Id,
    body: TargetReportBody,
    response: CreatedId,
    success: { status: 201, description: 'Recorded' },
    handler: async ({ params, body, user, ctx, reply }) => {
      await reportTarget(ctx, user!, params.id, body);
      reply.code(201);
      return { id: params.id };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/plans/:year/tasks',
    summary: 'Add a task: owner unit, deadline, description',
    tag: 'stats',
    access: EDITORS,
    params: YearParams,
    query: OrgQuery,
    body: TaskBody,
    response: CreatedId,
    success: { status: 201, description: 'The task' },
    handler: async ({ params, query, body, user, ctx, reply }) => {
      const id = await addTask(ctx, user!, await planForEdit(ctx, user!, params.year, query.org), body);
      reply.code(201);
      return { id };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/plan-tasks/:id',
    summary: 'Change a task',
    tag: 'stats',
    access: EDITORS,
    params: Id,
    body: TaskBody,
    response: CreatedId,
    handler: async ({ params, body, user, ctx }) => {
      await updateTask(ctx, user!, params.id, body);
      return { id: params.id };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/plan-tasks/:id/progress',
    summary: 'Report a task’s progress (percentage, notes): leaders of the owner unit, or the plan’s managers',
    tag: 'stats',
    access: ['leader', 'manager', 'admin'],
    params: Id,
    body: ProgressBody,
    response: CreatedId,
    success: { status: 201, description: 'Recorded' },
    handler: async ({ params, body, user, ctx, reply }) => {
      await reportProgress(ctx, user!, params.id, body);
      reply.code(201);
      return { id: params.id };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/plans/:year/inspections',
    summary: 'Record an inspection of administrative reform (unit, date, team, findings) with its follow-up tasks',
    tag: 'stats',
    access: EDITORS,
    params: YearParams,
    query: OrgQuery,
    body: InspectionBody,
    response: CreatedId,
    success: { status: 201, description: 'The inspection' },
    handler: async ({ params, query, body, user, ctx, reply }) => {
      const id = await addInspection(ctx, user!, await planForEdit(ctx, user!, params.year, query.org), body);
      reply.code(201);
      return { id };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/plans/:year/report.pdf',
    summary: 'The periodic report of reform results (quarter 2025-Q2, half-year 2025-H1 or the year 2025) as PDF, in the usual outline of the national PAR report',
    tag: 'stats',
    access: STAFF,
    params: YearParams,
    query: ReportQuery,
    success: { status: 200, description: 'PDF', contentType: 'application/pdf' },
    handler: async ({ params, query, user, ctx, reply }) => {
      const plan = await planForRead(ctx, user!, params.year, query.org);
      const period = requireReportPeriod(plan.year, query.period);
      const pdf = await reportPdf(ctx, user!, plan, period.code);
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `attachment; filename="bao-cao-cchc-${period.code}.pdf"`);
      return reply.send(pdf);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/plans/:year/report.xlsx',
    summary: 'The same periodic report as XLSX: the report, targets (numbers as numbers), tasks, inspections',
    tag: 'stats',
    access: STAFF,
    params: YearParams,
    query: ReportQuery,
    success: { status: 200, description: 'XLSX', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    handler: async ({ params, query, user, ctx, reply }) => {
      const plan = await planForRead(ctx, user!, params.year, query.org);
      const period = requireReportPeriod(plan.year, query.period);
      const xlsx = await reportXlsx(ctx, user!, plan, period.code);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="bao-cao-cchc-${period.code}.xlsx"`);
      return reply.send(xlsx);
    },
  }),
];
