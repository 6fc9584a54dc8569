import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import {
  AppraisalBody, AssessmentList, AssessmentView, CorrectionBody, FreezeBody, Id, LeafParams, OpenAssessment, ParMeasureList, ParResults, ParSetList, ParSetView,
  ResubmitBody, ResultsQuery, ReturnBody, SelfBody, SetImport, SetParams, YearParams,
} from './contracts.ts';
import { appraise, correct, evidenceFile, finishAppraisal, freeze, openAssessment, publish, resubmitLeaf, returnLeaf, saveSelf, submit } from './assessments.ts';
import { parMeasures } from './measures.ts';
import { parResults, resultsPdf, resultsXlsx } from './results.ts';
import { exportSetXlsx, importSet, importSetXlsx, listSets, requireSet, setView } from './sets.ts';
import { assessmentView, listAssessments } from './view.ts';

const OFFICERS = ['reception', 'specialist', 'leader', 'manager', 'admin'] as const;
export const PAR_XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const XLSX = PAR_XLSX;
type Reply = { header: (k: string, v: string) => unknown; send: (b: Buffer) => unknown };
const file = (reply: Reply, type: string, name: string, body: Buffer) => {
  reply.header('content-type', type);
  reply.header('content-disposition', `attachment; filename="${name}"`);
  return reply.send(body);
};

export const parRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/par/measures',
    summary: 'The registry of computed measures a criteria set’s leaves may name',
    tag: 'par',
    access: OFFICERS,
    response: ParMeasureList,
    handler: async () => ({ items: parMeasures().map((m) => ({ name: m.name, label: m.label, unit: m.unit, takesArg: !!m.takesArg })) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/par/sets',
    summary: 'PAR Index criteria sets, per year and group',
    tag: 'par',
    access: OFFICERS,
    response: ParSetList,
    handler: async ({ ctx }) => listSets(ctx),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/par/sets/:year/:group',
    summary: 'A criteria set: the tree as rows (code, name, max points, method, measure, target), band thresholds',
    tag: 'par',
    access: OFFICERS,
    params: SetParams,
    response: ParSetView,
    handler: async ({ params, ctx }) => setView(await requireSet(ctx, params.year, params.group)),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/par/sets/:year/:group',
    summary: 'Replace a year’s criteria set as JSON rows; every row checked (422 by row and column); refused once units have started (city-level administrator)',
    tag: 'par',
    access: ['admin'],
    params: SetParams,
    body: SetImport,
    response: ParSetView,
    problems: [409],
    handler: async ({ params, body, user, ctx }) => importSet(ctx, user!, params.year, params.group, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/par/sets/:year/:group/xlsx',
    summary: 'The criteria set as XLSX in the officials’ layout (Mã, Tên tiêu chí, Điểm tối đa, Phương pháp, Chỉ số, …)',
    tag: 'par',
    access: OFFICERS,
    params: SetParams,
    success: { status: 200, description: 'XLSX', contentType: XLSX },
    handler: async ({ params, ctx, reply }) => file(reply, XLSX, `bo-chi-so-cchc-${params.year}-${params.group}.xlsx`, await exportSetXlsx(ctx, params.year, params.group)),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/par/sets/:year/:group/xlsx',
    summary: 'Replace a year’s criteria set from XLSX in the officials’ layout; problems come back by row and column (city-level administrator)',
    tag: 'par',
    access: ['admin'],
    params: SetParams,
    rawBody: { contentTypes: [XLSX, 'application/octet-stream'], description: 'The workbook' },
    response: ParSetView,
    problems: [409],
    handler: async ({ params, request, user, ctx }) => importSetXlsx(ctx, user!, params.year, params.group, request.body as Buffer),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/par/assessments',
    summary: 'Assessments of the units in the caller’s scope, with self and final totals',
    tag: 'par',
    access: OFFICERS,
    query: z.strictObject({ year: z.coerce.number().int().min(2000).max(2999).optional() }),
    response: AssessmentList,
    handler: async ({ query, user, ctx }) => listAssessments(ctx, user!, query.year),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/par/assessments',
    summary: 'Open (or find) the unit’s assessment of a year, against the year’s set for its group (the unit’s officers)',
    tag: 'par',
    access: ['specialist', 'leader', 'manager', 'admin'],
    body: OpenAssessment,
    response: AssessmentView,
    success: { status: 201, description: 'The assessment' },
    handler: async ({ body, user, ctx, reply }) => {
      reply.code(201);
      return assessmentView(ctx, user!, await openAssessment(ctx, user!, body));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/par/assessments/:id/view',
    summary: 'An assessment: the criteria tree with self, appraised and final scores, frozen figures, evidence, corrections, totals, band, what the caller may do',
    tag: 'par',
    access: OFFICERS,
    params: Id,
    response: AssessmentView,
    handler: async ({ params, user, ctx }) => assessmentView(ctx, user!, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/par/assessments/:id/self',
    summary: 'Self-assessment of leaves: score (manual leaves, ≤ max), evidence file or link, explanation (the unit, while a draft)',
    tag: 'par',
    access: ['specialist', 'leader', 'manager', 'admin'],
    params: Id,
    body: SelfBody,
    response: AssessmentView,
    problems: [409],
    handler: async ({ params, body, user, ctx }) => {
      await saveSelf(ctx, user!, params.id, body.leaves);
      return assessmentView(ctx, user!, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/par/assessments/:id/freeze',
    summary: 'Fill the computed and survey leaves from the measures, frozen at a day, keeping the figures behind them (the unit, while a draft)',
    tag: 'par',
    access: ['specialist', 'leader', 'manager', 'admin'],
    params: Id,
    body: FreezeBody,
    response: AssessmentView,
    problems: [409],
    handler: async ({ params, body, user, ctx }) => {
      await freeze(ctx, user!, params.id, body.on);
      return assessmentView(ctx, user!, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/par/assessments/:id/submit',
    summary: 'Submit the self-assessment for appraisal (the unit’s leader): figures frozen, manual leaves scored with evidence',
    tag: 'par',
    access: ['leader', 'manager', 'admin'],
    params: Id,
    response: AssessmentView,
    problems: [409],
    handler: async ({ params, user, ctx }) => {
      await submit(ctx, user!, params.id);
      return assessmentView(ctx, user!, params.id);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/par/assessments/:id/appraisal',
    summary: 'Appraised score and comment per leaf (the appraising body above the unit: home affairs)',
    tag: 'par',
    access: ['manager', 'admin'],
    params: Id,
    body: AppraisalBody,
    response: AssessmentView,
    problems: [409],
    handler: async ({ params, body, user, ctx }) => {
      await appraise(ctx, user!, params.id, body.leaves);
      return assessmentView(ctx, user!, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/par/assessments/:id/leaves/:code/return',
    summary: 'Return a leaf to the unit for more evidence — once per leaf; a second return is 409',
    tag: 'par',
    access: ['manager', 'admin'],
    params: LeafParams,
    body: ReturnBody,
    response: AssessmentView,
    problems: [409],
    handler: async ({ params, body, user, ctx }) => {
      await returnLeaf(ctx, user!, params.id, params.code, body.reason);
      return assessmentView(ctx, user!, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/par/assessments/:id/leaves/:code/resubmit',
    summary: 'The unit answers a returned leaf: new evidence, explanation and score, sent back to the appraiser',
    tag: 'par',
    access: ['specialist', 'leader', 'manager', 'admin'],
    params: LeafParams,
    body: ResubmitBody,
    response: AssessmentView,
    problems: [409],
    handler: async ({ params, body, user, ctx }) => {
      await resubmitLeaf(ctx, user!, params.id, params.code, body);
      return assessmentView(ctx, user!, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/par/assessments/:id/appraised',
    summary: 'Finish the appraisal: every leaf appraised and none waiting for the unit (409 otherwise)',
    tag: 'par',
    access: ['manager', 'admin'],
    params: Id,
    response: AssessmentView,
    problems: [409],
    handler: async ({ params, user, ctx }) => {
      await finishAppraisal(ctx, user!, params.id);
      return assessmentView(ctx, user!, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/par/assessments/:id/publish',
    summary: 'Publish an appraised result (city-level manager or administrator); afterwards only corrections change it',
    tag: 'par',
    access: ['manager', 'admin'],
    params: Id,
    response: AssessmentView,
    problems: [409],
    handler: async ({ params, user, ctx }) => {
      await publish(ctx, user!, params.id);
      return assessmentView(ctx, user!, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/par/assessments/:id/leaves/:code/correction',
    summary: 'Correct a published leaf score with a reason: recorded (who, why, old → new), shown with the results',
    tag: 'par',
    access: ['manager', 'admin'],
    params: LeafParams,
    body: CorrectionBody,
    response: AssessmentView,
    success: { status: 201, description: 'The assessment with the correction' },
    problems: [409],
    handler: async ({ params, body, user, ctx, reply }) => {
      await correct(ctx, user!, params.id, params.code, body);
      reply.code(201);
      return assessmentView(ctx, user!, params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/par/assessments/:id/leaves/:code/evidence',
    summary: 'The evidence file of a leaf (the unit and its appraisers)',
    tag: 'par',
    access: OFFICERS,
    params: LeafParams,
    success: { status: 200, description: 'The file', contentType: 'application/octet-stream' },
    handler: async ({ params, user, ctx, reply }) => {
      const f = await evidenceFile(ctx, user!, params.id, params.code);
      reply.header('content-type', f.media_type);
      reply.header('content-disposition', `attachment; filename="${encodeURIComponent(f.filename)}"`);
      return reply.send(Buffer.from(f.content));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/par/:year/results',
    summary: 'Published PAR Index results of a year and group: totals, per area, rank (1, 2, 2, 4), band, change from last year, share rated good or better vs the 90 % target',
    tag: 'par',
    access: 'public',
    params: YearParams,
    query: ResultsQuery,
    response: ParResults,
    handler: async ({ params, query, ctx }) => parResults(ctx, params.year, query.group),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/par/:year/results.xlsx',
    summary: 'The published results as XLSX',
    tag: 'par',
    access: 'public',
    params: YearParams,
    query: ResultsQuery,
    success: { status: 200, description: 'XLSX', contentType: XLSX },
    handler: async ({ params, query, ctx, reply }) => file(reply, XLSX, `chi-so-cchc-${params.year}-${query.group}.xlsx`, await resultsXlsx(ctx, params.year, query.group)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/par/:year/results.pdf',
    summary: 'The published results as PDF (A4 landscape)',
    tag: 'par',
    access: 'public',
    params: YearParams,
    query: ResultsQuery,
    success: { status: 200, description: 'PDF', contentType: 'application/pdf' },
    handler: async ({ params, query, ctx, reply }) => file(reply, 'application/pdf', `chi-so-cchc-${params.year}-${query.group}.pdf`, await resultsPdf(ctx, params.year, query.group)),
  }),
];
