/** Answers of the signing routes: issued results and their public verification, any PDF checked, signing keys, trusted certification authorities. */
import { z } from 'zod';
import { Instant, SignatureSummary } from '../../kernel/contracts.ts';

const VerificationStatus = z.enum(['valid', 'invalid', 'revoked', 'unknown']);

/** Public verification of an electronic result issued here. */
export const PublicDocument = z.object({
  id: z.string(),
  kind: z.string(),
  status: VerificationStatus,
  issuer: z.string(),
  signer: z.string(),
  dossierCode: z.string(),
  issuedAt: Instant,
  sha256: z.string(),
  revokedAt: Instant.nullable(),
  revokedReason: z.string().nullable(),
  signature: SignatureSummary,
});
export type PublicDocument = z.infer<typeof PublicDocument>;

/** Any PDF checked: its signature, and whether we issued it. */
export const PdfVerification = z.object({
  status: VerificationStatus,
  issuedHere: z.object({ id: z.string(), url: z.string() }).nullable(),
  signature: SignatureSummary,
  sha256: z.string(),
});

export const SigningKeyImported = z.object({ orgId: z.string(), subject: z.string(), chainLength: z.number().int() });

export const TrustedCa = z.object({
  id: z.string(),
  name: z.string(),
  subject: z.string().nullable(),
  notAfter: Instant.nullable(),
  isDemo: z.boolean(),
  createdAt: Instant,
  status: z.enum(['active', 'disabled']),
  disabledAt: Instant.nullable(),
  disabledBy: z.string().nullable(),
  disabledReason: z.string().nullable(),
});
export type TrustedCa = z.infer<typeof TrustedCa>;
export const TrustedCaList = z.object({ items: z.array(TrustedCa) });
export const TrustedCaAdded = z.object({ id: z.string(), name: z.string(), subject: z.string(), notAfter: Instant });
