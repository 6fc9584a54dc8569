/**
 * The figures of GET /metrics that are read from the database, as prom-client gauges collected on
 * scrape (collect()), each group cached a few seconds so that a scrape every few seconds from several
 * Prometheus servers costs one round of queries. One registry per database (tests build many apps).
 *
 * Cardinality: labels are bounded sets — handler names, topics, dossier statuses, and the top-level
 * units (the children of the city: departments and communes, a few hundred at most), never a dossier,
 * a user or a raw URL.
 */
import cluster from 'node:cluster';
import { AggregatorRegistry, Gauge, Registry } from 'prom-client';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { poolUse, type Database } from '../../platform/db/db.ts';
import { outboxHandlers } from '../../platform/outbox/index.ts';
import { processRegistry } from '../../platform/observability/metrics.ts';
import { lateAtSql, openNowSql, standingIsSql } from '../dossiers/timeliness-sql.ts';
import { clockOfRow } from '../dossiers/lists.ts';

/** How long a database figure is reused; dossier counts scan an index, so they are kept longer. */
const OUTBOX_TTL_MS = 5_000;
const DOSSIER_TTL_MS = 15_000;
/** A working day never spans more than this many calendar days: only dossiers due before it can be due soon. */
const DUE_SOON_HORIZON_DAYS = 15;

function cached<T>(ttlMs: number, load: () => Promise<T>): () => Promise<T> {
  let hit: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = load();
    hit = { at: Date.now(), value };
    // A failed read is not kept: the next scrape tries again.
    value.catch(() => (hit = null));
    return value;
  };
}

interface OutboxFigures {
  byTopic: Array<{ topic: string; status: string; n: number }>;
  byHandler: Array<{ handler: string; state: 'pending' | 'failed' | 'dead'; n: number }>;
}

async function outboxFigures(db: Database): Promise<OutboxFigures> {
  // Both read only undelivered messages (the partial index outbox_pending): the delivered history is never scanned.
  const topics = await sql<{ topic: string; status: string; n: number }>`
    SELECT topic, status, count(*)::int AS n FROM outbox WHERE delivered_at IS NULL GROUP BY 1, 2`.execute(db);
  const handled = await sql<{ topic: string; status: string; handler: string; delivered: number; failed: number }>`
    SELECT o.topic, o.status, d.handler,
           (count(*) FILTER (WHERE d.delivered_at IS NOT NULL))::int AS delivered,
           (count(*) FILTER (WHERE d.delivered_at IS NULL))::int AS failed
    FROM outbox o JOIN outbox_deliveries d ON d.message_id = o.id
    WHERE o.delivered_at IS NULL
    GROUP BY 1, 2, 3`.execute(db);
  const count = (topic: string, status: string) => topics.rows.find((r) => r.topic === topic && r.status === status)?.n ?? 0;
  const per = (topic: string, status: string, handler: string) => handled.rows.find((r) => r.topic === topic && r.status === status && r.handler === handler);
  const totals = new Map<string, { pending: number; failed: number; dead: number }>();
  for (const topic of outboxHandlers.topics()) {
    for (const [handler] of outboxHandlers.handlers(topic)) {
      const t = totals.get(handler) ?? { pending: 0, failed: 0, dead: 0 };
      // Waiting for this handler: not yet delivered to it (a message another handler of the topic failed stays pending for all).
      t.pending += count(topic, 'pending') - (per(topic, 'pending', handler)?.delivered ?? 0);
      t.failed += per(topic, 'pending', handler)?.failed ?? 0;
      t.dead += count(topic, 'dead') - (per(topic, 'dead', handler)?.delivered ?? 0);
      totals.set(handler, t);
    }
  }
  const byHandler = [...totals].flatMap(([handler, t]) => (['pending', 'failed', 'dead'] as const).map((state) => ({ handler, state, n: t[state] })));
  return { byTopic: topics.rows, byHandler };
}

interface DossierFigures {
  byStatus: Array<{ status: string; n: number }>;
  byUnit: Map<string, { late: number; dueSoon: number }>;
}

async function dossierFigures(ctx: AppContext): Promise<DossierFigures> {
  const now = ctx.clock();
  const byStatus = await sql<{ status: string; n: number }>`SELECT status, count(*)::int AS n FROM dossiers GROUP BY 1`.execute(ctx.db);
  // Open now (the partial index dossiers_open_now), late by the domain's own rule (timeliness-sql.ts), per receiving unit.
  const late = await sql<{ org: string; n: number }>`
    SELECT d.receiving_org_id AS org, count(*)::int AS n FROM dossiers d
    WHERE ${openNowSql('d')} AND ${lateAtSql('d', now)} GROUP BY 1`.execute(ctx.db);
  // Due soon is counted in working time (the unit's calendar): the candidates due within the horizon, each clock read as the desk reads it.
  const candidates = await ctx.db
    .selectFrom('dossiers')
    .select(['dossiers.status', 'dossiers.accepted_at', 'dossiers.finished_at', 'dossiers.due_at', 'dossiers.paused_at', 'dossiers.forced_overdue', 'dossiers.receiving_org_id'])
    .where('dossiers.finished_at', 'is', null)
    .where('dossiers.due_at', '>=', now)
    .where('dossiers.due_at', '<', new Date(now.getTime() + DUE_SOON_HORIZON_DAYS * 86_400_000))
    .where(standingIsSql('dossiers', now, 'within'))
    .execute();
  const byUnit = new Map<string, { late: number; dueSoon: number }>();
  const unitOf = async (orgId: string) => {
    const lineage = await ctx.orgs.lineage(orgId);
    // The top-level unit: the city's child on the way down (the city itself for a dossier received by the city).
    return (lineage[1] ?? lineage[0])?.id ?? orgId;
  };
  const slot = async (orgId: string) => {
    const unit = await unitOf(orgId);
    const s = byUnit.get(unit) ?? { late: 0, dueSoon: 0 };
    byUnit.set(unit, s);
    return s;
  };
  for (const r of late.rows) (await slot(r.org)).late += r.n;
  for (const r of candidates) {
    if ((await clockOfRow(ctx, r, now)).clock === 'due_soon') (await slot(r.receiving_org_id)).dueSoon++;
  }
  return { byStatus: byStatus.rows, byUnit };
}

const registries = new WeakMap<Database, Registry>();

/** The database gauges of the app on this database, made on the first scrape. */
export function appRegistry(ctx: AppContext): Registry {
  let registry = registries.get(ctx.db);
  if (registry) return registry;
  registry = new Registry();
  registries.set(ctx.db, registry);
  const outbox = cached(OUTBOX_TTL_MS, () => outboxFigures(ctx.db));
  const dossiers = cached(DOSSIER_TTL_MS, () => dossierFigures(ctx));
  const db = ctx.db;
  new Gauge({
    name: 'motcua_db_pool_connections',
    help: 'Database connections of this process: total open, idle, and requests waiting for one (PGlite: one connection).',
    labelNames: ['state'] as const,
    registers: [registry],
    aggregator: 'sum',
    collect() {
      const p = poolUse(db);
      this.set({ state: 'total' }, p.total);
      this.set({ state: 'idle' }, p.idle);
      this.set({ state: 'waiting' }, p.waiting);
      this.set({ state: 'max' }, p.max);
    },
  });
  new Gauge({
    name: 'motcua_outbox_backlog',
    help: 'Outbox messages not yet delivered to a handler: pending (waiting, including failed ones), failed (its last attempt failed, a retry is due) and dead (gave up; an administrator retries).',
    labelNames: ['handler', 'state'] as const,
    registers: [registry],
    aggregator: 'max',
    async collect() {
      this.reset();
      for (const r of (await outbox()).byHandler) this.set({ handler: r.handler, state: r.state }, r.n);
    },
  });
  new Gauge({
    name: 'motcua_outbox_messages',
    help: 'Undelivered outbox messages by topic and status (pending, dead); a topic no handler serves stays pending.',
    labelNames: ['topic', 'status'] as const,
    registers: [registry],
    aggregator: 'max',
    async collect() {
      this.reset();
      for (const r of (await outbox()).byTopic) this.set({ topic: r.topic, status: r.status }, r.n);
    },
  });
  new Gauge({
    name: 'motcua_dossiers',
    help: 'Dossiers by status (all time).',
    labelNames: ['status'] as const,
    registers: [registry],
    aggregator: 'max',
    async collect() {
      this.reset();
      for (const r of (await dossiers()).byStatus) this.set({ status: r.status }, r.n);
    },
  });
  new Gauge({
    name: 'motcua_dossiers_open_clock',
    help: 'Open dossiers that are late or due soon (within one working day), by top-level receiving unit (organisation id).',
    labelNames: ['unit', 'clock'] as const,
    registers: [registry],
    aggregator: 'max',
    async collect() {
      this.reset();
      for (const [unit, s] of (await dossiers()).byUnit) {
        this.set({ unit, clock: 'late' }, s.late);
        this.set({ unit, clock: 'due_soon' }, s.dueSoon);
      }
    },
  });
  // In a cluster worker, the primary aggregates this process's registries with the others' (src/cluster.ts).
  if (cluster.isWorker) {
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([processRegistry, registry]);
  }
  return registry;
}
