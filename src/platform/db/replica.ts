/**
 * A read replica's delay (DATABASE_READ_URL): how far the figures it serves are behind the primary.
 * A standby that has replayed everything it received is current (0), even when the primary has been idle
 * for an hour — pg_last_xact_replay_timestamp() alone would report that hour. Otherwise the delay is the
 * age of the last transaction it replayed. null: not a standby (the primary, PGlite).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

export async function replicaLagSeconds(db: Kysely<DB>): Promise<number | null> {
  const { rows } = await sql<{ lag: number | null }>`
    SELECT CASE
      WHEN NOT pg_is_in_recovery() THEN NULL
      WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
      ELSE greatest(0, extract(epoch FROM now() - pg_last_xact_replay_timestamp()))::float8
    END AS lag`.execute(db);
  const lag = rows[0]?.lag;
  return lag === null || lag === undefined ? null : Math.round(Number(lag) * 10) / 10;
}
