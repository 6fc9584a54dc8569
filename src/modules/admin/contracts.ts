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

// ---- Reorganisation of units (issue 18): POST /api/admin/reorganisations, GET /api/admin/reorganisations

const UnitRef = z.string().min(1).max(64);
/** Checked by the server (422 with its path) rather than by the schema, so a wrong date reads as wrong data. */
const Day = z.string().max(32).describe('YYYY-MM-DD, Vietnam calendar day: today (applied at once) or later (applied on that day)');
const NewUnit = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{2,64}$/, 'a–z, 0–9, gạch nối / a–z, 0–9, hyphen'),
  name: z.string().trim().min(3).max(300),
  shortName: z.string().trim().max(100).optional(),
  agencyEid: z.string().trim().max(64).optional().describe('Agency e-ID (mã định danh), which numbers its dossiers'),
  parentId: UnitRef.optional().describe('Default: the parent today of the (first) unit closed'),
});

export const ReorganisationRequest = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('merge'),
    units: z.array(UnitRef).max(50).describe('The units merged (at least two)'),
    into: z.union([z.strictObject({ existingId: UnitRef.describe('One of the units, which carries on') }), z.strictObject({ newUnit: NewUnit })]),
    effectiveFrom: Day,
  }),
  z.strictObject({
    kind: z.literal('split'),
    unit: UnitRef,
    successors: z
      .array(
        NewUnit.extend({
          procedures: z.array(z.string().max(40)).max(500).optional().describe('Procedures it takes over: their open dossiers go to it; default (none listed): every procedure no other successor lists'),
          users: z.array(z.string().max(64)).max(500).optional().describe('Staff (usernames) moving to it; default: the first successor'),
          dossiers: z.array(z.string().max(64)).max(5000).optional().describe('Open dossiers (codes) going to it whatever their procedure'),
        }),
      )
      .max(20)
      .describe('At least two; the first takes what no rule sends elsewhere (children, staff, dossiers)'),
    effectiveFrom: Day,
  }),
  z.strictObject({ kind: z.literal('move'), unit: UnitRef, parentId: UnitRef, effectiveFrom: Day }),
]);
export type ReorganisationRequest = z.infer<typeof ReorganisationRequest>;

const Unit = z.object({ id: z.string(), name: z.string() });
export const ReorganisationPlan = z.object({
  kind: z.enum(['merge', 'split', 'move']),
  effectiveFrom: z.string(),
  closes: z.array(Unit.extend({ successorIds: z.array(z.string()) })),
  opens: z.array(Unit.extend({ shortName: z.string().nullable(), agencyEid: z.string().nullable(), parentId: z.string() })),
  children: z.array(Unit.extend({ fromParentId: z.string(), toParentId: z.string() })),
  openDossiers: z.object({
    count: z.number().int(),
    paused: z.number().int(),
    items: z.array(
      z.object({
        code: z.string(),
        procedureCode: z.string(),
        status: z.string(),
        fromOrgId: z.string(),
        toOrgId: z.string(),
        currentStepName: z.string().nullable(),
        dueAt: z.string().nullable(),
        stepDueAt: z.string().nullable(),
        pausedAt: z.string().nullable(),
      }),
    ),
  }),
  staff: z.array(z.object({ id: z.string(), username: z.string(), fullName: z.string(), role: z.string(), fromOrgId: z.string(), toOrgId: z.string() })),
  procedures: z.array(z.object({ procedureCode: z.string(), fromOrgId: z.string(), toOrgIds: z.array(z.string()) })),
  codeSequences: z.array(z.object({ orgId: z.string(), agencyEid: z.string().nullable(), lastDay: z.string().nullable(), lastValue: z.number().int().nullable() })).describe('Dossier-number sequences of the units closed: they stay theirs (codes already given stay unique); a successor numbers with its own agency e-ID'),
  stays: z.object({
    finishedDossiers: z.record(z.string(), z.number().int()).describe('Finished dossiers by status: they stay with the unit that handled them'),
    counterRows: z.number().int().describe('Rows of daily counters of the units closed: they stay theirs, and count under the successor as its predecessors’'),
  }),
});
export type ReorganisationPlan = z.infer<typeof ReorganisationPlan>;

export const ReorganisationView = z.object({
  id: z.string().nullable().describe('null in a dry run'),
  dryRun: z.boolean(),
  status: z.enum(['preview', 'scheduled', 'applied', 'failed']),
  replayed: z.boolean().describe('true: the same request was made before; this is its record, nothing was done again'),
  request: z.record(z.string(), z.unknown()),
  plan: ReorganisationPlan,
  result: z.object({ movedDossiers: z.array(z.object({ code: z.string(), from: z.string(), to: z.string() })), movedStaff: z.number().int(), copiedProcedures: z.number().int() }).nullable(),
  error: z.string().nullable(),
  createdAt: z.string().nullable(),
  appliedAt: z.string().nullable(),
});
export type ReorganisationView = z.infer<typeof ReorganisationView>;
export const ReorganisationList = z.object({ items: z.array(ReorganisationView) });
export type ReorganisationList = z.infer<typeof ReorganisationList>;
