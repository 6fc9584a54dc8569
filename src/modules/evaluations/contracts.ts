/** Answers of the evaluation routes. */
import { z } from 'zod';

/** The 18-point evaluation of a unit for a period. */
export const EvaluationReport = z.object({
  org: z.object({ id: z.string(), name: z.string() }),
  period: z.string(),
  max: z.number(),
  indicators: z.array(
    z.object({
      indicator: z.number().int(),
      label: z.string(),
      standard: z.number(),
      suggested: z.number().nullable(),
      basis: z.string(),
      selfScore: z.number().nullable(),
      appraisedScore: z.number().nullable(),
      slips: z.number().int(),
      note: z.string().nullable(),
    }),
  ),
  selfTotal: z.number().nullable(),
  appraisedTotal: z.number().nullable(),
  band: z.enum(['excellent', 'good', 'fair', 'average', 'weak']).nullable(),
  bands: z.object({ excellent: z.number(), good: z.number(), fair: z.number(), average: z.number() }),
});
export type EvaluationReport = z.infer<typeof EvaluationReport>;
