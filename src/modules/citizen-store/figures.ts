/**
 * Decision 766 criteria 4.2, 4.4 and 4.5 (domain §4, docs/citizen-store.md): numerators over the dossiers
 * received in the period by the unit's subtree (by their day of receipt and receiving unit, like the
 * `received` counter that is the denominator; read by src/modules/measurement/index766.ts).
 * - 4.2 digitised: dossiers with at least one component as a file — uploaded online, scanned at the desk,
 *   or reused from the store (the result is not a component);
 * - 4.4 reusing: dossiers with at least one component reused from the citizen's store;
 * - 4.5 linked: dossiers whose components or result were saved to their owner's store, or that reused it.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { inIds } from '../../platform/db/sql.ts';

export interface StoreFigures {
  digitised: number;
  reusing: number;
  linked: number;
}

export async function storeFigures(db: Kysely<DB>, orgIds: string[], from: Date, to: Date): Promise<StoreFigures> {
  const r = await sql<StoreFigures>`
    SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM dossier_attachments a WHERE a.dossier_id = d.id AND a.component_code <> 'result'))::int AS digitised,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM citizen_document_reuses r WHERE r.dossier_id = d.id))::int AS reusing,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM citizen_documents c WHERE c.dossier_id = d.id)
                               OR EXISTS (SELECT 1 FROM citizen_document_reuses r WHERE r.dossier_id = d.id))::int AS linked
    FROM dossiers d
    WHERE ${inIds('d.receiving_org_id', orgIds)} AND d.submitted_at >= ${from} AND d.submitted_at < ${to}`.execute(db);
  return r.rows[0] ?? { digitised: 0, reusing: 0, linked: 0 };
}
