import { pingDatabase } from '../../platform/db/db.ts';
import { defineRoute, type AnyRoute } from '../../platform/http/route.ts';
import { buildOpenApi } from '../../platform/http/openapi.ts';
import { DOCS_HTML, DOCS_JS } from './pages.ts';
import { pageRoute } from '../../platform/http/page-route.ts';
import { Health, OpenApiDocument } from './contracts.ts';

export const VERSION = '0.1.0';

export function systemRoutes(all: () => AnyRoute[]): AnyRoute[] {
  let openapi: unknown;
  return [
    defineRoute({
      method: 'GET',
      url: '/api/health',
      summary: 'Liveness and database check',
      tag: 'system',
      access: 'public',
      response: Health,
      handler: async ({ ctx }) => {
        await pingDatabase(ctx.db);
        const h = ctx.demoHistory;
        const demoHistory = h ? { ...h, percent: h.total > 0 ? Math.floor((100 * h.done) / h.total) : 100 } : undefined;
        return { status: 'ok', version: VERSION, time: ctx.clock().toISOString(), ...(demoHistory ? { demoHistory } : {}) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/openapi.json',
      summary: 'This API as OpenAPI 3.1',
      tag: 'system',
      access: 'public',
      response: OpenApiDocument,
      handler: async ({ ctx }) => (openapi ??= buildOpenApi(all(), VERSION, ctx.config.publicUrl)),
    }),
    defineRoute({
      method: 'GET',
      url: '/favicon.ico',
      summary: 'No icon yet (answers 204 so browsers do not log an error)',
      tag: 'pages',
      access: 'public',
      success: { status: 204, description: 'No content' },
      handler: async ({ reply }) => reply.code(204).send(),
    }),
    pageRoute({ method: 'GET', url: '/api/docs', summary: 'Human-readable API documentation', tag: 'system', type: 'text/html', body: DOCS_HTML }),
    pageRoute({ method: 'GET', url: '/api/docs.js', summary: 'Script of the documentation page', tag: 'system', type: 'text/javascript', body: DOCS_JS }),
  ];
}
