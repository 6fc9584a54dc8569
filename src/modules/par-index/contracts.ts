/** Requests and answers of the PAR Index routes (docs/par-index.md); the web app takes its types from here. */
import { z } from 'zod';
import { Day, Instant, Label } from '../../kernel/contracts.ts';

export const ParGroup = z.enum(['department', 'ward', 'province']);
export type ParGroup = z.infer<typeof ParGroup>;
export const ParMethod = z.enum(['manual', 'computed', 'survey']);
export const ParBand = z.enum(['excellent', 'good', 'fair', 'average', 'weak']);
export type ParBand = z.infer<typeof ParBand>;
export const Bands = z.strictObject({ excellent: z.number().min(0).max(100), good: z.number().min(0).max(100), fair: z.number().min(0).max(100), average: z.number().min(0).max(100) });

/** One row of a criteria set (one node of the tree), as in the officials' spreadsheet. */
export const CriterionRow = z.strictObject({
  code: z.string().trim().min(1).max(20),
  name: z.string().trim().min(1).max(500),
  nameEn: z.string().trim().max(500).nullable().default(null),
  max: z.number().positive().max(100),
  method: ParMethod.nullable().default(null),
  measure: z.string().trim().max(100).nullable().default(null),
  target: z.number().nullable().default(null),
  note: z.string().trim().max(1000).nullable().default(null),
});
export type CriterionRow = z.infer<typeof CriterionRow>;

export const SetImport = z.strictObject({ name: z.string().trim().min(1).max(300), bands: Bands.optional(), rows: z.array(CriterionRow).min(1).max(500) });
export const SetParams = z.strictObject({ year: z.coerce.number().int().min(2000).max(2999), group: ParGroup });

export const ParSetView = z.object({
  id: z.string(),
  year: z.number().int(),
  group: ParGroup,
  name: z.string(),
  reference: z.boolean().describe('The city’s shipped set (illustrative points), not an imported one'),
  bands: Bands,
  rows: z.array(CriterionRow.extend({ leaf: z.boolean() })),
});
export type ParSetView = z.infer<typeof ParSetView>;
export const ParSetList = z.object({ items: z.array(z.object({ id: z.string(), year: z.number().int(), group: ParGroup, name: z.string(), reference: z.boolean() })) });

export const ParMeasureList = z.object({ items: z.array(z.object({ name: z.string(), label: Label, unit: Label, takesArg: z.boolean() })) });

const Figure = z.object({ label: Label, value: z.union([z.number(), z.string()]).nullable() });
/** What a computed or survey leaf was frozen with. */
export const Frozen = z.object({
  measure: z.string(),
  on: Day,
  from: Day,
  to: Day,
  ratio: z.number().nullable(),
  points: z.number().nullable(),
  figures: z.array(Figure),
  note: Label.nullable(),
});
export type Frozen = z.infer<typeof Frozen>;

export const AssessmentStatus = z.enum(['draft', 'submitted', 'appraised', 'published']);
export const LeafView = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  max: z.number(),
  leaf: z.boolean(),
  method: ParMethod.nullable(),
  measure: z.string().nullable(),
  target: z.number().nullable(),
  note: z.string().nullable(),
  selfScore: z.number().nullable(),
  evidence: z.object({ uploadId: z.string().nullable(), filename: z.string().nullable(), link: z.string().nullable() }),
  explanation: z.string().nullable(),
  frozen: Frozen.nullable(),
  appraisedScore: z.number().nullable(),
  appraisalComment: z.string().nullable(),
  returns: z.number().int(),
  returnReason: z.string().nullable(),
  state: z.enum(['open', 'returned', 'resubmitted']),
  finalScore: z.number().nullable().describe('The appraised score, or the latest correction of it once published'),
});
export const Correction = z.object({ code: z.string(), oldScore: z.number(), newScore: z.number(), reason: z.string(), by: z.string(), at: Instant });
const Totals = z.object({ total: z.number(), areas: z.array(z.object({ code: z.string(), name: z.string(), max: z.number(), score: z.number() })) });

export const AssessmentView = z.object({
  id: z.string(),
  year: z.number().int(),
  group: ParGroup,
  setId: z.string(),
  setName: z.string(),
  org: z.object({ id: z.string(), name: z.string() }),
  status: AssessmentStatus,
  frozenOn: Day.nullable(),
  submittedAt: Instant.nullable(),
  appraisedAt: Instant.nullable(),
  publishedAt: Instant.nullable(),
  bands: Bands,
  self: Totals,
  final: Totals.extend({ band: ParBand }).nullable().describe('Appraised (and corrected) totals, once appraised'),
  nodes: z.array(LeafView),
  corrections: z.array(Correction),
  can: z.object({ selfAssess: z.boolean(), submit: z.boolean(), appraise: z.boolean(), publish: z.boolean(), correct: z.boolean() }),
});
export type AssessmentView = z.infer<typeof AssessmentView>;

export const AssessmentList = z.object({
  items: z.array(z.object({ id: z.string(), year: z.number().int(), group: ParGroup, orgId: z.string(), orgName: z.string(), status: AssessmentStatus, selfTotal: z.number(), finalTotal: z.number().nullable() })),
});

export const OpenAssessment = z.strictObject({ year: z.number().int().min(2000).max(2999), orgId: z.string().min(1).max(64) });
export const Id = z.strictObject({ id: z.string().min(1).max(64) });
export const LeafParams = z.strictObject({ id: z.string().min(1).max(64), code: z.string().min(1).max(20) });
const Evidence = {
  evidenceUploadId: z.string().min(1).max(64).nullable().optional(),
  evidenceLink: z.url({ protocol: /^https?$/ }).max(1000).nullable().optional(),
  explanation: z.string().trim().max(4000).nullable().optional(),
};
export const SelfLeaf = z.strictObject({ code: z.string().min(1).max(20), score: z.number().min(0).max(100).nullable().optional(), ...Evidence });
export const SelfBody = z.strictObject({ leaves: z.array(SelfLeaf).min(1).max(500) });
export const ResubmitBody = z.strictObject({ score: z.number().min(0).max(100).nullable().optional(), ...Evidence });
export const FreezeBody = z.strictObject({ on: z.iso.date().optional().describe('The last day counted (default: today, or the year’s last day if past)') });
export const AppraisalBody = z.strictObject({ leaves: z.array(z.strictObject({ code: z.string().min(1).max(20), score: z.number().min(0).max(100), comment: z.string().trim().max(4000).nullable().optional() })).min(1).max(500) });
export const ReturnBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export const CorrectionBody = z.strictObject({ score: z.number().min(0).max(100), reason: z.string().trim().min(5).max(2000) });

export const ResultsQuery = z.strictObject({ group: ParGroup.default('ward') });
export const YearParams = z.strictObject({ year: z.coerce.number().int().min(2000).max(2999) });
export const ParResults = z.object({
  year: z.number().int(),
  group: ParGroup,
  setName: z.string().nullable(),
  bands: Bands,
  areas: z.array(z.object({ code: z.string(), name: z.string(), max: z.number() })),
  units: z.array(
    z.object({
      orgId: z.string(),
      orgName: z.string(),
      total: z.number(),
      areas: z.array(z.object({ code: z.string(), score: z.number() })),
      rank: z.number().int(),
      band: ParBand,
      previousTotal: z.number().nullable(),
      change: z.number().nullable().describe('total − last year’s published total'),
      corrected: z.boolean().describe('At least one score was corrected after publication'),
      publishedAt: Instant,
    }),
  ),
  goodOrBetter: z.object({ share: z.number().nullable(), count: z.number().int(), of: z.number().int(), target: z.number(), met: z.boolean().nullable() }),
});
export type ParResults = z.infer<typeof ParResults>;
