import { z } from 'zod';
import { Period } from '../../kernel/contracts.ts';
import { sql } from 'kysely';
import { defineRoute } from '../../platform/http/route.ts';
import { catalogue, publicStats, toCsv } from './public-stats.ts';
import { dayNumberOf, isoDate } from '../calendar/domain/local-time.ts';
import { TRANSPARENCY_HTML, TRANSPARENCY_JS } from './pages.ts';


export const publicStatsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/public/stats',
    summary: 'Transparency: each organisation’s figures for a period (no login, aggregated only)',
    tag: 'public',
    access: 'public',
    query: z.strictObject({ period: Period.optional().describe('Defaults to this month') }),
    handler: async ({ query, ctx }) => {
      const period = query.period ?? isoDate(dayNumberOf(ctx.clock())).slice(0, 7);
      return { period, items: await publicStats(ctx, period) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/open-data/kpis/:file',
    summary: 'Open data per period at a stable URL: /open-data/kpis/2026-11.csv or .json',
    tag: 'public',
    access: 'public',
    params: z.strictObject({ file: z.string().regex(/^\d{4}(-\d{2}|-Q[1-4])?\.(csv|json)$/, '2026-11.csv, 2026-Q4.json…') }),
    success: { status: 200, description: 'CSV or JSON', contentType: 'text/csv' },
    handler: async ({ params, ctx, reply }) => {
      const [period, ext] = params.file.split('.') as [string, 'csv' | 'json'];
      const rows = await publicStats(ctx, period);
      reply.header('cache-control', 'public, max-age=300');
      if (ext === 'json') return { period, items: rows };
      reply.header('content-disposition', `attachment; filename="motcua-kpis-${period}.csv"`);
      return reply.type('text/csv; charset=utf-8').send(toCsv(rows));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/open-data/catalog.json',
    summary: 'Machine-readable catalogue of the open data (DCAT-style JSON-LD)',
    tag: 'public',
    access: 'public',
    handler: async ({ ctx, reply }) => {
      // Every month that has counters, newest first.
      const months = await sql<{ m: string }>`SELECT DISTINCT to_char(day, 'YYYY-MM') AS m FROM stats_daily ORDER BY 1 DESC`.execute(ctx.db);
      reply.header('cache-control', 'public, max-age=300');
      return catalogue(ctx.config.publicUrl, months.rows.map((r) => r.m));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/minh-bach',
    summary: 'Public transparency page (HTML, no login)',
    tag: 'public',
    access: 'public',
    success: { status: 200, description: 'HTML', contentType: 'text/html' },
    handler: async ({ reply }) => reply.type('text/html; charset=utf-8').send(TRANSPARENCY_HTML),
  }),
  defineRoute({
    method: 'GET',
    url: '/minh-bach.js',
    summary: 'Script of the transparency page',
    tag: 'public',
    access: 'public',
    success: { status: 200, description: 'JavaScript', contentType: 'text/javascript' },
    handler: async ({ reply }) => reply.type('text/javascript; charset=utf-8').send(TRANSPARENCY_JS),
  }),
];
