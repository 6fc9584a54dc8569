/**
 * A small server-rendered page or its script, served as it is to anyone (API docs, /verify, /minh-bach).
 * One shape for all of them, so each module only names its page. A page written in both
 * languages gives `body` as a function of the language: `?lang=vi|en` chooses it, else Accept-Language,
 * else Vietnamese.
 */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from './route.ts';
import type { Lang } from './problem.ts';

export interface PageSpec<P> {
  method: 'GET';
  url: string;
  summary: string;
  tag: string;
  type: 'text/html' | 'text/javascript';
  body: string | ((lang: Lang) => string);
  params?: z.ZodType<P>;
}

const LangQuery = z.strictObject({ lang: z.enum(['vi', 'en']).optional().describe('The page’s language; default from Accept-Language, else Vietnamese') });

export function pageRoute<P>(page: PageSpec<P>): AnyRoute {
  const { body } = page;
  return defineRoute({
    method: page.method,
    url: page.url,
    summary: page.summary,
    tag: page.tag,
    access: 'public',
    params: page.params,
    ...(typeof body === 'function' ? { query: LangQuery } : {}),
    success: { status: 200, description: page.type === 'text/html' ? 'HTML' : 'JavaScript', contentType: page.type },
    handler: async ({ reply, query, lang }) => {
      reply.type(`${page.type}; charset=utf-8`);
      if (typeof body === 'string') return reply.send(body);
      const chosen: Lang = (query as z.infer<typeof LangQuery>).lang ?? lang;
      // Caches must keep the two languages apart.
      reply.header('vary', 'Accept-Language').header('content-language', chosen);
      return reply.send(body(chosen));
    },
  });
}
