/**
 * The outbox worker: claims due messages, hands each to the handlers registered for its topic that
 * have not delivered it yet, and records the outcome.
 *
 * - Claim: one UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) sets claimed_at/claimed_by, so
 *   two workers on PostgreSQL never claim the same message (on PGlite, a single connection, SKIP LOCKED
 *   changes nothing). The claim is a lease: if the worker dies before it finishes, the message is due
 *   again once claimed_at + leaseSeconds has passed.
 * - Delivery: each handler runs outside any transaction; when it succeeds its outbox_deliveries row is
 *   marked delivered in a transaction of its own, so a later attempt skips it. A crash after the
 *   handler succeeded but before that row is written hands the message to the handler once more: the
 *   message's deliveryKey lets the handler recognise it (at-least-once, idempotent by key).
 * - Outcome: every handler delivered → the message is delivered. Any failure → attempts + 1, last
 *   error kept, next attempt after backoffDelayMs(attempts); after maxAttempts it is dead until an
 *   administrator retries it (POST /api/admin/outbox/{id}/retry).
 * - A topic with no registered handler is never claimed: its messages stay pending (not dead), to be
 *   delivered once a handler for it exists.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { nextAttemptAt } from './backoff.ts';
import { outboxHandlers, type OutboxMessage, type OutboxRegistry } from './registry.ts';
import { runDueJobs } from './jobs.ts';
import { outboxDeliveries, outboxDeliveryFailures } from '../observability/metrics.ts';

export interface OutboxRunOptions {
  /** The worker's clock reading for this run (default ctx.clock()). */
  now?: Date;
  /** Most messages claimed per run. */
  batch?: number;
  registry?: OutboxRegistry;
  /** Failed attempts after which a message is dead. */
  maxAttempts?: number;
  /** How long a claim holds before another worker may take the message. */
  leaseSeconds?: number;
  /** Who claims (kept in claimed_by, for the operator); default one id per process. */
  workerId?: string;
}

export const OUTBOX_DEFAULTS = { batch: 20, maxAttempts: 8, leaseSeconds: 300 };
const PROCESS_WORKER_ID = `${process.pid}-${randomBytes(4).toString('hex')}`;
/** Errors are kept short: a handler's message may quote an outside system at length. */
const MAX_ERROR_CHARS = 1000;

export interface OutboxRunResult {
  claimed: number;
  delivered: number;
  failed: number;
  dead: number;
}

interface ClaimedRow {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  created_at: Date;
  attempts: number;
}

export async function runOutboxOnce(ctx: AppContext, options: OutboxRunOptions = {}): Promise<OutboxRunResult> {
  const registry = options.registry ?? outboxHandlers;
  const now = options.now ?? ctx.clock();
  const maxAttempts = options.maxAttempts ?? OUTBOX_DEFAULTS.maxAttempts;
  const result: OutboxRunResult = { claimed: 0, delivered: 0, failed: 0, dead: 0 };
  const claimed = await claimDue(ctx, registry.topics(), now, options);
  result.claimed = claimed.length;
  for (const row of claimed) {
    const outcome = await deliver(ctx, registry, row, now, maxAttempts);
    result[outcome]++;
  }
  return result;
}

async function claimDue(ctx: AppContext, topics: string[], now: Date, options: OutboxRunOptions): Promise<ClaimedRow[]> {
  if (topics.length === 0) return [];
  const leaseSeconds = options.leaseSeconds ?? OUTBOX_DEFAULTS.leaseSeconds;
  const leaseExpired = new Date(now.getTime() - leaseSeconds * 1000);
  const batch = options.batch ?? OUTBOX_DEFAULTS.batch;
  const workerId = options.workerId ?? PROCESS_WORKER_ID;
  const { rows } = await sql<ClaimedRow>`
    UPDATE outbox SET claimed_at = ${now}, claimed_by = ${workerId}
    WHERE id IN (
      SELECT id FROM outbox
      WHERE status = 'pending'
        AND topic IN (${sql.join(topics)})
        AND (next_attempt_at IS NULL OR next_attempt_at <= ${now})
        AND (claimed_at IS NULL OR claimed_at <= ${leaseExpired})
      ORDER BY id
      LIMIT ${batch}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id::text AS id, topic, payload, created_at, attempts`.execute(ctx.db);
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

async function deliver(ctx: AppContext, registry: OutboxRegistry, row: ClaimedRow, now: Date, maxAttempts: number): Promise<'delivered' | 'failed' | 'dead'> {
  const done = new Set(
    (await ctx.db.selectFrom('outbox_deliveries').select('handler').where('message_id', '=', row.id).where('delivered_at', 'is not', null).execute()).map((r) => r.handler),
  );
  let lastError: string | null = null;
  for (const [name, handler] of registry.handlers(row.topic)) {
    if (done.has(name)) continue;
    const message: OutboxMessage = { id: row.id, topic: row.topic, payload: row.payload, createdAt: row.created_at, deliveryKey: `${row.id}:${name}` };
    try {
      await handler(message, ctx);
      await recordHandler(ctx, row.id, name, now, null);
      outboxDeliveries.inc({ handler: name });
    } catch (e) {
      outboxDeliveryFailures.inc({ handler: name });
      lastError = `${name}: ${errorText(e)}`.slice(0, MAX_ERROR_CHARS);
      await recordHandler(ctx, row.id, name, null, lastError);
    }
  }
  if (lastError === null) {
    await ctx.db
      .updateTable('outbox')
      .set({ status: 'delivered', delivered_at: now, claimed_at: null, claimed_by: null, next_attempt_at: null })
      .where('id', '=', row.id)
      .execute();
    return 'delivered';
  }
  const attempts = row.attempts + 1;
  const dead = attempts >= maxAttempts;
  await ctx.db
    .updateTable('outbox')
    .set({
      attempts,
      last_error: lastError,
      claimed_at: null,
      claimed_by: null,
      status: dead ? 'dead' : 'pending',
      dead_at: dead ? now : null,
      next_attempt_at: dead ? null : nextAttemptAt(now, attempts),
    })
    .where('id', '=', row.id)
    .execute();
  return dead ? 'dead' : 'failed';
}

/** One handler's outcome on one message, in its own transaction (an upsert on the unique pair). */
async function recordHandler(ctx: AppContext, messageId: string, handler: string, deliveredAt: Date | null, error: string | null): Promise<void> {
  await ctx.db.transaction().execute((trx) =>
    trx
      .insertInto('outbox_deliveries')
      .values({ message_id: messageId, handler, delivered_at: deliveredAt, attempts: 1, last_error: error })
      .onConflict((oc) =>
        oc.columns(['message_id', 'handler']).doUpdateSet((eb) => ({
          delivered_at: eb.ref('excluded.delivered_at'),
          attempts: sql<number>`outbox_deliveries.attempts + 1`,
          last_error: eb.ref('excluded.last_error'),
        })),
      )
      .execute(),
  );
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message || e.name : String(e);
}

/**
 * The loop's heartbeat in this process (GET /api/ready): when the loop was started, its interval and the
 * last time (wall clock, not ctx.clock: tests move that one) it began or finished a run. A loop stuck in
 * a run never beats, and the process stops being ready once the beat is older than the allowed age.
 */
export const workerHeartbeat: { running: boolean; intervalMs: number; lastBeatAt: number | null } = { running: false, intervalMs: 0, lastBeatAt: null };

/**
 * The in-process loop of the embedded default (src/main.ts): one run every intervalMs (outbox messages,
 * then due periodic jobs), never two at once; a failed run is logged and the loop goes on. The timer is unref'd: it never keeps the process
 * alive. Returns stop(), which waits for a run in progress.
 */
export function startOutboxLoop(
  ctx: AppContext,
  options: OutboxRunOptions & { intervalMs: number; onError: (e: unknown) => void; onRun?: (r: OutboxRunResult) => void },
): { stop: () => Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  workerHeartbeat.running = true;
  workerHeartbeat.intervalMs = options.intervalMs;
  workerHeartbeat.lastBeatAt = Date.now();
  const tick = () => {
    if (running || stopped) return;
    workerHeartbeat.lastBeatAt = Date.now();
    // Due periodic jobs (jobs.ts) run after the messages, in the same loop: one mechanism, one timer.
    running = runOutboxOnce(ctx, { ...options, now: undefined })
      .then(async (r) => {
        options.onRun?.(r);
        await runDueJobs(ctx, { workerId: options.workerId });
      })
      .catch((e) => options.onError(e))
      .finally(() => {
        running = null;
        workerHeartbeat.lastBeatAt = Date.now();
      });
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      workerHeartbeat.running = false;
      clearInterval(timer);
      await running;
    },
  };
}
