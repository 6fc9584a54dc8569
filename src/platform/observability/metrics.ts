/**
 * Prometheus metrics (prom-client), the platform's part: the registry of this process and the metrics
 * recorded where things happen (HTTP requests, outbox deliveries, periodic jobs). Figures read from the
 * database (backlog, dossiers by status, late and due-soon counts) are gauges collected on scrape by
 * src/modules/operations/metrics.ts, per app.
 *
 * Why one process registry and not prom-client's global one: tests build many apps in one process, and
 * a metric may be registered once per registry. Per-process counters live here; each app adds its own
 * registry of database gauges, merged at scrape (appRegistry).
 *
 * With several processes (node:cluster, src/cluster.ts) every process counts its own requests; GET
 * /metrics then answers the sum over the processes (prom-client's AggregatorRegistry, asked through
 * the primary), database gauges taken once ('max': every process reads the same database).
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'motcua_' });

export const httpRequests = new Counter({
  name: 'motcua_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern (never the raw URL) and status class (2xx, 4xx …).',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [processRegistry],
});

export const httpDuration = new Histogram({
  name: 'motcua_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method, route pattern and status class.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [processRegistry],
});

export const outboxDeliveryFailures = new Counter({
  name: 'motcua_outbox_delivery_failures_total',
  help: 'Failed deliveries of an outbox message to a handler (each failed attempt counts once).',
  labelNames: ['handler'] as const,
  registers: [processRegistry],
});

export const outboxDeliveries = new Counter({
  name: 'motcua_outbox_deliveries_total',
  help: 'Successful deliveries of an outbox message to a handler.',
  labelNames: ['handler'] as const,
  registers: [processRegistry],
});

export const jobRunDuration = new Histogram({
  name: 'motcua_job_run_duration_seconds',
  help: 'Run time of a periodic job (src/platform/outbox/jobs.ts), by job and outcome (ok, failed).',
  labelNames: ['job', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
  registers: [processRegistry],
});

/** The label of a status code: 2xx, 3xx, 4xx, 5xx (bounded: never the code's 60 values). */
export const statusClass = (code: number): string => `${Math.floor(code / 100)}xx`;

/** This process's metrics and an app's own registry, as one text (the single-process answer of /metrics). */
export async function metricsText(appRegistry: Registry): Promise<string> {
  return Registry.merge([processRegistry, appRegistry]).metrics();
}

export const METRICS_CONTENT_TYPE = processRegistry.contentType;
