/**
 * Routes of the signing module: public verification of results issued here and of any PDF, revocation,
 * organisations' signing keys, trusted certification authorities, and the /verify page.
 */
import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import { pageRoute } from '../../platform/http/page-route.ts';
import { requireCityLevel, requireScope } from '../organisations/scope.ts';
import { addTrustedCa, disableTrustedCa, importPkcs12, listTrustedCas, publicDocument, revokeDocument, verifyUploadedPdf } from './signing.ts';
import { UPLOAD_CONTENT_TYPES } from '../uploads/routes.ts';
import { DomainError, errors } from '../../kernel/errors.ts';
import { VERIFY_JS, verifyHtml } from './verify-page.ts';
import { PdfVerification, PublicDocument, SigningKeyImported, TrustedCa, TrustedCaAdded, TrustedCaList } from './contracts.ts';

const DocumentId = z.strictObject({ id: z.string().regex(/^[a-z0-9]{6,20}$/, 'mã văn bản / document id') });

/** The raw bytes of an uploaded PDF or PKCS#12 file; empty is refused. */
const rawFile = (body: unknown, what: { vi: string; en: string }): Buffer => {
  if (!(body instanceof Uint8Array) || body.length === 0) {
    throw new DomainError('empty-upload', 422, what);
  }
  return Buffer.from(body);
};

export const signingRoutes = [
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
    handler: async ({ request, ctx }) => verifyUploadedPdf(ctx, rawFile(request.body, { vi: 'Hãy gửi tệp PDF cần kiểm tra.', en: 'Send the PDF to check.' })),
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
      return importPkcs12(ctx, org.id, rawFile(request.body, { vi: 'Hãy gửi tệp .p12 / .pfx của cơ quan.', en: "Send the organisation's .p12 / .pfx file." }), typeof password === 'string' ? password : '', user!);
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
  pageRoute({ method: 'GET', url: '/verify/:id', summary: 'Verification page of an electronic result (HTML, no login)', tag: 'public', params: DocumentId, type: 'text/html', body: verifyHtml }),
  pageRoute({ method: 'GET', url: '/verify', summary: 'Check a PDF by uploading it (HTML, no login)', tag: 'public', type: 'text/html', body: verifyHtml }),
  pageRoute({ method: 'GET', url: '/verify.js', summary: 'Script of the verification page', tag: 'public', type: 'text/javascript', body: VERIFY_JS }),
];
