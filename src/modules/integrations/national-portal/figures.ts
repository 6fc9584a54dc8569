/**
 * Decision 766 criterion 1.4, "dossiers synced to the national portal / received": the numerator, from the
 * sync records (read by src/modules/measurement/index766.ts; the denominator is its `received` counter).
 * A dossier counts once, in the period and unit it was received in, once its DongBoHoSoMC succeeded.
 */
import { sql } from 'kysely';
import type { Database } from '../../../platform/db/db.ts';
import { inIds } from '../../../platform/db/sql.ts';

export async function syncedDossierCount(db: Database, orgIds: string[], from: Date, to: Date): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT count(DISTINCT s.dossier_id)::int AS n FROM national_portal_syncs s
    WHERE s.service = 'DongBoHoSoMC' AND ${inIds('s.receiving_org_id', orgIds)} AND s.received_at >= ${from} AND s.received_at < ${to}`.execute(db);
  return r.rows[0]?.n ?? 0;
}
