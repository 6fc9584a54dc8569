/**
 * Periodic jobs (issue 17): work that runs every so often for the whole system — the reminder sweep —
 * rather than a timer per dossier. A job is a name, an interval and a function; its state is one row
 * of the `jobs` table (next_run_at, a lease).
 *
 * - Claim: one UPDATE … WHERE name IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING sets the lease, so
 *   with several processes on PostgreSQL exactly one of them takes each due job; the others skip the
 *   locked row or find it no longer due. PGlite has one connection, so the same statement is a plain
 *   UPDATE … RETURNING there (SKIP LOCKED changes nothing).
 * - The lease is the job's deadline: a process that dies mid-run leaves the job to be claimed again once
 *   leased_until has passed.
 * - After a run (success or failure) next_run_at = the run's clock + interval; a failure keeps its error
 *   in last_error (the job runs again at its next time, no backoff: jobs are sweeps, idempotent by design).
 * - The clock is passed in (tests move it); the worker loop (worker.ts startOutboxLoop) runs due jobs
 *   after each outbox run.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { jobRunDuration } from '../observability/metrics.ts';

export type JobFunction = (ctx: AppContext, now: Date) => Promise<void>;

export interface JobDefinition {
  name: string;
  /** Seconds between runs; a function when it comes from the settings (read at each run). */
  intervalSeconds: number | ((ctx: AppContext) => number);
  run: JobFunction;
  /** How long a claim holds (default 10 minutes or twice the interval, whichever is longer). */
  leaseSeconds?: number;
}

export class JobRegistry {
  private readonly jobs = new Map<string, JobDefinition>();

  register(job: JobDefinition): void {
    if (!/^[a-z0-9_.-]{1,100}$/.test(job.name)) throw new Error(`job name ${JSON.stringify(job.name)}: a–z, 0–9, . _ - only`);
    if (typeof job.intervalSeconds === 'number' && !(Number.isInteger(job.intervalSeconds) && job.intervalSeconds > 0)) throw new Error(`job ${job.name}: interval must be a whole number of seconds > 0`);
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} is already registered`);
    this.jobs.set(job.name, job);
  }

  all(): JobDefinition[] {
    return [...this.jobs.values()];
  }
}

/** The process's jobs: modules register theirs at start-up (like outbox handlers). */
export const jobRegistry = new JobRegistry();

export function registerJob(job: JobDefinition, registry: JobRegistry = jobRegistry): void {
  registry.register(job);
}

const PROCESS_ID = `${process.pid}-${randomBytes(4).toString('hex')}`;
const MAX_ERROR_CHARS = 1000;

export interface JobRunOptions {
  now?: Date;
  registry?: JobRegistry;
  workerId?: string;
}

export interface JobRunResult {
  ran: string[];
  failed: string[];
}

/** Runs every registered job that is due and that this process manages to claim. */
export async function runDueJobs(ctx: AppContext, options: JobRunOptions = {}): Promise<JobRunResult> {
  const registry = options.registry ?? jobRegistry;
  const now = options.now ?? ctx.clock();
  const workerId = options.workerId ?? PROCESS_ID;
  const result: JobRunResult = { ran: [], failed: [] };
  const jobs = registry.all().map((j) => ({ ...j, intervalSeconds: Math.max(1, Math.round(typeof j.intervalSeconds === 'number' ? j.intervalSeconds : j.intervalSeconds(ctx))) }));
  if (jobs.length === 0) return result;
  // A job seen for the first time is due at once.
  await ctx.db
    .insertInto('jobs')
    .values(jobs.map((j) => ({ name: j.name, interval_seconds: j.intervalSeconds, next_run_at: now })))
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ interval_seconds: eb.ref('excluded.interval_seconds') })))
    .execute();
  for (const job of jobs) {
    const lease = job.leaseSeconds ?? Math.max(600, job.intervalSeconds * 2);
    const claimed = await claim(ctx, job.name, now, lease, workerId);
    if (!claimed) continue;
    let error: string | null = null;
    const timer = jobRunDuration.startTimer({ job: job.name });
    try {
      await job.run(ctx, now);
      result.ran.push(job.name);
    } catch (e) {
      error = (e instanceof Error ? e.message || e.name : String(e)).slice(0, MAX_ERROR_CHARS);
      result.failed.push(job.name);
    }
    timer({ outcome: error === null ? 'ok' : 'failed' });
    await ctx.db
      .updateTable('jobs')
      .set((eb) => ({
        next_run_at: new Date(now.getTime() + job.intervalSeconds * 1000),
        leased_until: null,
        leased_by: null,
        last_run_at: now,
        last_error: error,
        runs: eb('runs', '+', 1),
      }))
      .where('name', '=', job.name)
      .where('leased_by', '=', workerId)
      .execute();
  }
  return result;
}

async function claim(ctx: AppContext, name: string, now: Date, leaseSeconds: number, workerId: string): Promise<boolean> {
  const { rows } = await sql<{ name: string }>`
    UPDATE jobs SET leased_until = ${new Date(now.getTime() + leaseSeconds * 1000)}, leased_by = ${workerId}
    WHERE name IN (
      SELECT name FROM jobs
      WHERE name = ${name}
        AND next_run_at <= ${now}
        AND (leased_until IS NULL OR leased_until <= ${now})
      FOR UPDATE SKIP LOCKED
    )
    RETURNING name`.execute(ctx.db);
  return rows.length === 1;
}
