import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import { IsoInstant } from '../../kernel/contracts.ts';
import { exportAudit, searchAudit, type AuditFilters } from './audit.ts';

/** A day (Vietnam time, the whole day) or an instant with offset. */
const DayOrInstant = z.union([z.iso.date(), IsoInstant]);

const AuditFilterQuery = {
  from: DayOrInstant.optional().describe('From this day or instant (inclusive)'),
  to: DayOrInstant.optional().describe('Up to this day (inclusive) or instant (exclusive)'),
  actor: z.string().min(1).max(64).optional().describe('Who acted: a username or user id'),
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)*\.?$/, 'vd user.create hoặc user. / e.g. user.create or user.')
    .max(64)
    .optional()
    .describe('An action (user.create), or a family ending with a dot (user.)'),
  subject: z.string().min(1).max(200).optional().describe('The subject id: a dossier code, user id, procedure code, organisation id…'),
  org: z.string().min(1).max(64).optional().describe('Only entries of this organisation subtree (inside your own)'),
};

const filtersOf = (q: AuditFilters): AuditFilters => ({ from: q.from, to: q.to, actor: q.actor, action: q.action, subject: q.subject, org: q.org });

export const auditRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/admin/audit',
    summary: 'Search the audit log — configuration changes and staff reads of personal data — newest first, 50 a page (administrator; a ward administrator sees their subtree)',
    tag: 'admin',
    access: ['admin'],
    query: z.strictObject({ ...AuditFilterQuery, page: z.coerce.number().int().min(1).max(10_000).default(1) }),
    handler: async ({ query, user, ctx }) => searchAudit(ctx, user!, filtersOf(query), query.page),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/audit/export',
    summary: 'Export the matching audit entries, oldest first, as CSV (cells escaped against formulas) or NDJSON; the export is itself audited (administrator)',
    tag: 'admin',
    access: ['admin'],
    query: z.strictObject({ ...AuditFilterQuery, format: z.enum(['csv', 'ndjson']).default('csv') }),
    success: { status: 200, description: 'CSV or NDJSON', contentType: 'text/csv' },
    handler: async ({ query, user, ctx, reply }) => {
      const { body, truncated } = await exportAudit(ctx, user!, filtersOf(query), query.format);
      const csv = query.format === 'csv';
      reply.header('content-type', csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="nhat-ky-kiem-tra.${csv ? 'csv' : 'ndjson'}"`);
      if (truncated) reply.header('x-truncated', 'true');
      // A BOM so that spreadsheet software reads the CSV's Vietnamese as UTF-8.
      return reply.send(csv ? `\ufeff${body}` : body);
    },
  }),
];
