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

/** The population-data check of one dossier (src/modules/integrations/population/), for its officers. */
export const PopulationCheck = z.object({
  at: z.string().describe('When the check was made (ISO 8601, Vietnam time)'),
  trigger: z.enum(['arrival', 'officer', 'history']).describe('arrival: automatically when the dossier arrived; officer: on demand; history: a check made before this system kept them (the demo year)'),
  result: z.enum(['match', 'mismatch', 'not_found', 'unavailable']).describe('unavailable: the registry could not be reached (retried automatically on arrival)'),
  differences: z.array(z.object({
    field: z.enum(['fullName', 'birthDate', 'address']),
    declared: z.string().nullable().describe('What the applicant declared'),
    registry: z.string().nullable().describe("The registry's value of this field only (a birth date as YYYY-MM-DD, or YYYY where only the year is registered)"),
  })),
  checkedBy: z.string().nullable().describe('The officer who asked (null: automatic)'),
  error: z.string().nullable().describe('Why the check could not be made (unavailable)'),
});
export type PopulationCheck = z.infer<typeof PopulationCheck>;

export const PopulationCheckView = z.object({
  code: z.string(),
  applies: z.boolean().describe("The dossier's procedure checks its applicant against the national population database"),
  connected: z.boolean().describe('This system is connected to the population database (or its sandbox)'),
  identityNumberGiven: z.boolean().describe('The applicant is a person who gave a 12-digit identity number (what is looked up)'),
  latest: PopulationCheck.nullable(),
  checks: z.array(PopulationCheck).describe('Newest first, at most 50'),
});
export type PopulationCheckView = z.infer<typeof PopulationCheckView>;
