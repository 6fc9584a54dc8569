/**
 * Property: the pure timeliness rules (src/modules/dossiers/domain/timeliness.ts) and the SQL generated for them
 * (src/modules/dossiers/timeliness-sql.ts) give the same answer for random dossier states, on both databases.
 * Instants are drawn from a coarse grid so that ties (paused exactly at the due time, finished exactly at
 * the instant asked about, midnight at a period's edge) come up often.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAndMigrate, type DatabaseHandle } from '../src/platform/db/db.ts';
import { DOSSIER_STATUSES } from '../src/modules/dossiers/domain/types.ts';
import { dayNumberOf } from '../src/modules/calendar/domain/local-time.ts';
import { countsForProgress, finishedTimeliness, goodForProgress, isLateAt, isOpenAt, receivedIn, standingAt, type ClockFacts } from '../src/modules/dossiers/domain/timeliness.ts';
import { countsForProgressSql, goodForProgressSql, lateAtSql, openAtSql, openNowSql, openStandingSql, receivedInSql, standingSql } from '../src/modules/dossiers/timeliness-sql.ts';
import { BACKENDS } from './helpers.ts';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const BASE = Date.parse('2026-11-30T00:00:00+07:00');
// Every 5 hours over 3½ days: lands on local midnight, working hours and evenings alike, and a small
// grid makes equal instants common.
const instant = fc.integer({ min: 0, max: 16 }).map((i) => new Date(BASE + i * 5 * 3_600_000));
const maybe = <T,>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 3 });

type Row = ClockFacts & { submittedAt: Date; timeliness: string | null };
const row: fc.Arbitrary<Row> = fc.record({
  status: fc.constantFrom(...DOSSIER_STATUSES),
  submittedAt: instant,
  acceptedAt: maybe(instant),
  dueAt: maybe(instant),
  pausedAt: maybe(instant),
  forcedOverdue: fc.boolean(),
  finishedAt: maybe(instant),
  timeliness: fc.constantFrom(null, 'early', 'on_time', 'late'),
  pausedAtDue: fc.boolean(),
}).map(({ pausedAtDue, ...r }) => ({
  // A dossier is never finished before it is accepted (the database's range would refuse it too).
  ...r,
  finishedAt: r.finishedAt && r.acceptedAt && r.finishedAt < r.acceptedAt ? r.acceptedAt : r.finishedAt,
  // Paused exactly at the due instant (not late) is the edge the rule is most easily wrong about.
  pausedAt: pausedAtDue && r.dueAt ? r.dueAt : r.pausedAt,
  // The due time is set at acceptance, never without it.
  dueAt: r.acceptedAt ? (r.dueAt ?? r.acceptedAt) : null,
})).map((r) => ({ ...r, pausedAt: r.pausedAt && !r.dueAt ? null : r.pausedAt }));

describe.each(BACKENDS)('timeliness rule = its SQL (%s)', (backend) => {
  let handle: DatabaseHandle;
  const schema = backend === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  beforeAll(async () => {
    handle = await openAndMigrate(backend === 'postgres' ? { databaseUrl: process.env.MOTCUA_TEST_DATABASE_URL!, schema, poolSize: 2 } : { dataDir: null });
    await sql`CREATE TABLE timeliness_probe (id int PRIMARY KEY, status text NOT NULL, submitted_at timestamptz NOT NULL, accepted_at timestamptz, due_at timestamptz,
      paused_at timestamptz, forced_overdue boolean NOT NULL, finished_at timestamptz, timeliness text)`.execute(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    if (schema) {
      const client = new pg.Client({ connectionString: process.env.MOTCUA_TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    }
  });

  it('gives the answer of the pure functions for open, late, standing, received, progress', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), instant, fc.boolean(), instant, instant, async (rows, anyInstant, atADue, a, b) => {
        // Asked exactly at a dossier's due instant half the time (the due instant itself is on time).
        const asOf = atADue ? (rows.find((r) => r.dueAt)?.dueAt ?? anyInstant) : anyInstant;
        const [from, to] = a <= b ? [a, b] : [b, a];
        const period = { fromDay: dayNumberOf(from), toDay: dayNumberOf(to) };
        await sql`DELETE FROM timeliness_probe`.execute(handle.db);
        const values = rows.map((r, i) => sql`(${i}, ${r.status}, ${r.submittedAt}::timestamptz, ${r.acceptedAt}::timestamptz, ${r.dueAt}::timestamptz, ${r.pausedAt}::timestamptz, ${r.forcedOverdue}, ${r.finishedAt}::timestamptz, ${r.timeliness})`);
        await sql`INSERT INTO timeliness_probe VALUES ${sql.join(values)}`.execute(handle.db);
        const got = await sql<{ id: number; open: boolean; standing: string | null; late: boolean; received: boolean; counts: boolean; good: boolean; open_standing: string; open_now: boolean }>`
          SELECT id, ${openAtSql('d', asOf)} AS open, ${openStandingSql('d', asOf)} AS open_standing, ${openNowSql('d')} AS open_now, ${standingSql('d', asOf)} AS standing, ${lateAtSql('d', asOf)} AS late,
                 ${receivedInSql('d', period.fromDay, period.toDay)} AS received, ${countsForProgressSql('d', period.fromDay, period.toDay)} AS counts,
                 ${goodForProgressSql('d', asOf)} AS good
          FROM timeliness_probe d ORDER BY id`.execute(handle.db);
        const expected = rows.map((r, i) => ({
          id: i,
          open: isOpenAt(r, asOf),
          standing: standingAt(r, asOf),
          late: isLateAt(r, asOf),
          received: receivedIn(r, period),
          counts: countsForProgress(r, period),
          good: goodForProgress(r, asOf),
        }));
        expect(got.rows.map(({ open_standing: _s, open_now: _n, ...r }) => r)).toEqual(expected);
        // The shortcuts for dossiers known to be open: the same standing for every open one, and "open now"
        // is "open at asOf" for every dossier accepted and finished (if at all) by then, as at the present instant.
        for (const [i, r] of rows.entries()) {
          if (isOpenAt(r, asOf)) expect(got.rows[i]!.open_standing).toBe(standingAt(r, asOf));
          const byNow = (!r.acceptedAt || r.acceptedAt <= asOf) && (!r.finishedAt || r.finishedAt <= asOf);
          if (byNow) expect(got.rows[i]!.open_now).toBe(isOpenAt(r, asOf));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('finished timeliness', () => {
  it('judges a dossier finished while paused at its pause, and a second request as late', () => {
    const due = new Date('2026-12-03T17:00:00+07:00');
    expect(finishedTimeliness({ dueAt: due, pausedAt: new Date('2026-12-02T09:00:00+07:00'), forcedOverdue: false }, new Date('2026-12-20T09:00:00+07:00'))).toBe('early');
    expect(finishedTimeliness({ dueAt: due, pausedAt: new Date('2026-12-04T09:00:00+07:00'), forcedOverdue: false }, new Date('2026-12-20T09:00:00+07:00'))).toBe('late');
    expect(finishedTimeliness({ dueAt: due, pausedAt: null, forcedOverdue: false }, due)).toBe('on_time');
    expect(finishedTimeliness({ dueAt: due, pausedAt: null, forcedOverdue: true }, new Date('2026-12-01T09:00:00+07:00'))).toBe('late');
  });
});
