import { z } from 'zod';
import { PersonName } from '../../kernel/contracts.ts';
import { ProcedureView } from '../catalogue/contracts.ts';
import { MAX_DURATION, withinMaxDuration } from '../calendar/domain/deadlines.ts';

const Code = z.string().regex(/^[a-z0-9-]{1,64}$/, 'a–z, 0–9, gạch nối / a–z, 0–9, hyphen');

export const ProcedureUpsert = z.strictObject({
  name: z.string().trim().min(5).max(500),
  fieldCode: z.string().min(1).max(64),
  level: z.enum(['province', 'commune']),
  onlineLevel: z.enum(['full', 'partial']),
  feeVnd: z.number().int().min(0).max(2_000_000_000).nullable().describe('0: free; null: depends on the case (explain in feeNote)'),
  feeNote: z.string().trim().max(1000).nullable().optional(),
  duration: z
    .strictObject({ value: z.number().positive().max(3650), unit: z.enum(['working_days', 'working_hours', 'calendar_days', 'months']) })
    .refine(withinMaxDuration, { path: ['value'], message: `Tối đa / at most ${JSON.stringify(MAX_DURATION)}` }),
  legalBasis: z.string().trim().min(3).max(2000),
  description: z.string().trim().max(4000).nullable().optional(),
  applicantTypes: z.array(z.enum(['individual', 'organisation'])).min(1).max(2),
  components: z
    .array(
      z.strictObject({
        code: Code,
        name: z.string().trim().min(2).max(500),
        originals: z.number().int().min(0).max(20),
        copies: z.number().int().min(0).max(20),
        required: z.boolean(),
        signatureRequired: z.boolean().optional(),
        note: z.string().max(1000).optional(),
      }),
    )
    .min(1)
    .max(50),
  formFields: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/, 'Chữ cái và chữ số không dấu, bắt đầu bằng chữ cái (ví dụ: hoTen) / letters and digits, starting with a letter (e.g. fullName)'),
        label: z.string().trim().min(1).max(200).describe('In Vietnamese'),
        labelEn: z.string().trim().min(1).max(200).optional().describe('In English; shown in English mode'),
        type: z.enum(['text', 'textarea', 'number', 'date', 'select']),
        required: z.boolean(),
        options: z.array(z.string().min(1).max(200)).max(100).optional(),
        optionsEn: z.array(z.string().trim().min(1).max(200)).max(100).optional().describe('English labels of the options, in the same order'),
        maxLength: z.number().int().min(1).max(5000).optional(),
        min: z.number().finite().optional().describe('Numbers: smallest value (0 when absent)'),
        max: z.number().finite().optional().describe('Numbers: largest value'),
        notFuture: z.boolean().optional().describe('Dates: not after today (a birth, a death)'),
      }),
    )
    .max(60),
  process: z
    .array(
      z.strictObject({
        name: z.string().trim().min(2).max(300),
        orgId: z.string().min(1).max(64).nullable().describe('null: the organisation that received the dossier'),
        role: z.enum(['reception', 'specialist', 'leader']),
        durationHours: z.number().positive().max(20_000),
      }),
    )
    .min(1)
    .max(20),
  resultName: z.string().trim().max(500).nullable().optional(),
  receivedAt: z.array(z.string().min(1).max(64)).min(1).max(500).describe('Organisations whose desks receive it'),
  published: z.boolean().default(true),
  requiredIdentityLevel: z
    .union([z.literal(1), z.literal(2)])
    .nullable()
    .optional()
    .describe('Online submission needs a VNeID sign-in of at least this level (Decree 69/2024/NĐ-CP; 2 = chip card); null: any signed-in account; absent: unchanged'),
  usesPopulationDb: z.boolean().optional().describe("The applicant's identity number, name, birth date and address are checked against the national population database before acceptance; absent: unchanged"),
});
export type ProcedureUpsert = z.infer<typeof ProcedureUpsert>;

export const UserCreate = z.strictObject({
  username: z.string().trim().min(3).max(64).regex(/^[a-z0-9._-]+$/, 'a–z, 0–9 . _ -'),
  fullName: PersonName(),
  role: z.enum(['reception', 'specialist', 'leader', 'manager', 'admin']),
  orgId: z.string().min(1).max(64),
  password: z.string().min(10).max(256),
  email: z.email().max(200).optional(),
  phone: z.string().regex(/^(\+84|0)\d{9,10}$/).optional(),
});

export const UserUpdate = z.strictObject({
  role: z.enum(['reception', 'specialist', 'leader', 'manager', 'admin']).optional(),
  orgId: z.string().min(1).max(64).optional(),
  active: z.boolean().optional(),
  fullName: PersonName().optional(),
});

export const OrgCalendarBody = z.strictObject({
  weeklyHours: z
    .array(z.string().max(100))
    .length(7)
    .nullable()
    .describe('Sunday first: "07:30-11:30,13:00-17:00", "" for a rest day; null to inherit from the parent'),
  cutoff: z.string().regex(/^\d{2}:\d{2}$/).nullable().describe('"15:00", or null for none'),
});

export const OrganisationUpsert = z.strictObject({
  parentId: z.string().min(1).max(64).describe('The organisation above; cannot be changed once created (a reorganisation is a separate operation)'),
  name: z.string().trim().min(3).max(300),
  shortName: z.string().trim().max(100).nullable().optional(),
  kind: z.enum(['department', 'commune', 'unit', 'centre']),
  agencyEid: z.string().regex(/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/, 'vd 000.20.01.H29 / e.g. 000.20.01.H29').nullable().optional(),
  address: z.string().trim().max(500).nullable().optional(),
  phone: z.string().regex(/^(\+84|0)\d{9,10}$/, 'Số điện thoại Việt Nam / Vietnamese phone number').nullable().optional(),
  email: z.email().max(200).nullable().optional(),
  active: z.boolean().default(true),
});
export type OrganisationUpsert = z.infer<typeof OrganisationUpsert>;

/** Moving a unit under another parent from a day on (a dated reorganisation: docs/api.md). */
export const OrganisationMove = z.strictObject({
  parentId: z.string().min(1).max(64).describe('The new organisation above'),
  effectiveFrom: z.iso
    .date()
    .describe('First day (Vietnam calendar) under the new parent; not before the current parent period began'),
});
export type OrganisationMove = z.infer<typeof OrganisationMove>;

// ---- Answers

const OfficerRole = z.enum(['reception', 'specialist', 'leader', 'manager', 'admin']);

export const Officer = z.object({ id: z.string(), username: z.string(), fullName: z.string(), role: OfficerRole, orgId: z.string(), active: z.boolean() });
export type Officer = z.infer<typeof Officer>;
export const OfficerList = z.object({ items: z.array(Officer) });

/** A procedure as saved: the full procedure when published, or only its code when withdrawn from the catalogue. */
export const ProcedureSaved = z.union([ProcedureView, z.object({ code: z.string(), published: z.literal(false) })]);

/** The organisation as saved; created tells a new one (201) from an edit (200). */
export const OrganisationSaved = OrganisationUpsert.extend({ id: z.string(), created: z.boolean() });

export const OrgCalendarSaved = z.object({
  orgId: z.string(),
  calendar: z.object({ weeklyHours: z.array(z.string()).optional(), cutoff: z.string().nullable() }),
});

/** A unit moved under another parent from a day on. */
export const OrganisationMoved = z.object({
  id: z.string(),
  previousParentId: z.string().nullable(),
  parentId: z.string(),
  effectiveFrom: z.string().describe('YYYY-MM-DD'),
});
