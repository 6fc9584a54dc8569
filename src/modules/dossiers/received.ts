/**
 * "Received in a period", the one rule the managers' figures and the desk's register (Form 07) share
 * (issue 14): a dossier of the unit submitted on one of the period's local days (`receivedIn`, the
 * `received` counter's day), less those refused at intake (`refusedAtIntake`, Form 03), which never entered
 * processing. Refusals are counted apart, with their reasons. Both the KPIs and the register ask these
 * functions, so the dashboard's "received" is the number of rows of the register for the same unit and
 * period (test/received-register.api.test.ts).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { inIds } from '../../platform/db/sql.ts';
import { countsForProgressSql, receivedInSql, refusedAtIntakeSql } from './timeliness-sql.ts';
import type { DayPeriod } from './domain/timeliness.ts';

/** Received in the period and not refused at intake: the register's rows, the dashboard's "received". */
export function receivedForProcessingSql(alias: string, p: DayPeriod): RawBuilder<boolean> {
  return countsForProgressSql(alias, p.fromDay, p.toDay);
}

/** Submitted in the period and refused at intake: counted apart. */
export function refusedAtIntakeInSql(alias: string, p: DayPeriod): RawBuilder<boolean> {
  return sql<boolean>`(${receivedInSql(alias, p.fromDay, p.toDay)} AND ${refusedAtIntakeSql(alias)})`;
}

/** The local (UTC+7) calendar day of a dossier's submission, as SQL text 'YYYY-MM-DD'. */
export function submittedLocalDaySql(alias: string): RawBuilder<string> {
  return sql<string>`to_char((${sql.ref(`${alias}.submitted_at`)} AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM-DD')`;
}

export interface IntakeCount {
  key: string;
  received: number;
  refusedAtIntake: number;
}

/**
 * Per group (`key`, an expression over the dossier row `d`), the dossiers of the units `orgIds` received in
 * the period and those refused at intake. Reads the dossiers submitted in the period through
 * `dossiers_received (receiving_org_id, submitted_at)`.
 */
export async function intakeCounts(db: Kysely<DB>, orgIds: readonly string[], p: DayPeriod, key: RawBuilder<string> = sql<string>`'all'`): Promise<IntakeCount[]> {
  const rows = await sql<IntakeCount>`
    SELECT ${key} AS key,
           count(*) FILTER (WHERE ${receivedForProcessingSql('d', p)})::int AS "received",
           count(*) FILTER (WHERE ${refusedAtIntakeSql('d')})::int AS "refusedAtIntake"
    FROM dossiers d
    WHERE ${inIds('d.receiving_org_id', orgIds)} AND ${receivedInSql('d', p.fromDay, p.toDay)}
    GROUP BY 1
    ORDER BY 1`.execute(db);
  return rows.rows;
}

/** The reasons of the refusals at intake of dossiers received in the period, from the log's `reject` entries, most frequent first. */
export async function refusalReasons(db: Kysely<DB>, orgIds: readonly string[], p: DayPeriod): Promise<Array<{ reason: string; count: number }>> {
  const rows = await sql<{ reason: string; count: number }>`
    SELECT btrim(coalesce(a.payload->>'reason', '')) AS reason, count(*)::int AS count
    FROM dossiers d JOIN dossier_actions a ON a.dossier_id = d.id AND a.action = 'reject'
    WHERE ${inIds('d.receiving_org_id', orgIds)} AND ${refusedAtIntakeInSql('d', p)}
    GROUP BY 1
    ORDER BY 2 DESC, 1`.execute(db);
  return rows.rows;
}
