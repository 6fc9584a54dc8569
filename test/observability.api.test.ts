/**
 * Issue 19, observability: GET /metrics (protected, parsed with a Prometheus text parser), the outbox
 * backlog rising and falling with a failing handler, GET /api/ready (503 on a stale worker heartbeat and
 * on a missing migration), and the request id carried into the dossier action, the audit entry and the
 * outbox message. Both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import parsePrometheusTextFormat, { type PromFamily } from 'parse-prometheus-text-format';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';
import { outboxHandlers, runOutboxOnce, workerHeartbeat } from '../src/platform/outbox/index.ts';
import { metricsAccessFrom } from '../src/modules/operations/metrics-access.ts';
import { migrationFiles } from '../src/platform/db/migrate.ts';
import { sql } from 'kysely';

const TOKEN = 'metrics-token-for-tests-0123456789';
let topicSeq = 0;

describe.each(BACKENDS)('observability (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend, { metricsAccess: metricsAccessFrom({ MOTCUA_METRICS_TOKEN: TOKEN }) });
  });
  afterAll(() => t?.close());

  const scrapeText = async (): Promise<string> => {
    const r = await t.call('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toMatch(/^text\/plain; version=0\.0\.4/);
    return String(r.body);
  };
  const scrape = async (): Promise<PromFamily[]> => parsePrometheusTextFormat(await scrapeText());
  const family = (all: PromFamily[], name: string) => all.find((f) => f.name === name);
  const gauge = (all: PromFamily[], name: string, labels: Record<string, string>) =>
    Number(family(all, name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value ?? NaN);

  it('counts requests by route pattern and status class, and reports the pool, dossiers by status and process figures', async () => {
    const submitted = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(await t.upload('citizen', PDF)) });
    expect(submitted.status).toBe(201);
    expect((await t.call('GET', `/api/dossiers/${submitted.body.code}`, { as: 'citizen' })).status).toBe(200);
    expect((await t.call('GET', '/api/dossiers/does-not-exist', { as: 'citizen' })).status).toBe(404);
    const text = await scrapeText();
    const all = parsePrometheusTextFormat(text);
    const requests = family(all, 'motcua_http_requests_total')!;
    expect(requests.type).toBe('COUNTER');
    const routes = requests.metrics.map((m) => `${m.labels?.method} ${m.labels?.route} ${m.labels?.status}`);
    expect(routes).toContain('GET /api/dossiers/:code 2xx');
    expect(routes).toContain('GET /api/dossiers/:code 4xx');
    expect(routes.some((r) => r.includes(submitted.body.code))).toBe(false);
    const latency = family(all, 'motcua_http_request_duration_seconds')!;
    expect(latency.type).toBe('HISTOGRAM');
    expect(latency.metrics.length).toBeGreaterThan(0);
    // The parser keeps a labelled histogram's buckets only; its per-route count is read from the text.
    const count = /^motcua_http_request_duration_seconds_count\{method="POST",route="\/api\/dossiers",status="2xx"\} (\d+)$/m.exec(text)?.[1];
    expect(Number(count)).toBeGreaterThanOrEqual(1);
    expect(gauge(all, 'motcua_dossiers', { status: submitted.body.status })).toBeGreaterThanOrEqual(1);
    expect(gauge(all, 'motcua_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(family(all, 'motcua_process_cpu_user_seconds_total')).toBeDefined();
  });

  it('the outbox backlog by handler rises with a failing handler and falls once it is fixed; failures are counted', async () => {
    const topic = `test.metrics-${backend}-${++topicSeq}`;
    const handler = `metrics-test-${backend}-${topicSeq}`;
    let broken = true;
    outboxHandlers.register(topic, handler, async () => {
      if (broken) throw new Error('the outside system is down');
    });
    const failuresBefore = gauge(await scrape(), 'motcua_outbox_delivery_failures_total', { handler });
    await t.ctx.db.insertInto('outbox').values({ topic, payload: JSON.stringify({ n: 1 }), created_at: t.clock.now }).execute();
    await t.ctx.db.insertInto('outbox').values({ topic, payload: JSON.stringify({ n: 2 }), created_at: t.clock.now }).execute();
    await new Promise((r) => setTimeout(r, 5_100)); // past the gauge's cache
    let all = await scrape();
    expect(gauge(all, 'motcua_outbox_backlog', { handler, state: 'pending' })).toBe(2);
    expect(gauge(all, 'motcua_outbox_backlog', { handler, state: 'failed' })).toBe(0);
    await runOutboxOnce(t.ctx, { now: t.clock.now });
    await new Promise((r) => setTimeout(r, 5_100));
    all = await scrape();
    expect(gauge(all, 'motcua_outbox_backlog', { handler, state: 'pending' })).toBe(2);
    expect(gauge(all, 'motcua_outbox_backlog', { handler, state: 'failed' })).toBe(2);
    expect(gauge(all, 'motcua_outbox_delivery_failures_total', { handler }) - (Number.isNaN(failuresBefore) ? 0 : failuresBefore)).toBe(2);
    broken = false;
    // Past the backoff of a first failure.
    await runOutboxOnce(t.ctx, { now: new Date(t.clock.now.getTime() + 3_600_000) });
    await new Promise((r) => setTimeout(r, 5_100));
    all = await scrape();
    expect(gauge(all, 'motcua_outbox_backlog', { handler, state: 'pending' })).toBe(0);
    expect(gauge(all, 'motcua_outbox_backlog', { handler, state: 'failed' })).toBe(0);
    expect(gauge(all, 'motcua_outbox_deliveries_total', { handler })).toBe(2);
  }, 30_000);

  it('GET /api/ready is 200 when ready, 503 problem+json naming a stale worker heartbeat or a missing migration; /api/health stays alive', async () => {
    const ok = await t.call('GET', '/api/ready');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', worker: 'not-run-here' } });
    const saved = { ...workerHeartbeat };
    Object.assign(workerHeartbeat, { running: true, intervalMs: 1000, lastBeatAt: Date.now() });
    try {
      expect((await t.call('GET', '/api/ready')).body.checks.worker).toBe('ok');
      workerHeartbeat.lastBeatAt = Date.now() - 10 * 60_000;
      const stale = await t.call('GET', '/api/ready');
      expect(stale.status).toBe(503);
      expect(String(stale.headers['content-type'])).toContain('application/problem+json');
      expect(stale.body).toMatchObject({ code: 'not-ready', checks: { worker: 'failed', database: 'ok', migrations: 'ok' } });
      expect(stale.body.detail).toMatch(/outbox worker: no heartbeat for 6\d\d s/);
      // The answer is in the API's description, so a load balancer's operator finds it there.
      const doc = (await t.call('GET', '/api/openapi.json')).body;
      expect(Object.keys(doc.paths['/api/ready'].get.responses)).toContain('503');
      expect((await t.call('GET', '/api/health')).status).toBe(200);
    } finally {
      Object.assign(workerHeartbeat, saved);
    }
    const last = migrationFiles().at(-1)!;
    await sql`DELETE FROM schema_migrations WHERE version = ${last}`.execute(t.ctx.db);
    try {
      const behind = await t.call('GET', '/api/ready', { headers: { 'accept-language': 'en' } });
      expect(behind.status).toBe(503);
      expect(behind.body.checks.migrations).toBe('failed');
      expect(behind.body.detail).toContain(`migrations not applied: ${last}`);
    } finally {
      await sql`INSERT INTO schema_migrations (version) VALUES (${last})`.execute(t.ctx.db);
    }
    expect((await t.call('GET', '/api/ready')).status).toBe(200);
  });

  it('takes a well-formed x-request-id (else makes one), echoes it, and stores it with the dossier action and the outbox messages the request wrote', async () => {
    const requestId = `trace-${backend}-0001-abcdef`;
    const submitted = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(await t.upload('citizen', PDF)), headers: { 'x-request-id': requestId } });
    expect(submitted.status).toBe(201);
    expect(submitted.headers['x-request-id']).toBe(requestId);
    const action = await t.ctx.db.selectFrom('dossier_actions').select(['request_id']).where('dossier_id', '=', submitted.body.id).where('seq', '=', 1).executeTakeFirstOrThrow();
    expect(action.request_id).toBe(requestId);
    const messages = await t.ctx.db.selectFrom('outbox').select(['topic', 'request_id']).where('request_id', '=', requestId).execute();
    expect(messages.map((m) => m.topic)).toContain('dossier.submitted');
    // A module's own outbox insert (not the dossier write path) is stamped too: the feedback OTP.
    const otpRequest = 'trace-otp-request-0002';
    const otp = await t.call('POST', '/api/feedback/otp', { body: { channel: 'email', contact: 'nguoi.dan@example.vn' }, headers: { 'x-request-id': otpRequest } });
    expect(otp.status).toBe(201);
    const stamped = await t.ctx.db.selectFrom('outbox').select('topic').where('request_id', '=', otpRequest).execute();
    expect(stamped.map((m) => m.topic)).toEqual(['feedback.otp']);
    // Hostile or malformed ids are replaced by a fresh one.
    const bad = await t.call('GET', '/api/health', { headers: { 'x-request-id': 'bad id\r\nx: y' } });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const none = await t.call('GET', '/api/health');
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses /metrics without the token (401) and from an address outside the allowed networks (403), as problem+json', async () => {
    const none = await t.call('GET', '/metrics');
    expect(none.status).toBe(401);
    expect(String(none.headers['content-type'])).toContain('application/problem+json');
    expect(none.body.code).toBe('metrics-token-required');
    expect((await t.call('GET', '/metrics', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const original = t.ctx.config.metricsAccess;
    t.ctx.config.metricsAccess = metricsAccessFrom({ MOTCUA_METRICS_ALLOW: '10.0.0.0/8' });
    try {
      const far = await t.call('GET', '/metrics');
      expect(far.status).toBe(403);
      expect(far.body.code).toBe('metrics-network-refused');
      // The default, with neither setting: loopback only (inject comes from 127.0.0.1).
      t.ctx.config.metricsAccess = metricsAccessFrom({});
      expect((await t.call('GET', '/metrics')).status).toBe(200);
    } finally {
      t.ctx.config.metricsAccess = original;
    }
  });
});
