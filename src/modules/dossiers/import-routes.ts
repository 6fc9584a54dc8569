import { defineRoute } from '../../platform/http/route.ts';
import { importDossiers } from './import.ts';
import { DomainError } from '../../kernel/errors.ts';

export const NDJSON = 'application/x-ndjson';

export const importRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/admin/import/dossiers',
    summary: 'Import historical dossiers with their full histories (NDJSON, one dossier a line); validated, reported by line, idempotent by dossier code',
    tag: 'admin',
    access: ['admin'],
    rawBody: { contentTypes: [NDJSON], description: 'One JSON dossier per line: code, procedureCode, receivingOrgId, channel, applicant, form, actions[{action, at, …}]' },
    handler: async ({ request, user, ctx, lang }) => {
      if (typeof request.body !== 'string' || request.body.trim() === '') {
        throw new DomainError('empty-import', 422, { vi: 'Tệp nhập trống.', en: 'The import is empty.' });
      }
      const orgs = await ctx.orgs.snapshot();
      return importDossiers(ctx, request.body, { lang, mayImportFor: (orgId) => orgs.covers(user!.orgId, orgId), actor: user });
    },
  }),
];
