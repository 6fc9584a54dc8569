import { z } from 'zod';
import { ClientFileName } from '../../contracts/common.ts';
import { defineRoute } from '../route.ts';
import { Readable } from 'node:stream';
import { checkQuotaBeforeReceiving, readUpload, receiveUpload, storeUpload, UploadQuotaExceeded } from '../../services/uploads.ts';
import { getDossier } from '../../services/dossiers.ts';
import { isStaff, recordAudit } from '../../services/audit.ts';
import { DomainError, errors } from '../../domain/errors.ts';

export const UPLOAD_CONTENT_TYPES = ['application/octet-stream', 'application/pdf', 'image/png', 'image/jpeg'];

export const uploadRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/uploads',
    summary: 'Upload a file (raw bytes); its type is sniffed from the content',
    tag: 'uploads',
    access: 'user',
    query: z.strictObject({
      filename: ClientFileName.optional(),
      requireSignature: z.enum(['true', 'false']).optional().describe('Refuse the file unless it carries a valid, trusted digital signature'),
    }),
    rawBody: { contentTypes: UPLOAD_CONTENT_TYPES, description: 'The file itself: PDF, PNG or JPEG. At most MOTCUA_MAX_UPLOAD_MB; counted against the daily quota (429 upload-quota-exceeded, with Retry-After)', stream: true },
    success: { status: 201, description: 'Stored: id, sha256, sniffed media type' },
    handler: async ({ request, query, user, ctx, reply }) => {
      const length = Number(request.headers['content-length']);
      const declared = Number.isSafeInteger(length) && length >= 0 ? length : null;
      try {
        // Before a byte of the body is read: an exhausted quota is refused at once.
        await checkQuotaBeforeReceiving(ctx, user!, declared);
        const body = request.body;
        if (!(body instanceof Readable)) {
          throw new DomainError('empty-upload', 422, { vi: 'Tệp tải lên đang trống.', en: 'The uploaded file is empty.' });
        }
        const file = await receiveUpload(body, ctx.config.maxUploadBytes, declared);
        const stored = await storeUpload(ctx, user!, file.bytes, query.filename, { requireSignature: query.requireSignature === 'true', sha256: file.sha256 });
        reply.code(201);
        return stored;
      } catch (e) {
        if (e instanceof UploadQuotaExceeded) reply.header('retry-after', String(e.retryAfterSeconds));
        throw e;
      }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/uploads/:id',
    summary: 'Download a file: its uploader, or anyone who may see a dossier it belongs to',
    tag: 'uploads',
    access: 'user',
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    success: { status: 200, description: 'The file', contentType: 'application/octet-stream' },
    handler: async ({ params, user, ctx, reply }) => {
      const file = await readUpload(ctx, params.id);
      if (!file) throw errors.notFound('upload', params.id);
      const staff = isStaff(user);
      // The dossier the download is allowed by (for staff, also the one the audit entry names).
      let via: { code: string; receiving_org_id: string } | null = null;
      if (file.owner_id !== user!.id || staff) {
        const links = await ctx.db
          .selectFrom('dossier_attachments')
          .innerJoin('dossiers', 'dossiers.id', 'dossier_attachments.dossier_id')
          .select(['dossiers.code', 'dossiers.receiving_org_id'])
          .where('dossier_attachments.upload_id', '=', params.id)
          .execute();
        for (const l of links) {
          try {
            await getDossier(ctx, user!, l.code);
            via = l;
            break;
          } catch {
            /* not this one */
          }
        }
        // The same answer as for a missing file, so upload ids of others' dossiers cannot be probed.
        if (!via && file.owner_id !== user!.id) throw errors.notFound('upload', params.id);
      }
      if (staff) {
        await recordAudit(ctx.db, ctx, user, {
          action: 'attachment.download',
          subjectType: 'upload',
          subjectId: params.id,
          orgId: via?.receiving_org_id ?? user.orgId,
          details: { dossier: via?.code ?? null, own: file.owner_id === user.id },
        });
      }
      reply.header('content-type', file.media_type);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
      reply.header('x-content-sha256', file.sha256);
      return Buffer.from(file.content);
    },
  }),
];
