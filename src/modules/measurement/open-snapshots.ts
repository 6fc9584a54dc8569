/**
 * Daily snapshots of open dossiers (a gauge beside the counters): per receiving organisation (the one
 * receiving the dossier that day: a snapshot taken late, after a reorganisation moved it, files it where it
 * was then — receivingOrgAtSql) and procedure, how many accepted dossiers were open at the end of a day — within their deadline, overdue,
 * or paused for a supplement before their due time (one paused after it is overdue), by the one rule of
 * src/modules/dossiers/domain/timeliness.ts. Taken by the server once a day (and backfilled with `motcua stats
 * snapshot`), read by the 766 index for periods that have ended.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { openAtSql, standingIsSql } from '../dossiers/timeliness-sql.ts';
import { receivingOrgAtSql } from '../dossiers/received.ts';
import { dayNumberOf, isoDate, parseIsoDate, startOfDay } from '../calendar/domain/local-time.ts';

/** Records the open dossiers at the end of a local day (replacing that day's snapshot). */
export async function snapshotOpenDay(db: Kysely<DB>, day: string): Promise<number> {
  const n = parseIsoDate(day);
  if (n === null) throw new Error(`invalid day ${day}`);
  const end = startOfDay(n + 1);
  return db.transaction().execute(async (trx) => {
    // Two servers snapshotting the same day take turns.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`motcua-open-${day}`}))`.execute(trx);
    await trx.deleteFrom('stats_open_daily').where('day', '=', day).execute();
    const r = await sql`
      INSERT INTO stats_open_daily (org_id, procedure_code, day, within, overdue, paused)
      SELECT ${receivingOrgAtSql('d', end)}, d.procedure_code, ${day}::date,
             count(*) FILTER (WHERE ${standingIsSql('d', end, 'within')}),
             count(*) FILTER (WHERE ${standingIsSql('d', end, 'late')}),
             count(*) FILTER (WHERE ${standingIsSql('d', end, 'paused')})
      FROM dossiers d
      WHERE ${openAtSql('d', end)}
      GROUP BY 1, 2`.execute(trx);
    return Number(r.numAffectedRows ?? 0);
  });
}

/** Takes every missing snapshot up to yesterday (local), starting after the last one taken. */
export async function snapshotMissingDays(db: Kysely<DB>, now: Date, maxDays = 31): Promise<string[]> {
  const last = await db.selectFrom('stats_open_daily').select(sql<string>`to_char(max(day), 'YYYY-MM-DD')`.as('d')).executeTakeFirst();
  const yesterday = dayNumberOf(now) - 1;
  const first = last?.d ? parseIsoDate(last.d)! + 1 : yesterday;
  const taken: string[] = [];
  for (let d = Math.max(first, yesterday - maxDays + 1); d <= yesterday; d++) {
    await snapshotOpenDay(db, isoDate(d));
    taken.push(isoDate(d));
  }
  return taken;
}
