/**
 * Shapes of the API answers the screens use: the server's response contracts (src/modules/<feature>/contracts.ts),
 * the same schemas that document the API (/api/openapi.json) and that tests check every answer
 * against. Types only: nothing of the server is bundled. Never import anything else of the server
 * (eslint: no-restricted-imports).
 */
import type { z } from 'zod';
import type { Label as LabelSchema } from '../../../src/kernel/contracts.ts';
import type { ProcedureComponent, ProcedureFormField, ProcedureSummary as ProcedureSummarySchema, ProcedureView } from '../../../src/modules/catalogue/contracts.ts';
import type { DossierAttachment, DossierItem as DossierItemSchema, DossierView, HistoryEntry as HistoryEntrySchema } from '../../../src/modules/dossiers/contracts.ts';
import type { DraftData as DraftDataSchema, DraftView } from '../../../src/modules/dossiers/draft-contracts.ts';
import type { OrganisationItem } from '../../../src/modules/organisations/contracts.ts';

export type Label = z.infer<typeof LabelSchema>;
export type ProcedureSummary = z.infer<typeof ProcedureSummarySchema>;
export type Component = z.infer<typeof ProcedureComponent>;
export type FormField = z.infer<typeof ProcedureFormField>;
export type Procedure = z.infer<typeof ProcedureView>;
export type ProcessStep = Procedure['process'][number];
export type Attachment = z.infer<typeof DossierAttachment>;
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
export type Dossier = z.infer<typeof DossierView>;
export type DossierItem = z.infer<typeof DossierItemSchema>;
/** What a draft holds, as the client sends it (the request schema's input). */
export type DraftData = z.input<typeof DraftDataSchema>;
export type Draft = z.infer<typeof DraftView>;
export type Organisation = z.infer<typeof OrganisationItem>;
