import { pingDatabase } from '../../platform/db/db.ts';
import { defineRoute, type AnyRoute } from '../../platform/http/route.ts';
import { buildOpenApi } from '../../platform/http/openapi.ts';
import { DOCS_HTML, DOCS_JS } from './pages.ts';

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
      handler: async ({ ctx }) => {
        await pingDatabase(ctx.db);
        return { status: 'ok', version: VERSION, time: ctx.clock().toISOString() };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/openapi.json',
      summary: 'This API as OpenAPI 3.1',
      tag: 'system',
      access: 'public',
      handler: async ({ ctx }) => (openapi ??= buildOpenApi(all(), VERSION, ctx.config.publicUrl)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/docs',
      summary: 'Human-readable API documentation',
      tag: 'system',
      access: 'public',
      success: { status: 200, description: 'HTML', contentType: 'text/html' },
      handler: async ({ reply }) => reply.type('text/html; charset=utf-8').send(DOCS_HTML),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/docs.js',
      summary: 'Script of the documentation page',
      tag: 'system',
      access: 'public',
      success: { status: 200, description: 'JavaScript', contentType: 'text/javascript' },
      handler: async ({ reply }) => reply.type('text/javascript; charset=utf-8').send(DOCS_JS),
    }),
  ];
}
