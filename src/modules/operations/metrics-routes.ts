/** GET /metrics (Prometheus, for operators' scrapers) and GET /api/ready (for load balancers and process managers). */
import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import { problem } from '../../platform/http/problem.ts';
import { METRICS_CONTENT_TYPE, metricsText } from '../../platform/observability/metrics.ts';
import { askPrimaryForMetrics, inCluster } from '../../platform/observability/cluster-metrics.ts';
import { appRegistry } from './metrics.ts';
import { checkMetricsAccess, metricsAccessFrom, type MetricsAccess } from './metrics-access.ts';
import { readiness } from './readiness.ts';

let envAccess: MetricsAccess | null = null;

export const Ready = z.object({
  status: z.literal('ready'),
  checks: z.object({ database: z.literal('ok'), migrations: z.literal('ok'), worker: z.enum(['ok', 'not-run-here']) }),
});

export const metricsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/metrics',
    summary:
      'Prometheus metrics (operations, not a public API): requests by route, database pool, outbox backlog by handler, dossiers by status, late and due-soon by unit, job run times, process figures. Only from MOTCUA_METRICS_ALLOW addresses (default loopback) and with MOTCUA_METRICS_TOKEN as a Bearer token when one is set',
    tag: 'operations',
    access: 'public',
    success: { status: 200, description: 'Prometheus text format 0.0.4', contentType: 'text/plain' },
    problems: [401, 403],
    handler: async ({ ctx, request, reply, lang }) => {
      const access = ctx.config.metricsAccess ?? (envAccess ??= metricsAccessFrom(process.env));
      const verdict = checkMetricsAccess(access, request.ip, request.headers.authorization);
      if (verdict !== 'ok') {
        const body =
          verdict === 401
            ? problem(401, 'metrics-token-required', { vi: 'Cần mã truy cập số liệu vận hành (Bearer).', en: 'The metrics token is required (Bearer).' }, lang, undefined, '/metrics')
            : problem(403, 'metrics-network-refused', { vi: 'Địa chỉ này không được phép đọc số liệu vận hành.', en: 'This address may not read the metrics.' }, lang, undefined, '/metrics');
        if (verdict === 401) reply.header('www-authenticate', 'Bearer realm="metrics"');
        return reply.code(verdict).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
      }
      const registry = appRegistry(ctx);
      const text = inCluster() ? await askPrimaryForMetrics() : await metricsText(registry);
      return reply.type(METRICS_CONTENT_TYPE).header('cache-control', 'no-store').send(text);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/ready',
    summary:
      'Readiness: 200 when the database answers, every migration is applied and this process’s outbox loop (where it runs one) is alive; otherwise 503 problem+json naming what is not ready. Liveness is GET /api/health',
    tag: 'system',
    access: 'public',
    problems: [503],
    response: Ready,
    handler: async ({ ctx, reply, lang, request }) => {
      const r = await readiness(ctx);
      if (r.ready) return { status: 'ready' as const, checks: r.checks as z.infer<typeof Ready>['checks'] };
      request.log.warn({ checks: r.checks, reasons: r.reasons }, 'not ready');
      const body = { ...problem(503, 'not-ready', { vi: `Chưa sẵn sàng: ${r.reasons.join('; ')}`, en: `Not ready: ${r.reasons.join('; ')}` }, lang, undefined, '/api/ready'), checks: r.checks };
      return reply.code(503).header('retry-after', '5').type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
    },
  }),
];
