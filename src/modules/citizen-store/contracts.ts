/** Requests and answers of the citizen's document store (docs/citizen-store.md); the web app imports these. */
import { z } from 'zod';

export const StoreDocumentParams = z.strictObject({ id: z.string().min(1).max(64) });

export const StoreListQuery = z.strictObject({
  procedureCode: z.string().min(1).max(64).optional().describe('With componentCode: the procedure whose component is to be filled'),
  componentCode: z.string().min(1).max(64).optional().describe('List the documents that fit this component first (same code, then same name), marked fits'),
});

export const StoreDocument = z.object({
  id: z.string(),
  kind: z.enum(['result', 'component']),
  name: z.string(),
  component: z.object({ code: z.string(), name: z.string().nullable() }).nullable(),
  procedure: z.object({ code: z.string(), name: z.string() }),
  file: z.object({ uploadId: z.string(), sha256: z.string(), filename: z.string(), mediaType: z.string(), size: z.number().int() }),
  dossierCode: z.string().describe('The dossier that issued or received it'),
  orgName: z.string().describe('The unit that issued the result or received the component'),
  issuedOn: z.iso.date(),
  validUntil: z.iso.date().nullable().describe('null: no known end of validity'),
  valid: z.boolean().describe('Not expired today: only valid documents can be reused'),
  signed: z.boolean().describe('Signed digitally (the unit\'s signed result, or a file whose signature verified)'),
  verifyId: z.string().nullable().describe('The signed result\'s public verification id (/verify/{id})'),
  url: z.string(),
  fits: z.boolean().optional().describe('Fits the component asked for (listing with componentCode)'),
});
export type StoreDocument = z.infer<typeof StoreDocument>;

export const StoreList = z.object({ documents: z.array(StoreDocument) });
export type StoreList = z.infer<typeof StoreList>;

export const StoreRemoved = z.object({ id: z.string(), removed: z.literal(true) });
