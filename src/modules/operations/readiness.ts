/**
 * Readiness (GET /api/ready): may a load balancer or a process manager send this process traffic?
 * Yes when the database answers, every migration file has been applied (a process started from newer
 * code than the database, or the reverse, is not ready) and the outbox loop of this process, where it
 * runs one, has beaten recently. Liveness (GET /api/health) stays "the process answers".
 */
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { migrationFiles } from '../../platform/db/migrate.ts';
import { pingDatabase } from '../../platform/db/db.ts';
import { workerHeartbeat } from '../../platform/outbox/index.ts';

export type CheckState = 'ok' | 'failed' | 'not-run-here';
export interface Readiness {
  ready: boolean;
  checks: { database: CheckState; migrations: CheckState; worker: CheckState };
  /** What is not ready, in words (for the problem's detail and the log). */
  reasons: string[];
}

/** Seconds after which a silent outbox loop counts as dead: MOTCUA_READY_WORKER_STALE_SECONDS, default max(60, 5 intervals). */
export function workerStaleAfterMs(env: NodeJS.ProcessEnv = process.env): number {
  const set = Number(env.MOTCUA_READY_WORKER_STALE_SECONDS);
  if (Number.isFinite(set) && set > 0) return set * 1000;
  return Math.max(60_000, 5 * workerHeartbeat.intervalMs);
}

export async function readiness(ctx: AppContext): Promise<Readiness> {
  const reasons: string[] = [];
  const checks: Readiness['checks'] = { database: 'ok', migrations: 'ok', worker: 'not-run-here' };
  try {
    await pingDatabase(ctx.db);
  } catch (e) {
    checks.database = 'failed';
    checks.migrations = 'failed';
    reasons.push(`database: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (checks.database === 'ok') {
    const applied = new Set((await sql<{ version: string }>`SELECT version FROM schema_migrations`.execute(ctx.db)).rows.map((r) => r.version));
    const files = migrationFiles();
    const missing = files.filter((f) => !applied.has(f));
    const unknown = [...applied].filter((v) => !files.includes(v));
    if (missing.length > 0) reasons.push(`migrations not applied: ${missing.join(', ')}`);
    if (unknown.length > 0) reasons.push(`database has migrations this code does not know (older code?): ${unknown.join(', ')}`);
    if (missing.length > 0 || unknown.length > 0) checks.migrations = 'failed';
  }
  if (workerHeartbeat.running) {
    const age = Date.now() - (workerHeartbeat.lastBeatAt ?? 0);
    checks.worker = age <= workerStaleAfterMs() ? 'ok' : 'failed';
    if (checks.worker === 'failed') reasons.push(`outbox worker: no heartbeat for ${Math.round(age / 1000)} s`);
  }
  return { ready: reasons.length === 0, checks, reasons };
}
