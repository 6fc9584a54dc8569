/** Figures shared by the 766 index and the evaluation: monthly counters and the catalogue in competence. */
import { sql, type RawBuilder } from 'kysely';
import type { AppContext } from '../../context.ts';
import { inIds } from '../../platform/db/sql.ts';
import type { Organisation } from '../organisations/directory.ts';
import type { Stretch } from '../organisations/domain/tree.ts';
import { isoDate, parseIsoDate } from '../calendar/domain/local-time.ts';
import { COMPLETE_PROCEDURE } from '../catalogue/domain/completeness.ts';

/**
 * Which counter rows belong to a unit's figures over a period, per the tree of each date
 * (OrganisationDirectory.stretchesOver): `(org_id in the stretch's units AND day in the stretch) OR …`.
 * `column` is the counters' day (stats_daily.day) or month (stats_monthly.month, the 1st of the month).
 */
export function inStretches(org: string, column: string, stretches: readonly Stretch[]): RawBuilder<boolean> {
  if (stretches.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(stretches.map((s) => sql`(${inIds(org, s.ids)} AND ${sql.ref(column)} BETWEEN ${s.from} AND ${s.to})`), sql` OR `)})`;
}

/** True when every stretch is whole months, so the monthly roll-up can answer (else the daily counters must). */
export const wholeMonths = (stretches: readonly Stretch[]): boolean =>
  stretches.every((s) => s.from.endsWith('-01') && isoDate(parseIsoDate(s.to)! + 1).endsWith('-01'));

/** Every unit counted somewhere in the period (for the figures that are not counters: a union of the stretches). */
export const unitsOf = (stretches: readonly Stretch[]): string[] => [...new Set(stretches.flatMap((s) => s.ids))];

/**
 * The counter rows of a unit's figures over the stretches, as a subquery (org_id, procedure_code, metric,
 * value): from the monthly roll-up when the stretches are whole months, else from the daily counters.
 */
export function counterRows(stretches: readonly Stretch[]): RawBuilder<unknown> {
  return wholeMonths(stretches)
    ? sql`(SELECT s.org_id, s.procedure_code, s.metric, s.value FROM stats_monthly s WHERE ${inStretches('s.org_id', 's.month', stretches)})`
    : sql`(SELECT s.org_id, s.procedure_code, s.metric, s.value FROM stats_daily s WHERE ${inStretches('s.org_id', 's.day', stretches)})`;
}

/**
 * Sums of the counters of a unit over whole days [from, to], per the tree of each date: the monthly
 * roll-up when the tree changed only at month starts (or not at all), the daily counters otherwise.
 * Counters are keyed by the unit that handled the dossier; the tree says where that unit stood each day.
 */
export async function monthlyTotals(ctx: AppContext, org: Organisation, from: string, to: string): Promise<(metric: string) => number> {
  const stretches = await ctx.orgs.stretchesOver(org.id, from, to);
  const rows = await sql<{ metric: string; value: number }>`SELECT c.metric, sum(c.value)::float8 AS value FROM ${counterRows(stretches)} c GROUP BY c.metric`.execute(ctx.db);
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
