import { z } from 'zod';
import { Period } from '../../kernel/contracts.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { catalogue, INDEX766_CAVEAT, monthsWithCounters, publicStats, toCsv } from './public-stats.ts';
import { dayNumberOf, isoDate } from '../calendar/domain/local-time.ts';
import { TRANSPARENCY_JS, transparencyHtml } from './pages.ts';
import { pageRoute } from '../../platform/http/page-route.ts';
import { OpenDataCatalogue, PublicStats } from './contracts.ts';
import { forReading } from '../../context.ts';

export const publicStatsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/public/stats',
    summary: 'Transparency: each organisation’s figures for a period (no login, aggregated only)',
    tag: 'public',
    access: 'public',
    response: PublicStats,
    query: z.strictObject({ period: Period.optional().describe('Defaults to this month') }),
    handler: async ({ query, ctx }) => {
      const period = query.period ?? isoDate(dayNumberOf(ctx.clock())).slice(0, 7);
      return { period, caveat: INDEX766_CAVEAT, items: await publicStats(forReading(ctx), period) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/open-data/kpis/:file',
    summary: 'Open data per period at a stable URL: /open-data/kpis/2026-11.csv or .json',
    tag: 'public',
    access: 'public',
    response: PublicStats,
    params: z.strictObject({ file: z.string().regex(/^\d{4}(-\d{2}|-Q[1-4])?\.(csv|json)$/, '2026-11.csv, 2026-Q4.json…') }),
    success: { status: 200, description: 'CSV or JSON', contentType: 'text/csv' },
    handler: async ({ params, ctx, reply }) => {
      const [period, ext] = params.file.split('.') as [string, 'csv' | 'json'];
      const rows = await publicStats(forReading(ctx), period);
      reply.header('cache-control', 'public, max-age=300');
      if (ext === 'json') return { period, caveat: INDEX766_CAVEAT, items: rows };
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
    response: OpenDataCatalogue,
    handler: async ({ ctx, reply }) => {
      reply.header('cache-control', 'public, max-age=300');
      return catalogue(ctx.config.publicUrl, await monthsWithCounters(forReading(ctx)));
    },
  }),
  pageRoute({ method: 'GET', url: '/minh-bach', summary: 'Public transparency page (HTML, no login; ?lang=en or Accept-Language for English)', tag: 'public', type: 'text/html', body: transparencyHtml }),
  pageRoute({ method: 'GET', url: '/minh-bach.js', summary: 'Script of the transparency page', tag: 'public', type: 'text/javascript', body: TRANSPARENCY_JS }),
];
