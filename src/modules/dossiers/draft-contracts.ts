import { z } from 'zod';
import { ClientFileName } from '../../kernel/contracts.ts';

/**
 * What a half-finished application holds. Looser than SubmitDossierRequest on purpose: a draft may be
 * incomplete or even invalid (a phone number typed half-way); it is validated when it is submitted.
 */
const Text = z.string().max(5000);
export const DraftData = z.strictObject({
  receivingOrgId: z.string().max(64).optional(),
  applicant: z.record(z.string().max(64), Text).optional(),
  form: z.record(z.string().max(64), z.union([Text, z.number(), z.boolean(), z.null()])).optional(),
  attachments: z
    .array(z.strictObject({ componentCode: z.string().min(1).max(64), uploadId: z.string().regex(/^upl_[A-Za-z0-9_-]{10,40}$/), filename: ClientFileName.optional(), size: z.number().int().min(0).optional(), storeDocumentId: z.string().min(1).max(64).optional().describe("Reused from the applicant's data store (the uploadId is that document's file)") }))
    .max(50)
    .optional(),
  step: z.number().int().min(0).max(10).optional().describe('The wizard step the applicant was on'),
});
export type DraftData = z.infer<typeof DraftData>;

export const CreateDraftRequest = z.strictObject({ procedureCode: z.string().min(1).max(64), data: DraftData });
export const UpdateDraftRequest = z.strictObject({ data: DraftData });
export const DraftParams = z.strictObject({ id: z.string().regex(/^drf_[0-9a-f-]{36}$/, 'Mã bản nháp không hợp lệ / invalid draft id') });

// ---- Answers

export const DraftView = z.object({
  id: z.string(),
  procedure: z.object({ code: z.string(), name: z.string() }),
  data: DraftData,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DraftView = z.infer<typeof DraftView>;
export const DraftList = z.object({ items: z.array(DraftView) });
