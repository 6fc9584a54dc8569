import { z } from 'zod';
import { Paging } from '../../kernel/contracts.ts';

export const ProcedureQuery = z.strictObject({
  q: z.string().max(200).optional().describe('Words with or without diacritics, initials or one typo: "dang ky ket hon", "đkkh", "khai sihn"'),
  field: z.string().max(64).optional(),
  level: z.enum(['province', 'commune']).optional(),
  onlineLevel: z.enum(['full', 'partial']).optional(),
  org: z.string().max(64).optional().describe('Only procedures received at this organisation'),
  ...Paging,
});
export type ProcedureQuery = z.infer<typeof ProcedureQuery>;

export const ProcedureCodeParams = z.strictObject({ code: z.string().min(1).max(64) });

// ---- Answers

export const DurationView = z.object({
  value: z.number(),
  unit: z.enum(['working_days', 'working_hours', 'calendar_days', 'months']),
  label: z.string().describe('In Vietnamese, e.g. "15 ngày làm việc"'),
});

/** One procedure in a search result. */
export const ProcedureSummary = z.object({
  code: z.string(),
  name: z.string(),
  field: z.object({ code: z.string(), name: z.string() }),
  level: z.enum(['province', 'commune']),
  onlineLevel: z.enum(['full', 'partial']),
  feeVnd: z.number().nullable(),
  duration: DurationView,
});
export type ProcedureSummary = z.infer<typeof ProcedureSummary>;

export const ProcedureSearchResult = z.object({ total: z.number().int(), items: z.array(ProcedureSummary) });

/** A document the applicant hands in (thành phần hồ sơ), as the procedure defines it. */
export const ProcedureComponent = z.object({
  code: z.string(),
  name: z.string(),
  originals: z.number().int(),
  copies: z.number().int(),
  required: z.boolean(),
  signatureRequired: z.boolean().optional().describe('The applicant must sign the file digitally'),
  note: z.string().optional(),
});
export type ProcedureComponent = z.infer<typeof ProcedureComponent>;

/** A field of the procedure's application form. */
export const ProcedureFormField = z.object({
  name: z.string(),
  label: z.string().describe('In Vietnamese'),
  labelEn: z.string().optional().describe('In English; when absent the web app shows the Vietnamese label'),
  type: z.enum(['text', 'textarea', 'number', 'date', 'select']),
  required: z.boolean(),
  options: z.array(z.string()).optional().describe('Select: the values, in Vietnamese (what the dossier stores)'),
  optionsEn: z.array(z.string()).optional().describe('Select: English labels of the options, in the same order'),
  maxLength: z.number().int().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  notFuture: z.boolean().optional(),
});
export type ProcedureFormField = z.infer<typeof ProcedureFormField>;

/** One procedure with everything an applicant needs to apply. */
export const ProcedureView = ProcedureSummary.extend({
  feeNote: z.string().nullable(),
  legalBasis: z.string(),
  description: z.string().nullable(),
  applicantTypes: z.array(z.enum(['individual', 'organisation'])),
  components: z.array(ProcedureComponent),
  formFields: z.array(ProcedureFormField),
  resultName: z.string().nullable(),
  requiredIdentityLevel: z.number().int().min(1).max(2).nullable().describe('Online submission needs a VNeID sign-in of at least this level of electronic identity (Decree 69/2024/NĐ-CP; 2 = chip card); null: any signed-in account'),
  usesPopulationDb: z.boolean().describe("The applicant is checked against the national population database before acceptance (CSDL quốc gia về dân cư)"),
  process: z.array(
    z.object({
      step: z.number().int(),
      name: z.string(),
      role: z.enum(['reception', 'specialist', 'leader']),
      durationHours: z.number(),
      org: z.object({ id: z.string(), name: z.string() }).nullable().describe('null: the organisation that received the dossier'),
    }),
  ),
  receivingOrgs: z.array(z.object({ id: z.string(), name: z.string(), agencyEid: z.string().nullable(), address: z.string().nullable() })),
  isDemo: z.boolean(),
});
export type ProcedureView = z.infer<typeof ProcedureView>;

/** A procedure's versions (migration 036), newest first: what changed and the announcing decision's dates. */
export const ProcedureVersionList = z.object({
  items: z.array(
    z.object({
      version: z.number().int(),
      source: z.enum(['import', 'manual']).describe('import: from the national procedure database; manual: an administrator’s edit'),
      changes: z.array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown() })).describe('Field by field, old → new; empty for the first version'),
      decisionNumber: z.string().nullable().describe('The announcing decision, e.g. "1234/QĐ-UBND"'),
      decisionDate: z.string().nullable(),
      effectiveDate: z.string().nullable(),
      publishedOn: z.string().describe('The day the version was published in this catalogue'),
      nationalUpdatedOn: z.string().nullable().describe('The day the national procedure database was updated'),
    }),
  ),
});
