/** Routes of the documents module: a dossier's forms and a unit's register, as PDF rendered from the logs. */
import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import { requireScope } from '../organisations/scope.ts';
import { isStaff, recordAudit } from '../audit/audit.ts';
import { getDossier } from '../dossiers/view.ts';
import { renderDossierForm, renderRegister } from './documents.ts';
import { errors } from '../../kernel/errors.ts';
import { FORM_KINDS } from './forms.ts';

const pdfReply = (reply: import('fastify').FastifyReply, name: string, pdf: Buffer) => {
  reply.header('content-type', 'application/pdf');
  reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`);
  return reply.send(pdf);
};

export const documentRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/dossiers/:code/documents/:kind',
    summary: `A form of the dossier as PDF, rendered from its action log: ${FORM_KINDS.join(', ')}`,
    tag: 'documents',
    access: 'user',
    params: z.strictObject({ code: z.string().min(1).max(80), kind: z.string().min(1).max(40) }),
    success: { status: 200, description: 'PDF', contentType: 'application/pdf' },
    handler: async ({ params, user, ctx, reply }) => {
      const view = await getDossier(ctx, user!, params.code); // the same read permission as the dossier
      const pdf = await renderDossierForm(ctx, params.code, params.kind);
      if (isStaff(user)) {
        await recordAudit(ctx.db, ctx, user, { action: 'document.download', subjectType: 'dossier', subjectId: view.code, orgId: view.receivingOrg.id, details: { kind: params.kind } });
      }
      return pdfReply(reply, `${params.kind}-${params.code}.pdf`, pdf);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/organisations/:id/register',
    summary: "The desk's register (sổ theo dõi hồ sơ) of dossiers accepted in a period, as PDF",
    tag: 'documents',
    access: ['reception', 'specialist', 'leader', 'manager', 'admin'],
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    query: z.strictObject({ from: z.iso.date(), to: z.iso.date() }),
    success: { status: 200, description: 'PDF', contentType: 'application/pdf' },
    handler: async ({ params, query, user, ctx, reply }) => {
      const org = await ctx.orgs.find(params.id);
      if (!org) throw errors.notFound('organisation', params.id);
      await requireScope(ctx, user!, org.id);
      const pdf = await renderRegister(ctx, org.id, query.from, query.to);
      await recordAudit(ctx.db, ctx, user, { action: 'register.download', subjectType: 'organisation', subjectId: org.id, orgId: org.id, details: { from: query.from, to: query.to } });
      return pdfReply(reply, `so-theo-doi-${org.id}-${query.from}-${query.to}.pdf`, pdf);
    },
  }),
];
