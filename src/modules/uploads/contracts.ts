/** Answers of the uploads routes. */
import { z } from 'zod';
import { Instant, SignatureSummary } from '../../kernel/contracts.ts';

/** An uploaded file as stored: id, sniffed media type, hash, and the check of its digital signature when it has one. */
export const UploadView = z.object({
  id: z.string(),
  filename: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: Instant,
  signature: SignatureSummary.nullable(),
});
export type UploadView = z.infer<typeof UploadView>;
