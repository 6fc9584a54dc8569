/** The catalogue import's routes (city-level administrators; see ./imports.ts). */
import { z } from 'zod';
import { defineRoute } from '../../../platform/http/route.ts';
import { CatalogueImportApplied, CatalogueImportView } from '../contracts.ts';
import { applyImport, catalogueTemplate, getImport, previewImport } from './imports.ts';
import { XLSX_TYPE } from './file.ts';

const ImportParams = z.strictObject({ id: z.string().min(1).max(64) });

export const catalogueImportRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/admin/catalogue/imports',
    summary: 'Upload an export of the national procedure database (JSON or XLSX, sent as bytes): a preview of the differences per procedure (new / changed field by field / unchanged) and the errors by row; nothing changes until it is applied (city-level administrator)',
    tag: 'admin',
    access: ['admin'],
    query: z.strictObject({ filename: z.string().max(200).optional().describe('The uploaded file’s name, kept with the import') }),
    rawBody: { contentTypes: [XLSX_TYPE, 'application/octet-stream'], description: 'The file: XLSX (sheets "TTHC" and "Thành phần hồ sơ") or JSON (sent as application/octet-stream)' },
    response: CatalogueImportView,
    success: { status: 201, description: 'The import, not applied yet' },
    handler: async ({ query, request, user, ctx, reply }) => {
      const view = await previewImport(ctx, user!, request.body as Buffer, query.filename ?? null);
      reply.code(201);
      return view;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/catalogue/imports/:id',
    summary: 'An import’s preview and errors (city-level administrator)',
    tag: 'admin',
    access: ['admin'],
    params: ImportParams,
    response: CatalogueImportView,
    handler: async ({ params, user, ctx }) => getImport(ctx, user!, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/catalogue/imports/:id/apply',
    summary: 'Apply an import in one transaction: a new version of each changed procedure, a new unpublished procedure for each new one; 409 when applied already, when the file had errors, or when the catalogue changed since the preview (nothing applied)',
    tag: 'admin',
    access: ['admin'],
    params: ImportParams,
    response: CatalogueImportApplied,
    problems: [409],
    handler: async ({ params, user, ctx }) => applyImport(ctx, user!, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/catalogue/template.xlsx',
    summary: 'The catalogue file’s template: the two sheets with their headings and one example (sample data)',
    tag: 'admin',
    access: ['admin'],
    success: { status: 200, description: 'XLSX', contentType: XLSX_TYPE },
    handler: async ({ user, ctx, reply }) => {
      const bytes = await catalogueTemplate(ctx, user!);
      reply.header('content-type', XLSX_TYPE).header('content-disposition', 'attachment; filename="mau-danh-muc-tthc.xlsx"');
      return bytes;
    },
  }),
];
