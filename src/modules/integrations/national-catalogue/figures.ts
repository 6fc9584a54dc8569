/**
 * Decision 766 criteria 1.1 (published on time) and 1.2 (updated in the national database within 5 working
 * days): the numerators, over the procedures in competence of a subtree (published, received in it — the
 * denominator the measurement module counts), from the announced versions (./domain/publicity.ts).
 * Read by src/modules/measurement/index766.ts.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../../context.ts';
import { inIds } from '../../../platform/db/sql.ts';
import { publicityCounts, type AnnouncedVersion } from './domain/publicity.ts';

export async function publicityFigures(ctx: AppContext, orgIds: string[], from: string, to: string): Promise<{ publishedOnTime: number | null; updatedNationallyInTime: number | null }> {
  const rows = await sql<AnnouncedVersion>`
    SELECT v.procedure_code AS "procedureCode", v.version, v.decision_date::text AS "decisionDate", v.effective_date::text AS "effectiveDate",
           v.national_updated_on::text AS "nationalUpdatedOn"
    FROM procedure_versions v JOIN procedures p ON p.code = v.procedure_code
    WHERE v.decision_date IS NOT NULL AND v.effective_date IS NOT NULL AND p.published
      AND EXISTS (SELECT 1 FROM procedure_orgs po WHERE po.procedure_code = p.code AND ${inIds('po.org_id', orgIds)})`.execute(ctx.db);
  return publicityCounts(await ctx.calendars.national(), rows.rows, from, to);
}
