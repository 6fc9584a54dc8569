import { z } from 'zod';
import { Instant, IsoInstant, Label, NonEmptyText, Paging, PersonName, SignatureSummary } from '../../kernel/contracts.ts';
import { ACTIONS, DOSSIER_STATUSES, NOTE_VISIBILITIES, RATING_LEVELS } from './domain/types.ts';

export const Applicant = z.strictObject({
  type: z.enum(['individual', 'organisation']).default('individual'),
  fullName: PersonName(),
  idNumber: z.string().regex(/^\d{12}$/, 'Số định danh gồm 12 chữ số / 12-digit ID number').optional(),
  taxCode: z.string().regex(/^\d{10}(-\d{3})?$/, 'Mã số thuế 10 hoặc 13 chữ số / 10- or 13-digit tax code').optional(),
  birthDate: z.iso.date().optional(),
  address: z.string().trim().min(5).max(500),
  phone: z.string().regex(/^(\+84|0)\d{9,10}$/, 'Số điện thoại Việt Nam / Vietnamese phone number'),
  email: z.email().max(200).optional(),
});

const UploadId = z.string().regex(/^upl_[A-Za-z0-9_-]{10,40}$/, 'Mã tệp không hợp lệ / invalid upload id');

export const AttachmentRef = z.strictObject({
  componentCode: z.string().min(1).max(64),
  uploadId: UploadId,
});

/** A component handed in on paper at the counter: scanned now (uploadId) or kept on paper (paperKept). */
export const CounterAttachmentRef = z.union([
  AttachmentRef,
  z.strictObject({
    componentCode: z.string().min(1).max(64),
    paperKept: z.literal(true).describe('The paper original is kept at the office; no scan'),
  }),
  z.strictObject({
    componentCode: z.string().min(1).max(64),
    storeDocumentId: z.string().min(1).max(64).describe("Online: a document of the applicant's own data store (kho dữ liệu), reused instead of a new upload"),
  }),
]);
export type CounterAttachmentRef = z.infer<typeof CounterAttachmentRef>;

export const SubmitDossierRequest = z.strictObject({
  procedureCode: z.string().min(1).max(64),
  receivingOrgId: z.string().min(1).max(64).optional().describe("Where to submit; required when the procedure is received at several places. At the counter: defaults to the officer's unit"),
  channel: z
    .enum(['online', 'counter', 'post'])
    .default('online')
    .describe('counter: a reception officer receives the dossier for the applicant present at the desk (issue 14); post: a reception officer records a dossier that arrived by public post (issue 17, with postal.senderTrackingCode); citizens submit online only'),
  postal: z
    .strictObject({
      senderTrackingCode: z.string().trim().regex(/^[A-Za-z0-9-]{4,40}$/, 'Mã bưu gửi gồm 4–40 chữ, số / 4–40 letters or digits'),
      postmarkedOn: z.iso.date().optional().describe('The date on the postmark, when legible'),
    })
    .optional()
    .describe('Channel post: the sender\'s postal tracking code (mã bưu gửi) and postmark date'),
  applicant: Applicant,
  form: z.record(z.string().max(64), z.union([z.string().max(5000), z.number(), z.boolean(), z.null()])).default({}),
  attachments: z
    .array(CounterAttachmentRef)
    .max(50)
    .default([])
    .describe('Each component with an uploadId; at the counter a component may instead be marked paperKept: true; online it may name a storeDocumentId of the applicant\'s data store'),
});
export type SubmitDossierRequest = z.infer<typeof SubmitDossierRequest>;

export const DossierListQuery = z.strictObject({
  status: z.enum(DOSSIER_STATUSES).optional(),
  procedure: z.string().max(64).optional(),
  dueBefore: IsoInstant.optional(),
  late: z.enum(['true', 'false']).optional().describe('Only dossiers past their due time (open) or finished late'),
  standing: z.enum(['within', 'paused', 'late']).optional().describe('Only dossiers open now with this standing: late (overdue now), within (clock running, not yet due), paused (clock stopped for a supplement)'),
  q: z.string().max(64).optional().describe("Part of a dossier code, the applicant's name (accents optional, word by word), ID number or phone"),
  org: z.string().min(1).max(64).optional().describe('Officers: only dossiers held by this organisation subtree (inside your own)'),
  ...Paging,
});
export type DossierListQuery = z.infer<typeof DossierListQuery>;

export const DossierCodeParams = z.strictObject({ code: z.string().min(1).max(80) });

const reason = NonEmptyText(2000);

/** Every action may name the version of the dossier the caller saw (or send it as If-Match). */
const seen = {
  expectedVersion: z
    .number()
    .int()
    .min(0)
    .max(1_000_000_000)
    .optional()
    .describe('The dossier version the caller saw (GET: version / ETag); a different current version answers 409 version-mismatch'),
};
/** Where the officer chooses who reads the note (docs/lifecycle.md, "Notes and who sees them"). */
const visibility = {
  noteVisibility: z.enum(NOTE_VISIBILITIES).optional().describe('internal: officers only; applicant: also the applicant and the public lookup. Default per action'),
};

/** One body schema per action: POST /api/dossiers/{code}/actions/{action}. */
export const ActionBodies = {
  accept: z.strictObject({ ...seen, ...visibility, note: z.string().max(2000).optional() }),
  request_supplement: z.strictObject({
    ...seen,
    reason,
    items: z
      .array(z.strictObject({ componentCode: z.string().max(64).optional(), name: NonEmptyText(500), reason: NonEmptyText(1000) }))
      .min(1)
      .max(50),
    override: z.boolean().optional().describe('Leader only: allow a second request (counts the dossier as overdue)'),
  }),
  supplement: z.strictObject({ ...seen, note: z.string().max(2000).optional(), attachments: z.array(AttachmentRef).max(50).default([]) }),
  reject: z.strictObject({ ...seen, reason }),
  hand_over: z.strictObject({
    ...seen,
    ...visibility,
    toStep: z.number().int().min(0).max(100).optional().describe('Defaults to the next step'),
    toOrgId: z.string().min(1).max(64).optional().describe("The unit the process names for the target step, or one of its sub-units (liên thông follows the process); anything else answers 422"),
    note: z.string().max(2000).optional(),
  }),
  return_to_step: z.strictObject({ ...seen, ...visibility, toStep: z.number().int().min(0).max(100), reason }),
  apologize: z.strictObject({ ...seen, reason, newAppointmentAt: IsoInstant }),
  stop: z.strictObject({ ...seen, reason }),
  complete: z.strictObject({ ...seen, ...visibility, resultUploadId: UploadId, summary: z.string().max(2000).optional() }),
  return_result: z.strictObject({
    ...seen,
    ...visibility,
    channel: z.enum(['counter', 'online', 'post']),
    postalTrackingCode: z.string().max(64).optional(),
    note: z.string().max(2000).optional(),
  }),
  withdraw: z.strictObject({ ...seen, reason: z.string().max(2000).optional() }),
  rate: z.strictObject({ ...seen, level: z.enum(['dissatisfied', 'satisfied', 'very_satisfied']), comment: z.string().trim().max(2000).optional() }),
} as const;

export const ActionParams = z.strictObject({
  code: z.string().min(1).max(80),
  action: z.string().min(1).max(40),
});

export const PublicLookupQuery = z.strictObject({ secret: z.string().min(1).max(32) });

// ---- Answers

const Status = z.enum(DOSSIER_STATUSES);
const Timeliness = z.enum(['early', 'on_time', 'late']).describe('How a finished dossier met its due time');
const Channel = z.enum(['online', 'counter', 'post']);
const DurationUnit = z.enum(['working_days', 'working_hours', 'calendar_days', 'months']);
const CodeAndName = z.object({ code: z.string(), name: z.string() });
/** Where an open dossier stands now, by the one timeliness rule (./domain/timeliness.ts); null when not open. */
const OpenClock = z.enum(['on_time', 'due_soon', 'paused', 'late']).nullable();

/** The applicant as submitted (Applicant above); every value is text. */
export const ApplicantView = z.object({
  type: z.enum(['individual', 'organisation']).optional(),
  fullName: z.string(),
  idNumber: z.string().optional(),
  taxCode: z.string().optional(),
  birthDate: z.string().optional(),
  address: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
}).catchall(z.string());

export const DossierAttachment = z.object({
  uploadId: z.string(),
  componentCode: z.string(),
  componentName: z.string().nullable(),
  filename: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  signature: SignatureSummary.nullable().describe("Verification of the applicant's digital signature, when the file is signed"),
  url: z.string(),
  storeDocumentId: z.string().nullable().describe("Reused from the applicant's data store (kho dữ liệu): the store document; null: uploaded or scanned for this dossier"),
});
export type DossierAttachment = z.infer<typeof DossierAttachment>;

export const HistoryEntry = z.object({
  seq: z.number().int(),
  action: z.string(),
  label: Label,
  fromStatus: Status.nullable(),
  toStatus: Status,
  at: Instant,
  actor: z
    .object({ id: z.string().nullable(), name: z.string().nullable(), role: z.string().nullable(), orgName: z.string().nullable() })
    .describe("id and name are null in the applicant's view: officers are shown by their unit"),
  payload: z.record(z.string(), z.unknown()),
  noteVisibility: z.enum(NOTE_VISIBILITIES).describe('Who may read the entry\'s note: officers only, or the applicant too'),
  hash: z.string(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const DocumentLink = z.object({
  kind: z.string(),
  title: z.string(),
  form: z.string().nullable(),
  url: z.string(),
  verifyUrl: z.string().optional(),
  revoked: z.boolean().optional(),
});

/** One dossier with its full history and the actions the caller may take now (GET /api/dossiers/{code} and every action). */
export const DossierView = z.object({
  id: z.string(),
  code: z.string(),
  version: z.number().int().describe('The number of the last log entry: send it back as If-Match or expectedVersion with an action'),
  legacyCode: z.string().nullable(),
  procedure: CodeAndName,
  status: Status,
  statusLabel: Label,
  channel: Channel,
  ruleVersion: z.enum(['nd61-2018', 'nd118-2025']),
  applicant: ApplicantView,
  form: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  lookupSecret: z.string(),
  receivingOrg: z.object({ id: z.string(), name: z.string(), agencyEid: z.string().nullable() }),
  currentOrg: z.object({ id: z.string(), name: z.string() }),
  currentStep: z
    .object({ index: z.number().int(), name: z.string(), role: z.string(), orgId: z.string(), startedAt: Instant.nullable(), dueAt: Instant.nullable() })
    .nullable(),
  process: z.object({
    duration: z.object({ value: z.number(), unit: DurationUnit }),
    steps: z.array(z.object({ name: z.string(), orgId: z.string(), role: z.enum(['reception', 'specialist', 'leader']), durationHours: z.number() })),
  }),
  submittedAt: Instant,
  acceptedAt: Instant.nullable(),
  dueAt: Instant.nullable(),
  appointmentAt: Instant.nullable(),
  pausedAt: Instant.nullable(),
  finishedAt: Instant.nullable(),
  timeliness: Timeliness.nullable(),
  openTimeliness: z.enum(['within_deadline', 'overdue']).nullable(),
  clock: OpenClock,
  workingMinutesLeft: z.number().nullable(),
  dueSoon: z.boolean().describe("Within one working day of the due time, not late (the server's threshold)"),
  supplementRequests: z.number().int(),
  countsAsOverdue: z.boolean(),
  apologies: z.number().int(),
  resultUploadId: z.string().nullable(),
  returnChannel: Channel.nullable(),
  rating: z.object({ level: z.enum(RATING_LEVELS), label: Label }).nullable(),
  attachments: z.array(DossierAttachment),
  paperKept: z.array(z.string()).describe('Components received at the counter on paper and kept at the office (no scan)'),
  history: z.array(HistoryEntry),
  availableActions: z.array(z.enum(ACTIONS)),
  apology: z
    .object({ earliestAt: Instant, suggestedAt: Instant, latestAt: Instant })
    .nullable()
    .describe('When "apologize" is offered: the earliest, suggested and latest new appointment the apology rule accepts now (whole minutes)'),
  documents: z.array(DocumentLink).describe('Official documents: the forms this dossier has reached, and its signed electronic result'),
});
export type DossierView = z.infer<typeof DossierView>;

/** One row of a list of dossiers. */
export const DossierItem = z.object({
  code: z.string(),
  status: Status,
  statusLabel: Label,
  procedure: CodeAndName,
  applicantName: z.string(),
  submittedAt: Instant,
  dueAt: Instant.nullable(),
  appointmentAt: Instant.nullable(),
  finishedAt: Instant.nullable(),
  timeliness: Timeliness.nullable(),
  overdue: z.boolean(),
  clock: OpenClock,
  workingMinutesLeft: z.number().nullable(),
  dueSoon: z.boolean(),
  receivingOrgId: z.string(),
  currentOrgId: z.string(),
  currentStep: z.number().int(),
});
export type DossierItem = z.infer<typeof DossierItem>;
export const DossierList = z.object({ total: z.number().int(), items: z.array(DossierItem) });

const Count = z.number().int();
export const DossierSummary = z.object({
  byStatus: z.object({ submitted: Count, awaiting_supplement: Count, processing: Count, completed: Count, returned: Count, rejected: Count, stopped: Count, withdrawn: Count }),
  late: z.number().int(),
  dueSoon: z.number().int(),
});
export type DossierSummary = z.infer<typeof DossierSummary>;

/** The public lookup: masked data only. */
export const PublicDossierView = z.object({
  code: z.string(),
  procedure: CodeAndName,
  status: Status,
  statusLabel: Label,
  applicantName: z.string().describe('Masked: initials and the given name'),
  receivingOrg: z.string(),
  submittedAt: Instant,
  acceptedAt: Instant.nullable(),
  appointmentAt: Instant.nullable(),
  finishedAt: Instant.nullable(),
  history: z.array(
    z.object({ action: z.string(), label: Label, status: Status, at: Instant, unit: z.string().nullable(), note: z.string().nullable() }),
  ),
});
export type PublicDossierView = z.infer<typeof PublicDossierView>;

/** The report of a historical import, by line. */
export const ImportReport = z.object({
  lines: z.number().int(),
  imported: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), code: z.string().optional(), message: z.string() })),
});
