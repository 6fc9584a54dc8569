/**
 * A small server-rendered page or its script, served as it is to anyone (API docs, /verify, /minh-bach).
 * One shape for all of them, so each module only names its page.
 */
import type { z } from 'zod';
import { defineRoute, type AnyRoute } from './route.ts';

export interface PageSpec<P> {
  method: 'GET';
  url: string;
  summary: string;
  tag: string;
  type: 'text/html' | 'text/javascript';
  body: string;
  params?: z.ZodType<P>;
}

export function pageRoute<P>(page: PageSpec<P>): AnyRoute {
  return defineRoute({
    method: page.method,
    url: page.url,
    summary: page.summary,
    tag: page.tag,
    access: 'public',
    params: page.params,
    success: { status: 200, description: page.type === 'text/html' ? 'HTML' : 'JavaScript', contentType: page.type },
    handler: async ({ reply }) => reply.type(`${page.type}; charset=utf-8`).send(page.body),
  });
}
