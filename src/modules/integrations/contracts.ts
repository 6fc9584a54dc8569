/** Request and response schemas of the integrations (VNeID sign-in); the web app imports its types from here. */
import { z } from 'zod';

export const VneidStartQuery = z.strictObject({
  returnTo: z.string().max(500).optional().describe('A path of this site to open after signing in (anything else: /ca-nhan)'),
  level: z.enum(['1', '2']).optional().describe('2: ask for level 2 only (a procedure that requires it); default: level 2 preferred, level 1 accepted'),
});

export const VneidCallbackQuery = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
  iss: z.string().max(500).optional(),
}).describe('The authorisation response of the identity platform');

/** What VNeID asserted about the signed-in person: the applicant is prefilled from it (like the chip card's QR code). */
export const VneidProfile = z.object({
  profile: z.object({
    idNumber: z.string(),
    fullName: z.string(),
    birthDate: z.string().nullable().describe('YYYY-MM-DD'),
    sex: z.enum(['male', 'female']).nullable(),
    address: z.string().nullable(),
    phone: z.string().nullable(),
    level: z.number().int().min(1).max(2).describe('The level of electronic identity asserted at the last VNeID sign-in'),
    verifiedAt: z.string().describe('When VNeID last asserted it (ISO 8601)'),
  }).nullable().describe('null: this account never signed in with VNeID'),
});
export type VneidProfile = z.infer<typeof VneidProfile>;
