/**
 * Decision 766 criterion 4.6's numerator (read by src/modules/measurement/index766.ts; the denominator is its
 * procedures in competence): published procedures in competence of the subtree that use the national
 * population database. Criterion 4.7 (dossiers checked against it) is a counter: a check that made a lookup,
 * whatever it found (match, mismatch or not found), marks its dossier `population_checked` once
 * (./check.ts, src/modules/measurement/dossier-marks.ts); one that could not be made (unavailable) does not.
 */
import { sql } from 'kysely';
import type { Database } from '../../../platform/db/db.ts';
import { inIds } from '../../../platform/db/sql.ts';

export async function proceduresUsingPopulationDb(db: Database, orgIds: string[]): Promise<number> {
  const p = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM procedures p
    WHERE p.published AND p.uses_population_db AND EXISTS (SELECT 1 FROM procedure_orgs po WHERE po.procedure_code = p.code AND ${inIds('po.org_id', orgIds)})`.execute(db);
  return p.rows[0]?.n ?? 0;
}
