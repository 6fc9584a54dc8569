/**
 * "Received in a period", the one rule the managers' figures and the desk's register (Form 07) share
 * (issue 14): a dossier of the unit submitted on one of the period's local days (`receivedIn`, the
 * `received` counter's day), less those refused at intake (`refusedAtIntake`, Form 03), which never entered
 * processing. Refusals are counted apart, with their reasons. The register lists the dossiers
 * `receivedForProcessingSql` selects; the KPIs take the `received` counter (same day rule) less
 * `refusalCounts`; so the dashboard's "received" is the number of rows of the register for the same unit
 * and period (test/received-register.api.test.ts).
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

/**
 * The unit receiving the dossier at an instant: where a reorganisation moved it later, the unit it was moved
 * from (the first transfer after the instant: `transferred_by_reorganisation`, its `fromReceivingOrgId`),
 * else its receiving unit now. For figures of a past instant read from dossiers (open at a period's end).
 */
export function receivingOrgAtSql(alias: string, at: Date): RawBuilder<string> {
  return sql<string>`coalesce((SELECT a.payload->>'fromReceivingOrgId' FROM dossier_actions a
    WHERE a.dossier_id = ${sql.ref(`${alias}.id`)} AND a.action = 'transferred_by_reorganisation' AND a.at > ${at} ORDER BY a.seq LIMIT 1), ${sql.ref(`${alias}.receiving_org_id`)})`;
}

export interface RefusalCount {
  key: string;
  refusedAtIntake: number;
}

/**
 * Per group (`key`, an expression over the dossier row `d`), the dossiers of the units `orgIds` received in
 * the period and refused at intake. "Received" is then the `received` counter (every submission of the
 * period, by the same day rule) less these: a read of the refusals only, through the partial index
 * `dossiers_refused_at_intake`, never a scan of the period's dossiers.
 */
export async function refusalCounts(db: Kysely<DB>, orgIds: readonly string[], p: DayPeriod, key: RawBuilder<string> = sql<string>`'all'`): Promise<RefusalCount[]> {
  const rows = await sql<RefusalCount>`
    SELECT ${key} AS key, count(*)::int AS "refusedAtIntake"
    FROM dossiers d
    WHERE ${inIds('d.receiving_org_id', orgIds)} AND ${refusedAtIntakeInSql('d', p)}
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
