/**
 * The SQL of the rules in `domain/timeliness.ts`, one fragment per question, written from
 * the same constants and branch for branch in the same order. `test/timeliness-rule.test.ts` runs random
 * dossiers through both and asserts they agree. Every list, count and figure that asks "late?",
 * "received?" or "counts for progress?" uses these fragments; none repeats the conditions.
 *
 * `alias` names the `dossiers` row (its columns accepted_at, due_at, paused_at, forced_overdue,
 * finished_at, status, submitted_at, timeliness).
 */
import { sql, type RawBuilder } from 'kysely';
import { refusedAtIntake, type Standing } from './domain/timeliness.ts';
import { DOSSIER_STATUSES } from './domain/types.ts';
import { startOfDay } from '../calendar/domain/local-time.ts';

const STANDING: Record<Standing, Standing> = { within: 'within', paused: 'paused', late: 'late' };
const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);
const lit = (s: string) => sql.lit(s);

/** `isOpenAt`: accepted by `asOf` and not finished by it (the form the (accepted_at, finished_at) GiST index serves). */
export function openAtSql(alias: string, asOf: Date): RawBuilder<boolean> {
  // tstzrange's default '[)' bounds: accepted_at <= asOf < finished_at, as isOpenAt.
  return sql<boolean>`(${col(alias, 'due_at')} IS NOT NULL AND ${col(alias, 'accepted_at')} IS NOT NULL AND tstzrange(${col(alias, 'accepted_at')}, coalesce(${col(alias, 'finished_at')}, 'infinity'::timestamptz)) @> ${asOf}::timestamptz)`;
}

/**
 * Dossiers open now: accepted and not finished. With a clock that does not run backwards this is
 * `openAtSql(alias, now)`, and it is the predicate of the partial index `dossiers_open_now`, which covers
 * every column `openStandingSql` reads, so live figures stay an index-only read.
 */
export function openNowSql(alias: string): RawBuilder<boolean> {
  return sql<boolean>`(${col(alias, 'finished_at')} IS NULL AND ${col(alias, 'accepted_at')} IS NOT NULL)`;
}

/** `standingAt` for a dossier the caller's WHERE already knows to be open at `asOf` (reads due_at, forced_overdue, paused_at). */
export function openStandingSql(alias: string, asOf: Date): RawBuilder<Standing> {
  const due = col(alias, 'due_at');
  const paused = col(alias, 'paused_at');
  return sql<Standing>`(CASE
    WHEN ${col(alias, 'forced_overdue')} THEN ${lit(STANDING.late)}
    WHEN ${paused} IS NOT NULL AND ${paused} <= ${asOf}::timestamptz THEN (CASE WHEN ${paused} > ${due} THEN ${lit(STANDING.late)} ELSE ${lit(STANDING.paused)} END)
    WHEN ${asOf}::timestamptz > ${due} THEN ${lit(STANDING.late)}
    ELSE ${lit(STANDING.within)} END)`;
}

/** `standingAt`: 'within' | 'paused' | 'late', or NULL when the dossier is not open at `asOf`. */
export function standingSql(alias: string, asOf: Date): RawBuilder<Standing | null> {
  return sql<Standing | null>`(CASE WHEN NOT ${openAtSql(alias, asOf)} THEN NULL ELSE ${openStandingSql(alias, asOf)} END)`;
}

/** Open at `asOf` with this standing. */
export function standingIsSql(alias: string, asOf: Date, standing: Standing): RawBuilder<boolean> {
  return sql<boolean>`coalesce(${standingSql(alias, asOf)} = ${lit(STANDING[standing])}, false)`;
}

/** `isLateAt`: open at `asOf` and late. */
export function lateAtSql(alias: string, asOf: Date): RawBuilder<boolean> {
  return standingIsSql(alias, asOf, 'late');
}

/** Late at `asOf`, or finished late: the desk's "late" queue. */
export function lateOrFinishedLateSql(alias: string, asOf: Date): RawBuilder<boolean> {
  return sql<boolean>`(coalesce(${col(alias, 'timeliness')} = 'late', false) OR ${lateAtSql(alias, asOf)})`;
}

/** `receivedIn`: submitted on a local day of [fromDay, toDay]. */
export function receivedInSql(alias: string, fromDay: number, toDay: number): RawBuilder<boolean> {
  return sql<boolean>`(${col(alias, 'submitted_at')} >= ${startOfDay(fromDay)}::timestamptz AND ${col(alias, 'submitted_at')} < ${startOfDay(toDay + 1)}::timestamptz)`;
}

/** `refusedAtIntake`. */
const REFUSED_STATUS = DOSSIER_STATUSES.filter((s) => refusedAtIntake({ status: s }));
export function refusedAtIntakeSql(alias: string): RawBuilder<boolean> {
  return sql<boolean>`(${col(alias, 'status')} IN (${sql.join(REFUSED_STATUS.map(lit))}))`;
}

/** `countsForProgress`. */
export function countsForProgressSql(alias: string, fromDay: number, toDay: number): RawBuilder<boolean> {
  return sql<boolean>`(${receivedInSql(alias, fromDay, toDay)} AND NOT ${refusedAtIntakeSql(alias)})`;
}

/** `goodForProgress`. */
export function goodForProgressSql(alias: string, periodEnd: Date): RawBuilder<boolean> {
  const finished = col(alias, 'finished_at');
  return sql<boolean>`(CASE WHEN ${standingSql(alias, periodEnd)} IS NOT NULL THEN ${standingSql(alias, periodEnd)} <> ${lit(STANDING.late)}
    ELSE coalesce(${finished} <= ${periodEnd}::timestamptz AND ${col(alias, 'timeliness')} IN ('early', 'on_time'), false) END)`;
}
