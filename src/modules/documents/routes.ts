import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import { requireCityLevel, requireScope } from '../organisations/scope.ts';
import { isStaff, recordAudit } from '../audit/audit.ts';
import { getDossier } from '../dossiers/view.ts';
import { renderDossierForm, renderRegister } from './documents.ts';
import { addTrustedCa, disableTrustedCa, importPkcs12, listTrustedCas, publicDocument, revokeDocument, verifyUploadedPdf } from '../signing/signing.ts';
import { UPLOAD_CONTENT_TYPES } from '../uploads/routes.ts';
import { DomainError, errors } from '../../kernel/errors.ts';
import { FORM_KINDS } from './forms.ts';
import { VERIFY_HTML, VERIFY_JS } from '../signing/verify-page.ts';
import { PdfVerification, PublicDocument, SigningKeyImported, TrustedCa, TrustedCaAdded, TrustedCaList } from './contracts.ts';

const pdfReply = (reply: import('fastify').FastifyReply, name: string, pdf: Buffer) => {
  reply.header('content-type', 'application/pdf');
  reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`);
  return reply.send(pdf);
};

const DocumentId = z.strictObject({ id: z.string().regex(/^[a-z0-9]{6,20}$/, 'mã văn bản / document id') });
const rawPdf = (body: unknown): Buffer => {
  if (!(body instanceof Uint8Array) || body.length === 0) {
    throw new DomainError('empty-upload', 422, { vi: 'Hãy gửi tệp PDF cần kiểm tra.', en: 'Send the PDF to check.' });
  }
  return Buffer.from(body);
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
  defineRoute({
    method: 'GET',
    url: '/api/public/documents/:id',
    summary: 'Public verification of an electronic result: issuer, dossier code, issue date, status, hash (no login)',
    tag: 'public',
    access: 'public',
    response: PublicDocument,
    params: DocumentId,
    handler: async ({ params, ctx }) => publicDocument(ctx, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/public/verify',
    summary: 'Check any PDF: its digital signature, and whether we issued it and revoked it (no login)',
    tag: 'public',
    access: 'public',
    response: PdfVerification,
    rawBody: { contentTypes: UPLOAD_CONTENT_TYPES, description: 'The PDF to check' },
    handler: async ({ request, ctx }) => verifyUploadedPdf(ctx, rawPdf(request.body)),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/documents/:id/revoke',
    summary: 'Revoke an issued electronic result, with a reason (leader or administrator of the issuing organisation)',
    tag: 'documents',
    access: ['leader', 'admin'],
    response: PublicDocument,
    params: DocumentId,
    body: z.strictObject({ reason: z.string().trim().min(1).max(2000) }),
    handler: async ({ params, body, user, ctx }) => revokeDocument(ctx, params.id, body.reason, user!),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/organisations/:id/signing-key',
    summary: "Import an organisation's PKCS#12 (key and certificate chain); password in the X-Pkcs12-Password header",
    tag: 'documents',
    access: ['admin'],
    response: SigningKeyImported,
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    rawBody: { contentTypes: UPLOAD_CONTENT_TYPES, description: 'The .p12 / .pfx file' },
    handler: async ({ params, user, ctx, request }) => {
      const org = await ctx.orgs.find(params.id);
      if (!org) throw errors.notFound('organisation', params.id);
      await requireScope(ctx, user!, org.id);
      const password = request.headers['x-pkcs12-password'];
      return importPkcs12(ctx, org.id, rawPdf(request.body), typeof password === 'string' ? password : '', user!);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/trusted-cas',
    summary: 'Certification authorities for signed uploads and results, with their status (active or disabled, when, by whom, why)',
    tag: 'documents',
    access: 'user',
    response: TrustedCaList,
    handler: async ({ ctx }) => listTrustedCas(ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/trusted-cas',
    summary: 'Trust a certification authority (city-level administrator: a trust anchor is city-wide)',
    tag: 'documents',
    access: ['admin'],
    response: TrustedCaAdded,
    body: z.strictObject({ name: z.string().trim().min(1).max(200), certPem: z.string().min(100).max(20_000) }),
    success: { status: 201, description: 'Trusted' },
    handler: async ({ body, user, ctx, reply }) => {
      await requireCityLevel(ctx, user!);
      reply.code(201);
      return addTrustedCa(ctx, body.name, body.certPem, user!);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/trusted-cas/:id/disable',
    summary: 'Stop trusting a certification authority, with a reason (city-level administrator); it stays listed as disabled',
    tag: 'documents',
    access: ['admin'],
    response: TrustedCa,
    params: z.strictObject({ id: z.string().min(1).max(80) }),
    body: z.strictObject({ reason: z.string().trim().min(1).max(2000) }),
    handler: async ({ params, body, user, ctx }) => {
      await requireCityLevel(ctx, user!);
      return disableTrustedCa(ctx, params.id, body.reason, user!);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/verify/:id',
    summary: 'Verification page of an electronic result (HTML, no login)',
    tag: 'public',
    access: 'public',
    params: DocumentId,
    success: { status: 200, description: 'HTML', contentType: 'text/html' },
    handler: async ({ reply }) => reply.type('text/html; charset=utf-8').send(VERIFY_HTML),
  }),
  defineRoute({
    method: 'GET',
    url: '/verify',
    summary: 'Check a PDF by uploading it (HTML, no login)',
    tag: 'public',
    access: 'public',
    success: { status: 200, description: 'HTML', contentType: 'text/html' },
    handler: async ({ reply }) => reply.type('text/html; charset=utf-8').send(VERIFY_HTML),
  }),
  defineRoute({
    method: 'GET',
    url: '/verify.js',
    summary: 'Script of the verification page',
    tag: 'public',
    access: 'public',
    success: { status: 200, description: 'JavaScript', contentType: 'text/javascript' },
    handler: async ({ reply }) => reply.type('text/javascript; charset=utf-8').send(VERIFY_JS),
  }),
];
