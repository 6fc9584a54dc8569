import { defineRoute } from '../../platform/http/route.ts';
import { DASHBOARD_HTML, DASHBOARD_JS } from '../measurement/pages.ts';

const page = (url: string, summary: string, body: string, type: 'text/html' | 'text/javascript') =>
  defineRoute({
    method: 'GET',
    url,
    summary,
    tag: 'pages',
    access: 'public',
    success: { status: 200, description: type === 'text/html' ? 'HTML' : 'JavaScript', contentType: type },
    handler: async ({ reply }) => reply.type(`${type}; charset=utf-8`).send(body),
  });

/** Server-served pages: the managers' dashboard (its data needs login; login is the web app's /dang-nhap). */
export const webPageRoutes = [
  defineRoute({
    method: 'GET',
    url: '/favicon.ico',
    summary: 'No icon yet (answers 204 so browsers do not log an error)',
    tag: 'pages',
    access: 'public',
    success: { status: 204, description: 'No content' },
    handler: async ({ reply }) => reply.code(204).send(),
  }),
  page('/quan-ly', 'Dashboard for managers: drill-down city → organisation → procedure → dossiers, trend, late dossiers', DASHBOARD_HTML, 'text/html'),
  page('/quan-ly.js', 'Script of the dashboard', DASHBOARD_JS, 'text/javascript'),
];
