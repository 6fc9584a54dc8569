/**
 * Surveys' shared shapes: the SurveyJS subset questionnaires are written in (validated here, rendered
 * by the web app's own small renderer) and the answers of the survey routes.
 */
import { z } from 'zod';
import { Day, Instant, Label } from '../../kernel/contracts.ts';

// ---- Questionnaires: a subset of SurveyJS JSON (https://surveyjs.io/form-library/documentation/design-survey/create-a-simple-survey).
// Strict objects: a property outside the subset (a SurveyJS feature this renderer does not draw) is refused with its path,
// rather than silently ignored on the answer page.

/** A SurveyJS localizable string: plain text, or { default: Vietnamese, en: English }. */
export const LocString = z.union([z.string().trim().min(1).max(1000), z.strictObject({ default: z.string().trim().min(1).max(1000), en: z.string().trim().min(1).max(1000).optional() })]);
export type LocString = z.infer<typeof LocString>;

const QuestionName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'a–z, 0–9, _ (SurveyJS name)');

export const RatingQuestion = z.strictObject({
  type: z.literal('rating'),
  name: QuestionName,
  title: LocString,
  description: LocString.optional(),
  isRequired: z.boolean().optional(),
  rateMin: z.literal(1).optional(),
  rateMax: z.literal(5).optional(),
  /** The five points' labels, 1 to 5. */
  rateValues: z.array(z.strictObject({ value: z.number().int().min(1).max(5), text: LocString })).length(5).optional(),
});
export const CommentQuestion = z.strictObject({
  type: z.literal('comment'),
  name: QuestionName,
  title: LocString,
  description: LocString.optional(),
  isRequired: z.boolean().optional(),
  maxLength: z.number().int().min(1).max(2000).optional(),
});
export const Question = z.discriminatedUnion('type', [RatingQuestion, CommentQuestion]);
export type Question = z.infer<typeof Question>;
export const SurveyPage = z.strictObject({ name: QuestionName, title: LocString.optional(), description: LocString.optional(), elements: z.array(Question).min(1).max(40) });
export const SurveyDefinition = z.strictObject({
  title: LocString,
  description: LocString.optional(),
  /** SurveyJS's default locale; "default" texts are Vietnamese. */
  locale: z.literal('vi').optional(),
  pages: z.array(SurveyPage).min(1).max(20),
});
export type SurveyDefinition = z.infer<typeof SurveyDefinition>;

/** Answers as SurveyJS keeps them: question name → value (a rating 1–5, or a comment). */
export const SurveyAnswers = z.record(QuestionName, z.union([z.number().int().min(1).max(5), z.string().max(2000)]));
export type SurveyAnswers = z.infer<typeof SurveyAnswers>;

// ---- Answers of the routes

export const QuestionnaireView = z.object({
  id: z.string(),
  family: z.string(),
  version: z.number().int(),
  title: z.string(),
  standard: z.boolean(),
  orgId: z.string().nullable(),
  basedOn: z.string().nullable(),
  createdAt: Instant,
  definition: SurveyDefinition,
});
export type QuestionnaireView = z.infer<typeof QuestionnaireView>;

export const SizingView = z.union([
  z.object({ method: z.literal('ministry'), margin: z.number() }),
  z.object({ method: z.literal('confidence'), margin: z.number(), confidence: z.union([z.literal(0.9), z.literal(0.95), z.literal(0.99)]) }),
]);

export const RoundView = z.object({
  id: z.string(),
  name: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  questionnaireId: z.string(),
  from: Day,
  to: Day,
  fieldCodes: z.array(z.string()),
  channels: z.array(z.string()),
  sizing: SizingView,
  indexMethod: z.enum(['mean', 'pooled']),
  status: z.enum(['draft', 'open', 'closed']),
  seed: z.string().nullable(),
  frameSize: z.number().int().nullable(),
  sampleSize: z.number().int().nullable(),
  sampledAt: Instant.nullable(),
  strata: z.array(z.object({ orgId: z.string(), orgName: z.string(), fieldCode: z.string(), frame: z.number().int(), sample: z.number().int() })),
});
export type RoundView = z.infer<typeof RoundView>;

const IntervalView = z.object({ low: z.number(), high: z.number() });
export const FactorView = z.object({
  factor: z.enum(['access', 'procedure', 'servant', 'result', 'feedback']),
  answered: z.number().int(),
  satisfied: z.number().int(),
  share: z.number().nullable(),
  ci95: IntervalView.nullable(),
  perceptionMean: z.number().nullable(),
  expectationMean: z.number().nullable(),
  gap: z.number().nullable(),
});
const GroupView = z.object({
  orgId: z.string(),
  orgName: z.string(),
  fieldCode: z.string().nullable(),
  invited: z.number().int(),
  responses: z.number().int(),
  responseRate: z.number().nullable(),
  index: z.number().nullable(),
  factors: z.array(FactorView),
});
export const RoundResults = z.object({
  round: z.object({ id: z.string(), name: z.string(), from: Day, to: Day, indexMethod: z.enum(['mean', 'pooled']), status: z.enum(['draft', 'open', 'closed']) }),
  /** How each figure is computed, in Vietnamese and English (the page shows its language). */
  method: z.object({ share: Label, interval: Label, index: Label, gap: Label }),
  invited: z.number().int(),
  responses: z.number().int(),
  /** Submitted answers not yet moved into the results: they are released in batches so that a response's write cannot be matched to one invitation. */
  held: z.number().int(),
  responseRate: z.number().nullable(),
  index: z.number().nullable(),
  factors: z.array(FactorView),
  byUnit: z.array(GroupView),
  byStratum: z.array(GroupView),
});
export type RoundResults = z.infer<typeof RoundResults>;

export const RoundComparison = z.object({
  rounds: z.array(z.object({ id: z.string(), name: z.string(), from: Day, to: Day, responses: z.number().int(), responseRate: z.number().nullable(), index: z.number().nullable(), shares: z.record(z.string(), z.number().nullable()) })),
});

export const SampleSummary = z.object({ round: RoundView, invited: z.number().int() });

/** What the answer page gets for a valid token: the questionnaire, and the answers saved so far. */
export const PublicSurvey = z.object({
  roundName: z.string(),
  orgName: z.string(),
  definition: SurveyDefinition,
  answers: SurveyAnswers,
  savedAt: Instant.nullable(),
});
export type PublicSurvey = z.infer<typeof PublicSurvey>;
