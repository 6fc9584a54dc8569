/**
 * Loads the demo year (./demo-history.ts, ./demo-open.ts) through the historical import, in batches,
 * after the server is listening: the server answers meanwhile and GET /api/health shows the progress.
 *
 * Resumable: the demo city is created with a marker (the settings row `demo_history`: the minute the
 * year is generated for, its size and seed) that says "loading" until the whole year, its snapshots and
 * the units' evaluations and the 2025 PAR Index (./demo-par.ts) are in; a restart regenerates the very same year and the import skips the
 * dossiers that exist (their legacy codes `DEMO-<anchor>-…`). Never started into a database that was
 * created without the year (--empty, MOTCUA_DEMO_HISTORY=0), which has no marker.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { json } from '../platform/db/db.ts';
import type { AppContext, DemoHistoryProgress } from '../context.ts';
import { importDossiers } from '../modules/dossiers/import.ts';
import { snapshotOpenDay } from '../modules/measurement/open-snapshots.ts';
import { calendarLookup } from '../modules/calendar/calendars.ts';
import { dayNumberOf, isoDate } from '../modules/calendar/domain/local-time.ts';
import { DEMO_ORGANISATIONS } from './demo-organisations.ts';
import { DEMO_ACCOUNTS } from './seed.ts';
import { anchorOfDemoCode, floorMinute, type DemoLine } from './demo-history.ts';
import { generateDemoYear } from './demo-open.ts';
import { seedDemoEvaluations } from './demo-evaluations.ts';
import { seedDemoFeedback } from './demo-feedback.ts';
import { seedDemoPayments } from './demo-payments.ts';
import { seedDemoCitizenStore } from './demo-citizen-store.ts';
import { seedDemoPar } from './demo-par.ts';
import { seedDemoPopulationChecks } from './demo-population.ts';

export const DEMO_HISTORY_DEFAULTS = { seed: 14, dossiers: 3000, batch: 100 };

export interface DemoHistoryOptions {
  batch?: number;
  onProgress?: (p: DemoHistoryProgress) => void;
}

/** The settings row that says a demo year is to be loaded (written with the demo city) or was loaded. */
export const DEMO_HISTORY_SETTING = 'demo_history';

/** What to load: the year for `anchor` (the minute the demo city was created), of `dossiers`, from `seed`. */
export interface DemoYearPlan {
  anchor: Date;
  dossiers: number;
  seed: number;
}
interface DemoHistoryMarker {
  state: 'loading' | 'done';
  anchor: string;
  dossiers: number;
  seed: number;
}

/**
 * The durable marker, written in the same transaction as the demo city (src/demo/seed.ts): a stop between
 * creating the city and writing the first batch of the year still leaves the year to load at the next start.
 */
export async function markDemoYearToLoad(trx: Transaction<DB>, plan: DemoYearPlan): Promise<void> {
  const value: DemoHistoryMarker = { state: 'loading', anchor: plan.anchor.toISOString(), dossiers: plan.dossiers, seed: plan.seed };
  await trx.insertInto('settings').values({ key: DEMO_HISTORY_SETTING, value: json(value) }).execute();
}

/**
 * The year still to be loaded, or null: the marker while it says "loading" (its anchor, size and seed, so
 * the very same year is regenerated whatever the settings say now). A database from before the marker
 * whose codes show an interrupted year gets that year again, at the size asked now.
 */
export async function demoYearToLoad(ctx: AppContext, dossiers: number): Promise<DemoYearPlan | null> {
  const row = await ctx.db.selectFrom('settings').select('value').where('key', '=', DEMO_HISTORY_SETTING).executeTakeFirst();
  if (row) {
    const m = row.value as DemoHistoryMarker;
    return m.state === 'loading' ? { anchor: new Date(m.anchor), dossiers: m.dossiers, seed: m.seed } : null;
  }
  const code = await ctx.db.selectFrom('dossiers').select('legacy_code').where('legacy_code', 'like', 'DEMO-%').orderBy('legacy_code').limit(1).executeTakeFirst();
  const anchor = code?.legacy_code ? anchorOfDemoCode(code.legacy_code) : null;
  return anchor ? { anchor, dossiers, seed: DEMO_HISTORY_DEFAULTS.seed } : null;
}

/** A new plan for a demo city created now. */
export const demoYearPlan = (ctx: AppContext, dossiers: number, seed = DEMO_HISTORY_DEFAULTS.seed): DemoYearPlan => ({ anchor: floorMinute(ctx.clock()), dossiers, seed });

async function markDemoYearDone(ctx: AppContext, plan: DemoYearPlan): Promise<void> {
  const value: DemoHistoryMarker = { state: 'done', anchor: plan.anchor.toISOString(), dossiers: plan.dossiers, seed: plan.seed };
  await ctx.db
    .insertInto('settings')
    .values({ key: DEMO_HISTORY_SETTING, value: json(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json(value) }))
    .execute();
}

/**
 * Generates the year of `plan` and imports what is not there yet, takes the daily snapshots, enters the
 * units' evaluations, then marks the year done; returns the progress it ended with.
 */
export async function seedDemoHistory(ctx: AppContext, plan: DemoYearPlan, options: DemoHistoryOptions = {}): Promise<DemoHistoryProgress & { errors: string[] }> {
  const batch = options.batch ?? DEMO_HISTORY_DEFAULTS.batch;
  const calendars = calendarLookup(await ctx.calendars.preload(DEMO_ORGANISATIONS.map((o) => o.id)));
  const year = generateDemoYear({ seed: plan.seed, now: plan.anchor, dossiers: plan.dossiers, calendarOf: calendars });
  const existing = new Set(
    (await ctx.db.selectFrom('dossiers').select('legacy_code').where('legacy_code', 'like', 'DEMO-%').execute()).map((r) => r.legacy_code),
  );
  const todo: DemoLine[] = year.map((d) => d.line).filter((l) => !existing.has(l.code));
  const progress: DemoHistoryProgress = { state: 'running', done: year.length - todo.length, total: year.length };
  ctx.demoHistory = progress;
  options.onProgress?.(progress);
  // The demo citizens' dossiers are theirs ("my dossiers"), told by their ID numbers.
  const citizens = await ctx.db.selectFrom('users').select(['id', 'id_number']).where('is_demo', '=', true).where('role', '=', 'citizen').execute();
  const byIdNumber = new Map(citizens.filter((c) => DEMO_ACCOUNTS.some((a) => a.idNumber === c.id_number)).map((c) => [c.id_number!, c.id]));
  const errors: string[] = [];
  try {
    for (let i = 0; i < todo.length; i += batch) {
      const chunk = todo.slice(i, i + batch);
      const report = await importDossiers(ctx, chunk.map((l) => JSON.stringify(l)).join('\n'), {
        applicantIdFor: (line) => (line.applicant.idNumber ? (byIdNumber.get(line.applicant.idNumber) ?? null) : null),
      });
      errors.push(...report.errors.map((e) => `${e.code ?? `line ${e.line}`}: ${e.message}`));
      progress.done += chunk.length;
      options.onProgress?.(progress);
    }
    // The 766 index reads daily snapshots of open dossiers: take them for the year just written (again
    // after a stop: a day's snapshot is replaced, never doubled).
    const today = dayNumberOf(ctx.clock());
    for (let d = dayNumberOf(plan.anchor) - 366; d < today; d++) await snapshotOpenDay(ctx.db, isoDate(d));
    await seedDemoFeedback(ctx, plan.anchor, plan.seed); // before the evaluations: indicator 8 reads it
    await seedDemoPayments(ctx, plan.seed); // 766 group 6 (docs/payments.md)
    await seedDemoPopulationChecks(ctx, plan.seed); // 766 4.6–4.7 (docs/integrations.md)
    await seedDemoCitizenStore(ctx, plan.seed); // files of the year's dossiers, the citizens' data stores: 766 4.2, 4.4, 4.5 (docs/citizen-store.md)
    await seedDemoEvaluations(ctx, plan.anchor, plan.seed);
    await seedDemoPar(ctx, plan.seed); // last: its computed leaves read the year's dossiers, feedback and inspections
    await markDemoYearDone(ctx, plan);
    progress.state = 'done';
  } catch (e) {
    progress.state = 'failed';
    errors.push((e as Error).message);
  }
  options.onProgress?.(progress);
  return { ...progress, errors };
}

/** How many demo dossiers are in the database (for the log and the tests). */
export async function demoDossierCount(ctx: AppContext): Promise<number> {
  const r = await ctx.db.selectFrom('dossiers').select(sql<number>`count(*)::int`.as('n')).where('legacy_code', 'like', 'DEMO-%').executeTakeFirstOrThrow();
  return r.n;
}
