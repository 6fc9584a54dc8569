/** Figures shared by the 766 index and the evaluation: monthly counters and the catalogue in competence. */
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { inIds } from '../../platform/db/sql.ts';
import type { Organisation } from '../organisations/directory.ts';
import { COMPLETE_PROCEDURE } from '../catalogue/domain/completeness.ts';

/**
 * Sums of the monthly counters of a subtree over whole months [from, to]. The subtree is today's
 * (OrganisationDirectory.subtreeIds): counters are keyed by the unit that handled the dossier.
 */
export async function monthlyTotals(ctx: AppContext, org: Organisation, from: string, to: string): Promise<(metric: string) => number> {
  const ids = await ctx.orgs.subtreeIds(org.id);
  const rows = await sql<{ metric: string; value: number }>`
    SELECT s.metric, sum(s.value)::float8 AS value FROM stats_monthly s
    WHERE ${inIds('s.org_id', ids)} AND s.month BETWEEN ${from} AND ${to} GROUP BY s.metric`.execute(ctx.db);
  const byMetric = new Map(rows.rows.map((r) => [r.metric, Number(r.value)]));
  return (metric) => byMetric.get(metric) ?? 0;
}

/** Criterion 1.3's rule (a procedure's record has all required parts): the catalogue's, one rule for the index and the import. */
export { COMPLETE_PROCEDURE } from '../catalogue/domain/completeness.ts';

/** Procedures received somewhere in the subtree: how many, and how many have a complete record. */
export async function catalogueCounts(ctx: AppContext, org: Organisation): Promise<{ total: number; complete: number }> {
  const ids = await ctx.orgs.subtreeIds(org.id);
  const r = await sql<{ total: number; complete: number }>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE ${COMPLETE_PROCEDURE})::int AS complete
    FROM procedures p WHERE p.published AND EXISTS (SELECT 1 FROM procedure_orgs po
      WHERE po.procedure_code = p.code AND ${inIds('po.org_id', ids)})`.execute(ctx.db);
  return r.rows[0]!;
}
