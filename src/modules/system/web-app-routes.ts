/**
 * The web app built by Vite into dist/web (`npm run build:web`, run by `npm start` and `npm test`):
 * one index.html for every page of the portal, the desk, the administration and the managers' dashboard,
 * and the hashed assets, cached for a year since their names change with their content.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import { errors } from '../../kernel/errors.ts';

export const WEB_DIR = process.env.MOTCUA_WEB_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '../../../dist/web');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const NOT_BUILT = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>motcua</title></head><body>
<h1>Giao diện web chưa được build</h1><p>Chạy <code>npm run build:web</code> (hoặc <code>npm start</code>, lệnh này tự build) rồi tải lại trang.</p>
<p lang="en">The web app is not built: run <code>npm run build:web</code> (or <code>npm start</code>, which builds it) and reload.</p></body></html>`;

/** index.html, read once: it changes only with a build, and a build comes with a restart. */
let indexHtml: Buffer | null = null;
async function readIndex(): Promise<Buffer | null> {
  if (!indexHtml) {
    const path = join(WEB_DIR, 'index.html');
    if (!existsSync(path)) return null; // not built yet: asked again next time
    indexHtml = await readFile(path);
  }
  return indexHtml;
}

const Code = z.strictObject({ code: z.string().min(1).max(80) });

/** Pages of the single-page app; each answers the same index.html and the app routes in the browser. */
const PAGES: Array<[string, string, z.ZodType | undefined]> = [
  ['/', 'Portal: search the catalogue of procedures', undefined],
  ['/dang-nhap', 'Log in', undefined],
  ['/dang-ky', 'Register a citizen account', undefined],
  ['/tai-khoan', 'Account: password change and sessions', undefined],
  ['/dat-lai-mat-khau', 'Set a new password with a reset link (?token=)', undefined],
  ['/tra-cuu', 'Look up a dossier by code and lookup code (no login)', undefined],
  ['/khao-sat/:token', 'Answer a SIPAS satisfaction survey from a one-time link (no login)', z.strictObject({ token: z.string().min(1).max(64) })],
  ['/thu-tuc/:code', 'A procedure: components, fees, duration, where to submit', Code],
  ['/nop-ho-so/:code', 'Apply online (drafts resume with ?nhap=)', Code],
  ['/ca-nhan', "A citizen's dossiers and drafts", undefined],
  ['/ca-nhan/ho-so/:code', "A citizen's dossier: receipt, timeline, supplement, withdraw, rating", Code],
  ['/kho-du-lieu', "A citizen's data store (kho dữ liệu): their results and digitised documents, download, remove", undefined],
  ['/thanh-toan/ket-qua', "The payment gateway's return: the result shown (verified), with the e-receipt link", undefined],
  ['/mot-cua', 'Desk: queues by status', undefined],
  ['/mot-cua/ho-so/:code', 'Desk: one dossier with the actions allowed now', Code],
  ['/mot-cua/tiep-nhan', 'Desk: walk-in reception at the counter (reception only)', undefined],
  ['/mot-cua/tai-khoan', 'Desk: help a citizen with their account (reset link, ID number binding)', undefined],
  ['/mot-cua/bien-nhan/:code', 'Desk: print view of the receipt', Code],
  ['/phan-anh', 'Send feedback (PAKN): signed in, or anonymous with a one-time code', undefined],
  ['/phan-anh/:code', 'Follow one feedback item (signed in, or with the secret link #bi-mat=): answer, rating, reopening', Code],
  ['/hoi-dap', 'Published answers to feedback, searched without accents', undefined],
  ['/thong-bao', 'My notifications (the bell): read, mark read, preferences', undefined],
  ['/mot-cua/phan-anh', "Desk: the unit's feedback with status and deadline filters", undefined],
  ['/mot-cua/phan-anh/tiep-nhan', 'Desk: record feedback at the counter', undefined],
  ['/mot-cua/phan-anh/:code', 'Desk: one feedback item with its log and the actions allowed now', Code],
  ['/quan-tri', 'Administration', undefined],
  ['/quan-ly', "Managers' dashboard: figures of a unit subtree for a period, drill-down unit → procedure → dossiers, trends, late and due-soon lists, XLSX/CSV export", undefined],
  ['/quan-ly/ke-hoach', 'The administrative-reform plan of a year: targets with value, gap and light, tasks late first, inspections, periodic report (officers)', undefined],
  ['/quan-ly/khao-sat', 'SIPAS satisfaction surveys: rounds (create, compare) (manager, administrator)', undefined],
  ['/quan-ly/khao-sat/phieu', 'SIPAS questionnaires: versions, copy, edit as JSON (manager, administrator)', undefined],
  ['/quan-ly/khao-sat/dot/:id', 'A survey round: sample, export, close, results', z.strictObject({ id: z.string().min(1).max(64) })],
  ['/chi-so-cchc', 'PAR Index: the assessments an officer may see, opening their unit’s self-assessment', undefined],
  ['/chi-so-cchc/ket-qua', 'PAR Index: published results of a year and group, ranked, with XLSX and PDF (no login)', undefined],
  ['/chi-so-cchc/danh-gia/:id', 'PAR Index: one assessment — self-assessment, appraisal, publication, corrections', z.strictObject({ id: z.string().min(1).max(64) })],
  ['/quan-tri/:section', 'Administration: organisations, users, procedures, calendar, audit log, notification templates, catalogue import, reorganisation of units', z.strictObject({ section: z.enum(['co-quan', 'nguoi-dung', 'thu-tuc', 'lich', 'nhat-ky', 'mau-thong-bao', 'nhap-danh-muc', 'sap-xep-don-vi']) })],
];

export const webAppRoutes = [
  ...PAGES.map(([url, summary, params]) =>
    defineRoute({
      method: 'GET',
      url,
      summary,
      tag: 'pages',
      access: 'public',
      ...(params ? { params } : {}),
      success: { status: 200, description: 'HTML (the web app)', contentType: 'text/html' },
      handler: async ({ reply }) => {
        const index = await readIndex();
        reply.header('cache-control', 'no-cache');
        if (!index) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
        return reply.type('text/html; charset=utf-8').send(index);
      },
    }),
  ),
  defineRoute({
    method: 'GET',
    url: '/assets/:file',
    summary: 'Built JavaScript and CSS of the web app (content-hashed names, cached for a year)',
    tag: 'pages',
    access: 'public',
    params: z.strictObject({ file: z.string().regex(/^[A-Za-z0-9_.-]{1,120}$/).refine((f) => !f.startsWith('.'), 'no hidden files') }),
    success: { status: 200, description: 'A file', contentType: 'text/javascript' },
    handler: async ({ params, reply }) => {
      const type = TYPES[extname(params.file)];
      const path = join(WEB_DIR, 'assets', params.file);
      if (!type || !existsSync(path)) throw errors.notFound('file', params.file);
      reply.header('cache-control', 'public, max-age=31536000, immutable');
      return reply.type(type).send(await readFile(path));
    },
  }),
];
