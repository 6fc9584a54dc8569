import { z } from 'zod';
import { ClientFileName } from '../../kernel/contracts.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { Readable } from 'node:stream';
import { receiveUpload, storeUpload, uploadForDownload } from './uploads.ts';
import { checkQuotaBeforeReceiving, UploadQuotaExceeded } from './upload-quota.ts';
import { DomainError } from '../../kernel/errors.ts';
import { UploadView } from './contracts.ts';

export const UPLOAD_CONTENT_TYPES = ['application/octet-stream', 'application/pdf', 'image/png', 'image/jpeg'];

export const uploadRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/uploads',
    summary: 'Upload a file (raw bytes); its type is sniffed from the content',
    tag: 'uploads',
    access: 'user',
    response: UploadView,
    problems: [429],
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
      const file = await uploadForDownload(ctx, user!, params.id);
      reply.header('content-type', file.media_type);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
      reply.header('x-content-sha256', file.sha256);
      return Buffer.from(file.content);
    },
  }),
];
