import { z } from 'zod';
import { ItemsOf, NonEmptyText, Ok } from '../../kernel/contracts.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { PublicSurvey, QuestionnaireView, RoundComparison, RoundResults, RoundView, SampleSummary, SurveyAnswers, SurveyDefinition } from './contracts.ts';
import { createQuestionnaire, getQuestionnaire, listQuestionnaires } from './questionnaires.ts';
import { closeRound, createRound, exportSample, getRound, listRounds, sampleRound } from './rounds.ts';
import { compareRounds, resultsCsv, roundResults } from './results.ts';
import { openSurvey, saveDraft, submitSurvey } from './answering.ts';
import { invitationSlips } from './invitation-slips.ts';

const STAFF = ['manager', 'admin'] as const;
const Id = z.strictObject({ id: z.string().min(1).max(64) });
const Token = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Liên kết không đúng / not a survey link') });
const Day = z.iso.date();
const Sizing = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('ministry'), margin: z.number().min(0.01).max(0.2).default(0.05) }),
  z.strictObject({ method: z.literal('confidence'), margin: z.number().min(0.01).max(0.2), confidence: z.union([z.literal(0.9), z.literal(0.95), z.literal(0.99)]) }),
]);
const NewRound = z.strictObject({
  name: NonEmptyText(200),
  orgId: z.string().min(1).max(64),
  questionnaireId: z.string().min(1).max(64),
  from: Day,
  to: Day,
  fieldCodes: z.array(z.string().min(1).max(64)).max(100).default([]),
  channels: z.array(z.enum(['online', 'counter', 'post'])).max(3).default([]),
  sizing: Sizing.default({ method: 'ministry', margin: 0.05 }),
  indexMethod: z.enum(['mean', 'pooled']).default('mean'),
});
const csv = (reply: { header: (k: string, v: string) => unknown; send: (b: string) => unknown }, name: string, body: string) => {
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${name}"`);
  return reply.send(body);
};

export const surveyRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/surveys/questionnaires',
    summary: 'SIPAS questionnaires (SurveyJS JSON), every version, the city standard first (manager, administrator)',
    tag: 'stats',
    access: STAFF,
    response: ItemsOf(QuestionnaireView),
    handler: async ({ ctx }) => listQuestionnaires(ctx),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/surveys/questionnaires/:id',
    summary: 'One questionnaire version',
    tag: 'stats',
    access: STAFF,
    response: QuestionnaireView,
    params: Id,
    handler: async ({ params, ctx }) => getQuestionnaire(ctx, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/surveys/questionnaires',
    summary: 'Copy a questionnaire (a family of the unit’s own) or store an edit as its next version; must keep the 15 SIPAS ratings (administrator)',
    tag: 'stats',
    access: ['admin'],
    response: QuestionnaireView,
    success: { status: 201, description: 'The new version' },
    body: z.strictObject({ orgId: z.string().min(1).max(64), basedOn: z.string().min(1).max(64), newVersion: z.boolean().default(false), definition: SurveyDefinition.optional() }),
    handler: async ({ body, user, ctx, reply }) => {
      reply.code(201);
      return createQuestionnaire(ctx, user!, body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/surveys/rounds',
    summary: 'Survey rounds of the units in the caller’s scope',
    tag: 'stats',
    access: STAFF,
    response: ItemsOf(RoundView),
    handler: async ({ user, ctx }) => listRounds(ctx, user!),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/surveys/rounds',
    summary: 'Create a survey round: unit subtree, period, filters, sample sizing, index method, pinned questionnaire version',
    tag: 'stats',
    access: STAFF,
    response: RoundView,
    success: { status: 201, description: 'The round, not sampled yet' },
    body: NewRound,
    handler: async ({ body, user, ctx, reply }) => {
      reply.code(201);
      return createRound(ctx, user!, body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/surveys/rounds/:id',
    summary: 'A survey round with its sample’s strata',
    tag: 'stats',
    access: STAFF,
    response: RoundView,
    params: Id,
    handler: async ({ params, user, ctx }) => getRound(ctx, user!, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/surveys/rounds/:id/sample',
    summary: 'Draw the stratified sample once, with a recorded seed (given, or generated), and send each person a one-time link through the outbox',
    tag: 'stats',
    access: STAFF,
    response: SampleSummary,
    params: Id,
    body: z.strictObject({ seed: z.string().min(1).max(100).optional() }),
    handler: async ({ params, body, user, ctx }) => sampleRound(ctx, user!, params.id, body.seed),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/surveys/rounds/:id/sample.csv',
    summary: 'The sample with contacts and links, as CSV (personal data: the export is audited)',
    tag: 'stats',
    access: STAFF,
    params: Id,
    success: { status: 200, description: 'CSV', contentType: 'text/csv' },
    handler: async ({ params, user, ctx, reply }) => csv(reply, `mau-khao-sat-${params.id}.csv`, String((await exportSample(ctx, user!, params.id, 'csv')).body)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/surveys/rounds/:id/sample.xlsx',
    summary: 'The sample with contacts and links, as XLSX (personal data: the export is audited)',
    tag: 'stats',
    access: STAFF,
    params: Id,
    success: { status: 200, description: 'XLSX', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    handler: async ({ params, user, ctx, reply }) => {
      const { body } = await exportSample(ctx, user!, params.id, 'xlsx');
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="mau-khao-sat-${params.id}.xlsx"`);
      return reply.send(body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/surveys/rounds/:id/invitations.pdf',
    summary: 'Printable invitations of an open round, one A5 slip per person not yet answered: unit, round, the link as QR code and text, instructions (personal data: the print is audited)',
    tag: 'stats',
    access: STAFF,
    params: Id,
    problems: [409],
    success: { status: 200, description: 'PDF', contentType: 'application/pdf' },
    handler: async ({ params, user, ctx, reply }) => {
      const { pdf } = await invitationSlips(ctx, user!, params.id);
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `attachment; filename="phieu-moi-khao-sat-${params.id}.pdf"`);
      return reply.send(pdf);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/surveys/rounds/:id/close',
    summary: 'Close a round: links stop working; answers still held are released into the results',
    tag: 'stats',
    access: STAFF,
    response: RoundView,
    params: Id,
    handler: async ({ params, user, ctx }) => closeRound(ctx, user!, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/surveys/rounds/:id/results',
    summary: 'SIPAS results: per factor the share satisfied (4–5) with a Wilson 95 % interval, the index, expectation − perception gaps, per unit and unit × field, response rates',
    tag: 'stats',
    access: STAFF,
    response: RoundResults,
    params: Id,
    handler: async ({ params, user, ctx }) => roundResults(ctx, user!, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/surveys/rounds/:id/results.csv',
    summary: 'The results table as CSV',
    tag: 'stats',
    access: STAFF,
    params: Id,
    success: { status: 200, description: 'CSV', contentType: 'text/csv' },
    handler: async ({ params, user, ctx, reply }) => csv(reply, `ket-qua-khao-sat-${params.id}.csv`, await resultsCsv(ctx, user!, params.id)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/surveys/compare',
    summary: 'Several rounds side by side (?rounds=a,b,c): index and factor shares',
    tag: 'stats',
    access: STAFF,
    response: RoundComparison,
    query: z.strictObject({ rounds: z.string().transform((s) => s.split(',').filter(Boolean)).pipe(z.array(z.string().min(1).max(64)).min(1).max(12)) }),
    handler: async ({ query, user, ctx }) => compareRounds(ctx, user!, query.rounds),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public/surveys/:token',
    summary: 'The questionnaire behind a one-time survey link, with the answers saved so far (410 once submitted)',
    tag: 'public',
    access: 'public',
    response: PublicSurvey,
    params: Token,
    problems: [410],
    handler: async ({ params, ctx }) => openSurvey(ctx, params.token),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/public/surveys/:token/draft',
    summary: 'Save partial answers against the link, to resume later',
    tag: 'public',
    access: 'public',
    response: z.object({ savedAt: z.string() }),
    params: Token,
    body: z.strictObject({ answers: SurveyAnswers }),
    problems: [410],
    handler: async ({ params, body, ctx }) => saveDraft(ctx, params.token, body.answers),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/public/surveys/:token',
    summary: 'Submit the answers once (the link is burned; 410 after). An officer signed in keys in a paper interview',
    tag: 'public',
    access: 'public',
    response: Ok,
    params: Token,
    body: z.strictObject({ answers: SurveyAnswers }),
    problems: [410],
    handler: async ({ params, body, user, ctx }) => submitSurvey(ctx, params.token, body.answers, user && user.role !== 'citizen' ? user : null),
  }),
];
