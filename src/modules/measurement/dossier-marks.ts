/**
 * Facts a 766 criterion counts once per dossier (migration 041): the dossier has a digitised component
 * (4.2), reused a document from the citizen's store (4.4), is linked to that store (4.5), was checked
 * against the population database (4.7). Each fact is recorded once, as a row of `dossier_marks`, and
 * its counter (metric = the mark) is added in the same statement, so the index sums a few counter rows
 * (src/modules/measurement/index766.ts) instead of scanning every dossier of the period.
 *
 * Filing: like the dossier's `received` counter — on the day it was received (Vietnam time) and under the
 * unit that received it (before any reorganisation moved it) — so that numerator and denominator cover the
 * same dossiers, whenever the fact happened; kept on the mark, so `motcua stats rebuild` files it the same way.
 *
 * Two writers, each exactly once per dossier and mark:
 * - the dossier write path marks `digitised` inside its own statement (markWrites: the counter is
 *   added only if the statement's snapshot had no mark; two concurrent actions cannot both pass, the log
 *   entry's seq lets one of them fail with nothing written — src/modules/dossiers/dossier-writes.ts);
 * - every other module marks through markDossiers: the insert's returned rows are what gets counted,
 *   and a concurrent insert of the same mark waits on the key and then inserts nothing.
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { DossierMarksTable } from '../../platform/db/schema-measurement.ts';
import type { Write } from '../../platform/db/write-together.ts';
import type { CounterSubject } from './counters-store.ts';

export type Mark = DossierMarksTable['mark'];
export const MARKS: readonly Mark[] = ['digitised', 'reusing', 'linked', 'population_checked'];

/** The Vietnam day of a dossier's receipt, in SQL (the same rule as submittedLocalDaySql in dossiers/received.ts). */
const RECEIVED_DAY = sql`((d.submitted_at AT TIME ZONE 'UTC') + interval '7 hours')::date`;

export interface MarkToWrite {
  dossierId: string;
  mark: Mark;
  /** The dossier's counter subject (its unit now: the filing takes the unit it was received by) and the day it was received (YYYY-MM-DD). */
  subject: CounterSubject;
  receivedDay: string;
  at: Date;
}

/**
 * The unit that received the dossier: the one a reorganisation moved it from (its first transfer's
 * `fromReceivingOrgId`), else its receiving unit — where its `received` counter is filed (recomputeCounters).
 */
const receivedBy = (dossierId: string, orgNow: string) =>
  `coalesce((SELECT a.payload->>'fromReceivingOrgId' FROM dossier_actions a WHERE a.dossier_id = ${dossierId} AND a.action = 'transferred_by_reorganisation' ORDER BY a.seq LIMIT 1), ${orgNow})`;

const INSERT_MARK = `INSERT INTO dossier_marks (dossier_id, mark, org_id, day, at) SELECT $1, $2, ${receivedBy('$1', '$3')}, $4::date, $5::timestamptz ON CONFLICT (dossier_id, mark) DO NOTHING`;
const NOT_MARKED = 'WHERE NOT EXISTS (SELECT 1 FROM dossier_marks WHERE dossier_id = $1 AND mark = $2)';
const COUNT_DAILY =
  'INSERT INTO stats_daily (org_id, procedure_code, day, metric, channel, field_code, value) ' +
  `SELECT ${receivedBy('$1', '$3')}, $5, $4::date, $2, $6, $7, 1 ${NOT_MARKED} ` +
  'ON CONFLICT (org_id, procedure_code, day, metric, channel, field_code) DO UPDATE SET value = stats_daily.value + excluded.value';
const COUNT_MONTHLY =
  'INSERT INTO stats_monthly (org_id, procedure_code, month, metric, value) ' +
  `SELECT ${receivedBy('$1', '$3')}, $5, date_trunc('month', $4::date)::date, $2, 1 ${NOT_MARKED} ` +
  'ON CONFLICT (org_id, procedure_code, month, metric) DO UPDATE SET value = stats_monthly.value + excluded.value';

/**
 * The writes that mark a dossier inside another statement (src/platform/db/write-together.ts): the mark,
 * and its two counters if the mark was not there when the statement began. Only for a caller that holds
 * the dossier against concurrent writers (the write path's seq guard); others use markDossiers.
 */
export function markWrites(m: MarkToWrite): Write[] {
  const insert = [m.dossierId, m.mark, m.subject.orgId, m.receivedDay, m.at];
  const count = [m.dossierId, m.mark, m.subject.orgId, m.receivedDay, m.subject.procedureCode, m.subject.channel, m.subject.fieldCode];
  // The monthly roll-up has no channel and field: its text reads the first five values only.
  return [CompiledQuery.raw(INSERT_MARK, insert), CompiledQuery.raw(COUNT_DAILY, count), CompiledQuery.raw(COUNT_MONTHLY, count.slice(0, 5))];
}

/**
 * Marks dossiers, each fact once, with their counters, in one statement (atomic without a
 * transaction; in the caller's when `db` is one). Returns how many marks were new.
 */
export async function markDossiers(db: Kysely<DB>, marks: Array<{ dossierId: string; mark: Mark; at: Date }>): Promise<number> {
  let added = 0;
  for (let i = 0; i < marks.length; i += 1000) {
    const chunk = marks.slice(i, i + 1000);
    const values = sql.join(chunk.map((m) => sql`(${m.dossierId}, ${m.mark}, CAST(${m.at} AS timestamptz))`));
    const r = await sql<{ n: number }>`
      WITH v (dossier_id, mark, at) AS (VALUES ${values}),
      ins AS (
        INSERT INTO dossier_marks (dossier_id, mark, org_id, day, at)
        SELECT DISTINCT ON (v.dossier_id, v.mark) v.dossier_id, v.mark, ${sql.raw(receivedBy('d.id', 'd.receiving_org_id'))}, ${RECEIVED_DAY}, v.at
        FROM v JOIN dossiers d ON d.id = v.dossier_id
        ORDER BY v.dossier_id, v.mark, v.at
        ON CONFLICT (dossier_id, mark) DO NOTHING
        RETURNING dossier_id, mark, org_id, day),
      agg AS (
        SELECT ins.org_id, d.procedure_code, ins.day, ins.mark, d.channel, d.field_code, count(*)::float8 AS n
        FROM ins JOIN dossiers d ON d.id = ins.dossier_id GROUP BY 1, 2, 3, 4, 5, 6),
      daily AS (
        INSERT INTO stats_daily (org_id, procedure_code, day, metric, channel, field_code, value)
        SELECT org_id, procedure_code, day, mark, channel, field_code, n FROM agg
        ON CONFLICT (org_id, procedure_code, day, metric, channel, field_code) DO UPDATE SET value = stats_daily.value + excluded.value),
      monthly AS (
        INSERT INTO stats_monthly (org_id, procedure_code, month, metric, value)
        SELECT org_id, procedure_code, date_trunc('month', day)::date, mark, sum(n) FROM agg GROUP BY 1, 2, 3, 4
        ON CONFLICT (org_id, procedure_code, month, metric) DO UPDATE SET value = stats_monthly.value + excluded.value)
      SELECT count(*)::int AS n FROM ins`.execute(db);
    added += r.rows[0]?.n ?? 0;
  }
  return added;
}

/** The marks' counters recomputed from the marks (`motcua stats rebuild`), as stats_daily cells: org|procedure|channel|field|day|metric. */
export async function recomputeMarkCounters(db: Kysely<DB>): Promise<Map<string, number>> {
  const rows = await sql<{ k: string; n: number }>`
    SELECT m.org_id || '|' || d.procedure_code || '|' || d.channel || '|' || d.field_code || '|' || to_char(m.day, 'YYYY-MM-DD') || '|' || m.mark AS k, count(*)::int AS n
    FROM dossier_marks m JOIN dossiers d ON d.id = m.dossier_id GROUP BY 1`.execute(db);
  return new Map(rows.rows.map((r) => [r.k, Number(r.n)]));
}
