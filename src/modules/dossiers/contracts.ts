import { z } from 'zod';
import { IsoInstant, NonEmptyText, Paging, PersonName } from '../../kernel/contracts.ts';
import { DOSSIER_STATUSES, NOTE_VISIBILITIES } from './domain/types.ts';

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

export const SubmitDossierRequest = z.strictObject({
  procedureCode: z.string().min(1).max(64),
  receivingOrgId: z.string().min(1).max(64).optional().describe('Where to submit; required when the procedure is received at several places'),
  applicant: Applicant,
  form: z.record(z.string().max(64), z.union([z.string().max(5000), z.number(), z.boolean(), z.null()])).default({}),
  attachments: z.array(AttachmentRef).max(50).default([]),
});
export type SubmitDossierRequest = z.infer<typeof SubmitDossierRequest>;

export const DossierListQuery = z.strictObject({
  status: z.enum(DOSSIER_STATUSES).optional(),
  procedure: z.string().max(64).optional(),
  dueBefore: IsoInstant.optional(),
  late: z.enum(['true', 'false']).optional().describe('Only dossiers past their due time (open) or finished late'),
  q: z.string().max(64).optional().describe('Part of a dossier code'),
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
