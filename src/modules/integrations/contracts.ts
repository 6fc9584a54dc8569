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

// ---- Catalogue import from the national procedure database (national-catalogue/)

const Bilingual = z.object({ vi: z.string(), en: z.string() });

export const CatalogueRowError = z.object({
  sheet: z.string().describe('XLSX: "TTHC" or "Thành phần hồ sơ"; "json" for a JSON file; "file" for the whole file'),
  row: z.number().int().describe('XLSX: the sheet’s row (heading = 1); JSON: the record’s position from 1'),
  column: z.string().describe('XLSX: the column heading; JSON: the key'),
  message: Bilingual,
});

export const CatalogueDiffItem = z.object({
  code: z.string(),
  name: z.string(),
  row: z.number().int(),
  status: z.enum(['new', 'changed', 'unchanged']),
  changes: z.array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown() })).describe('Field by field, old → new (changed only)'),
  decisionNumber: z.string(),
  decisionDate: z.string(),
  effectiveDate: z.string(),
  nationalUpdatedOn: z.string().nullable(),
  missingParts: z.array(z.enum(['components', 'process', 'legalBasis', 'fee', 'duration', 'result'])).describe('Parts criterion 1.3 needs that the record lacks (the one rule, catalogue/domain/completeness.ts)'),
});

export const CatalogueImportView = z.object({
  id: z.string(),
  format: z.enum(['json', 'xlsx']),
  filename: z.string().nullable(),
  createdAt: z.string(),
  appliedAt: z.string().nullable(),
  counts: z.object({ new: z.number().int(), changed: z.number().int(), unchanged: z.number().int(), errors: z.number().int() }),
  items: z.array(CatalogueDiffItem),
  errors: z.array(CatalogueRowError).describe('Problems by row; an import with any cannot be applied (upload a corrected file)'),
});
export type CatalogueImportView = z.infer<typeof CatalogueImportView>;

export const CatalogueImportApplied = z.object({
  id: z.string(),
  appliedAt: z.string(),
  newProcedures: z.array(z.string()).describe('Created unpublished: an administrator assigns units and a process, then publishes (PUT /api/procedures/:code)'),
  newVersions: z.array(z.object({ code: z.string(), version: z.number().int() })),
  unchanged: z.number().int(),
});
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
