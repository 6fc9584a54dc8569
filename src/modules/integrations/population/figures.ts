/**
 * Decision 766 criteria 4.6 and 4.7, the numerators (read by src/modules/measurement/index766.ts; the
 * denominators are its procedures in competence and dossiers received):
 * - 4.6: published procedures in competence of the subtree that use the national population database;
 * - 4.7: dossiers received by the subtree in the period that were checked against it — a lookup made, whatever
 *   it found (match, mismatch or not found); a check that could not be made (unavailable) is no use of it.
 */
import { sql } from 'kysely';
import type { Database } from '../../../platform/db/db.ts';
import { inIds } from '../../../platform/db/sql.ts';

export async function populationFigures(db: Database, orgIds: string[], from: Date, to: Date): Promise<{ proceduresUsing: number; dossiersChecked: number }> {
  const p = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM procedures p
    WHERE p.published AND p.uses_population_db AND EXISTS (SELECT 1 FROM procedure_orgs po WHERE po.procedure_code = p.code AND ${inIds('po.org_id', orgIds)})`.execute(db);
  const d = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM dossiers d
    WHERE ${inIds('d.receiving_org_id', orgIds)} AND d.submitted_at >= ${from} AND d.submitted_at < ${to}
      AND EXISTS (SELECT 1 FROM population_checks c WHERE c.dossier_id = d.id AND c.result <> 'unavailable')`.execute(db);
  return { proceduresUsing: p.rows[0]?.n ?? 0, dossiersChecked: d.rows[0]?.n ?? 0 };
}
