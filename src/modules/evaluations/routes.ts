import { z } from 'zod';
import { Period } from '../../kernel/contracts.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { requireScope } from '../organisations/scope.ts';
import { getEvaluation, saveScores } from './evaluations.ts';

const Params = z.strictObject({ org: z.string().min(1).max(64), period: Period });
const Scores = z.strictObject({
  indicators: z
    .array(z.strictObject({ indicator: z.number().int().min(1).max(9), score: z.number().min(0).max(2), slips: z.number().int().min(0).max(10_000_000).optional(), note: z.string().max(2000).optional() }))
    .min(1)
    .max(9),
});

export const evaluationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/evaluations/:org/:period',
    summary: 'The 18-point evaluation of a unit for a period: suggested, self and appraised scores per indicator, totals, band',
    tag: 'stats',
    access: ['reception', 'specialist', 'leader', 'manager', 'admin'],
    params: Params,
    handler: async ({ params, user, ctx }) => {
      await requireScope(ctx, user!, params.org);
      return getEvaluation(ctx, params.org, params.period);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/evaluations/:org/:period/self',
    summary: 'Self-scores of the unit (its leader)',
    tag: 'stats',
    access: ['leader', 'admin'],
    params: Params,
    body: Scores,
    handler: async ({ params, body, user, ctx }) => saveScores(ctx, user!, params.org, params.period, 'self', body.indicators),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/evaluations/:org/:period/appraisal',
    summary: 'Appraised scores (manager or administrator of the level above)',
    tag: 'stats',
    access: ['manager', 'admin'],
    params: Params,
    body: Scores,
    handler: async ({ params, body, user, ctx }) => saveScores(ctx, user!, params.org, params.period, 'appraisal', body.indicators),
  }),
];
