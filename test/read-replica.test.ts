/**
 * Read replica (issue 19): a real PostgreSQL streaming replica (test/pg-replica.ts: pg_basebackup -R from
 * the running primary, on a free port) serves the dashboard's KPI route; a dossier submitted on the
 * primary appears there, and while the replica's replay is paused the replica's figure stays behind —
 * proof that the route reads the replica — and says how far behind it is.
 * Skipped, with the reason printed, where PostgreSQL or its cluster programs are absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { householdBusinessRequest, PDF, startTestApp, type TestApp } from './helpers.ts';
import { replicaUnavailable, startReplica, type ReplicaCluster } from './pg-replica.ts';
import { databaseSource, openDatabase, type DatabaseHandle } from '../src/platform/db/db.ts';
import { buildApp } from '../src/app.ts';

const PG_URL = process.env.MOTCUA_TEST_DATABASE_URL;
const unavailable = replicaUnavailable(PG_URL);
if (unavailable) console.warn(`read-replica test skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)('read replica (DATABASE_READ_URL) on a real streaming replica', () => {
  let t: TestApp;
  let replica: ReplicaCluster;
  let read: DatabaseHandle;
  let replicaApp: FastifyInstance;

  beforeAll(async () => {
    t = await startTestApp('postgres');
    replica = await startReplica(PG_URL!);
    const { schema } = databaseSource(t.handle.db) as { schema: string };
    read = await openDatabase({ databaseUrl: replica.url, schema, replica: true, poolSize: 4 });
    replicaApp = await buildApp({ ...t.ctx, readDb: read.db }, {});
  }, 240_000);
  afterAll(async () => {
    await replicaApp?.close();
    await read?.close();
    await replica?.stop();
    await t?.close();
  });

  const kpiOn = async (app: FastifyInstance) => {
    const res = await app.inject({ method: 'GET', url: '/api/stats/kpis?org=phuong-sai-gon', headers: { authorization: `Bearer ${await t.token('leader')}` } });
    expect(res.statusCode).toBe(200);
    return res.json() as { total: { received: number }; replicaLagSeconds?: number | null };
  };
  const submit = async () => {
    const r = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(await t.upload('citizen', PDF)) });
    expect(r.status).toBe(201);
  };
  const eventually = async (check: () => Promise<boolean>, ms = 30_000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('the replica did not catch up');
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('shows on the replica a figure written on the primary, and how stale it is', { timeout: 120_000 }, async () => {
    const primaryBefore = await kpiOn(t.app);
    expect(primaryBefore.replicaLagSeconds).toBeUndefined(); // read from the primary: nothing to say
    await eventually(async () => (await kpiOn(replicaApp)).total.received === primaryBefore.total.received);

    await submit();
    const received = primaryBefore.total.received + 1;
    expect((await kpiOn(t.app)).total.received).toBe(received);
    await eventually(async () => (await kpiOn(replicaApp)).total.received === received);
    const caughtUp = await kpiOn(replicaApp);
    expect(caughtUp.replicaLagSeconds).toBe(0);

    // Replay paused: the primary moves on, the replica's dashboard does not — and says it is behind.
    await replica.superuser('SELECT pg_wal_replay_pause()');
    try {
      await submit();
      await new Promise((r) => setTimeout(r, 1500));
      expect((await kpiOn(t.app)).total.received).toBe(received + 1);
      const behind = await kpiOn(replicaApp);
      expect(behind.total.received).toBe(received);
      expect(behind.replicaLagSeconds).toBeGreaterThan(1);
    } finally {
      await replica.superuser('SELECT pg_wal_replay_resume()');
    }
    await eventually(async () => (await kpiOn(replicaApp)).total.received === received + 1);
  });
});
