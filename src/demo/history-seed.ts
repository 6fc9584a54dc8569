/**
 * Loads the demo year (./demo-history.ts, ./demo-open.ts) through the historical import, in batches,
 * after the server is listening: the server answers meanwhile and GET /api/health shows the progress.
 *
 * Resumable: every demo dossier has a legacy code `DEMO-<anchor>-…` carrying the minute the year was
 * generated for, so a restart regenerates the very same year and the import skips what exists. Started
 * only right after the demo city is created (or to finish a year a stop interrupted), never into a
 * database that was started without it.
 */
import { sql } from 'kysely';
import type { AppContext, DemoHistoryProgress } from '../context.ts';
import { importDossiers } from '../modules/dossiers/import.ts';
import { snapshotOpenDay } from '../modules/measurement/open-snapshots.ts';
import { calendarLookup } from '../modules/calendar/calendars.ts';
import { dayNumberOf, isoDate } from '../modules/calendar/domain/local-time.ts';
import { DEMO_ORGANISATIONS } from './demo-organisations.ts';
import { DEMO_ACCOUNTS } from './seed.ts';
import { anchorOfDemoCode, floorMinute, type DemoLine } from './demo-history.ts';
import { generateDemoYear } from './demo-open.ts';

export const DEMO_HISTORY_DEFAULTS = { seed: 14, dossiers: 3000, batch: 100 };

export interface DemoHistoryOptions {
  seed?: number;
  /** Dossiers of the past year (the open ones for the demo accounts come on top). */
  dossiers?: number;
  batch?: number;
  onProgress?: (p: DemoHistoryProgress) => void;
}

/**
 * The minute to generate the year for, or null when there is nothing to load: a demo city just created
 * gets a year up to now; one whose year was interrupted gets the same year again (its anchor is in the codes).
 */
export async function demoHistoryAnchor(ctx: AppContext, justCreated: boolean): Promise<Date | null> {
  if (justCreated) return floorMinute(ctx.clock());
  const row = await ctx.db.selectFrom('dossiers').select('legacy_code').where('legacy_code', 'like', 'DEMO-%').orderBy('legacy_code').limit(1).executeTakeFirst();
  return row?.legacy_code ? anchorOfDemoCode(row.legacy_code) : null;
}

/** Generates the year for `anchor` and imports what is not there yet; returns the progress it ended with. */
export async function seedDemoHistory(ctx: AppContext, anchor: Date, options: DemoHistoryOptions = {}): Promise<DemoHistoryProgress & { errors: string[] }> {
  const seed = options.seed ?? DEMO_HISTORY_DEFAULTS.seed;
  const batch = options.batch ?? DEMO_HISTORY_DEFAULTS.batch;
  const calendars = calendarLookup(await ctx.calendars.preload(DEMO_ORGANISATIONS.map((o) => o.id)));
  const year = generateDemoYear({ seed, now: anchor, dossiers: options.dossiers ?? DEMO_HISTORY_DEFAULTS.dossiers, calendarOf: calendars });
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
    if (todo.length > 0) {
      // The 766 index reads daily snapshots of open dossiers: take them for the year just written.
      const today = dayNumberOf(ctx.clock());
      for (let d = dayNumberOf(anchor) - 366; d < today; d++) await snapshotOpenDay(ctx.db, isoDate(d));
    }
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
