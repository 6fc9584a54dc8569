/**
 * Uploaded files: the type is sniffed from the content, never trusted from the name or header; the
 * content is stored once per sha256. Allowed: PDF, PNG, JPEG (what the one-stop desks accept). The daily
 * quota is in ./upload-quota.ts, the removal of uploads never attached in ./upload-purge.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { UploadsTable } from '../../platform/db/schema-uploads.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { UploadQuota } from '../../context.ts';
import { checkPdfStructure } from './upload-safety.ts';
import { getDossier } from '../dossiers/view.ts';
import { isStaff, recordAudit } from '../audit/audit.ts';
import { errors } from '../../kernel/errors.ts';
import { summarise, trustedCaPems } from '../signing/signing.ts';
import { problemInVietnamese } from '../signing/pdf-signature.ts';
import { precompiled } from '../../platform/db/precompiled.ts';
import { isEmbedded } from '../../platform/db/db.ts';
import { inspectUpload } from './upload-inspection.ts';
import { chargeQuota, checkQuotaBeforeReceiving, quotaFor } from './upload-quota.ts';

const SIGNATURES: Array<{ type: string; ext: string; magic: number[] }> = [
  { type: 'application/pdf', ext: 'pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/png', ext: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', ext: 'jpg', magic: [0xff, 0xd8, 0xff] },
];

export function sniffMediaType(bytes: Uint8Array): string | null {
  return SIGNATURES.find((s) => s.magic.every((b, i) => bytes[i] === b))?.type ?? null;
}

/** Keeps the last path segment, drops control characters and anything that could climb directories. */
export function safeFilename(raw: string | undefined, mediaType: string): string {
  const ext = SIGNATURES.find((s) => s.type === mediaType)?.ext ?? 'bin';
  const base = (raw ?? '')
    .normalize('NFC')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 150);
  return base.length > 0 ? base : `tep-dinh-kem.${ext}`;
}

export interface UploadView {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: string;
  signature: ReturnType<typeof summarise> | null;
}

/** A received file: its bytes and their sha256, hashed as they arrived. */
export interface ReceivedFile {
  bytes: Buffer;
  sha256: string;
}

/**
 * Reads an upload from the request stream, hashing as it goes, and stops at the size limit: a
 * declared Content-Length over the limit is refused before a byte is read, and a body that grows past
 * it is refused as soon as it does, without reading the rest. Nothing is written to the database here.
 */
export async function receiveUpload(stream: Readable, maxBytes: number, declaredLength: number | null): Promise<ReceivedFile> {
  if (declaredLength !== null && declaredLength > maxBytes) throw bodyTooLarge(maxBytes);
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        stream.pause(); // the server discards the rest once the answer is sent
        throw bodyTooLarge(maxBytes);
      }
      hash.update(chunk);
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof DomainError) throw e;
    // The client went away mid-body (aborted, reset): its fault, not a server error.
    throw new DomainError('upload-interrupted', 400, { vi: 'Việc gửi tệp bị gián đoạn; vui lòng tải lên lại.', en: 'The upload was interrupted; please send the file again.' });
  }
  return { bytes: Buffer.concat(chunks, total), sha256: hash.digest('hex') };
}

// ---- storing ---------------------------------------------------------------------------------

/**
 * Size of the parts a file is written in. The embedded database (PGlite) runs on this process's
 * event loop and takes a bytea parameter at about 0.3 ms per KB: a 9 MB file in one statement held
 * every other request for 2–3 s. Parts of 256 KB, sent as base64 text (decoded by the database, ten
 * times cheaper than a bytea parameter there), keep each statement to a few milliseconds; the file
 * is put together inside the database in the final transaction. docs/performance.md has the figures.
 */
export const PART_BYTES = 256 * 1024;

export async function storeUpload(ctx: AppContext, user: SessionUser, bytes: Uint8Array, filename: string | undefined, options: { requireSignature?: boolean; sha256?: string } = {}): Promise<UploadView> {
  if (bytes.length === 0) {
    throw new DomainError('empty-upload', 422, { vi: 'Tệp tải lên đang trống.', en: 'The uploaded file is empty.' });
  }
  if (bytes.length > ctx.config.maxUploadBytes) throw uploadTooLarge(ctx.config.maxUploadBytes);
  const mediaType = sniffMediaType(bytes);
  if (!mediaType) {
    throw new DomainError('unsupported-file-type', 415, {
      vi: 'Chỉ chấp nhận tệp PDF, PNG hoặc JPEG (kiểm tra theo nội dung tệp).',
      en: 'Only PDF, PNG or JPEG files are accepted (checked by content).',
    });
  }
  const now = ctx.clock();
  const quota = quotaFor(ctx.config, user.role);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const checks = await inspectUpload(buffer, mediaType, mediaType === 'application/pdf' ? await trustedCaPems(ctx.db) : null, now);
  const verdict = checks.bomb;
  if (!verdict.ok) {
    throw new DomainError('unsafe-file', 422, {
      vi: 'Tệp bị từ chối vì khi giải nén sẽ quá lớn hoặc có cấu trúc bất thường (có thể là "bom nén").',
      en: `The file is refused: ${verdict.reason}.`,
    });
  }
  if (mediaType === 'application/pdf') {
    // Starting with %PDF- is not enough: a renamed page or script must not pass for a document.
    const structure = checkPdfStructure(bytes);
    if (!structure.ok) {
      throw new DomainError('not-a-pdf', 422, {
        vi: 'Tệp bắt đầu như một tệp PDF nhưng không có cấu trúc PDF hợp lệ (có thể tệp bị hỏng hoặc không phải PDF). Hãy xuất lại tệp PDF rồi tải lên.',
        en: `The file starts like a PDF but is not a well-formed PDF (${structure.reason}). Export the PDF again and upload it.`,
      });
    }
  }
  const sha256 = options.sha256 ?? createHash('sha256').update(bytes).digest('hex');
  const id = `upl_${randomBytes(16).toString('base64url')}`;
  const name = safeFilename(filename, mediaType);
  // A signed PDF is verified on arrival (integrity, validity at signing time, chain to trusted CAs).
  const signature = checks.signature ? summarise(checks.signature) : null;
  if (options.requireSignature && !(signature && signature.valid && signature.chain === 'trusted' && signature.validAtSigningTime)) {
    const why = signature ? signature.problems : ['the file carries no digital signature'];
    throw new DomainError('signature-invalid', 422, {
      vi: `Tệp cần chữ ký số hợp lệ, do tổ chức chứng thực được tin cậy cấp. Lỗi: ${signature ? why.map(problemInVietnamese).join('; ') : 'tệp chưa được ký số'}.`,
      en: `The file needs a valid digital signature from a trusted certification authority: ${why.join('; ')}.`,
    });
  }
  // A quick refusal before the parts are written; the binding check is in the transaction below.
  await checkQuotaBeforeReceiving(ctx, user, bytes.length);
  const row = { id, owner_id: user.id, sha256, filename: name, media_type: mediaType, size: bytes.length, created_at: now, signature: signature ? JSON.stringify(signature) : null };
  if (isEmbedded(ctx.db)) await writeInParts(ctx, user, quota, buffer, row);
  else {
    // PostgreSQL: the file goes as one binary parameter; the driver's socket writes do not hold the loop.
    await ctx.db.transaction().execute(async (trx) => {
      await chargeQuota(trx, user, quota, bytes.length, now);
      // DO UPDATE (not DO NOTHING) takes the row lock of an existing blob of the same content, so a
      // purge cannot remove it under this upload (the purge then fails on the foreign key and keeps it).
      await trx.executeQuery(upsertBlob({ sha256, size: bytes.length, content: buffer }));
      await trx.executeQuery(insertUpload(row));
    });
  }
  return { id, filename: name, mediaType, size: bytes.length, sha256, createdAt: now.toISOString(), signature };
}

/** The embedded database: the file is written in parts, put together by the database. */
async function writeInParts(ctx: AppContext, user: SessionUser, quota: UploadQuota, buffer: Buffer, row: Insertable<UploadsTable> & { created_at: Date }): Promise<void> {
  const { id, sha256, created_at: now } = row;
  const known = await ctx.db.selectFrom('blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
  try {
    // Outside any transaction, so that other requests' statements run between the parts.
    if (!known) {
      for (let seq = 0, at = 0; at < buffer.length; seq++, at += PART_BYTES) {
        await ctx.db.executeQuery(insertPart({ upload_id: id, seq, content: buffer.toString('base64', at, Math.min(buffer.length, at + PART_BYTES)), created_at: now }));
        // PGlite answers through promises only (no I/O): without this the parts would run back to
        // back as microtasks and the loop would still be held for the whole file.
        await yieldToEventLoop();
      }
    }
    await ctx.db.transaction().execute(async (trx) => {
      await chargeQuota(trx, user, quota, buffer.length, now);
      if (!known) {
        await sql`INSERT INTO blobs (sha256, size, content)
          SELECT ${sha256}, ${buffer.length}, string_agg(content, ''::bytea ORDER BY seq) FROM upload_parts WHERE upload_id = ${id}
          ON CONFLICT (sha256) DO UPDATE SET size = excluded.size`.execute(trx);
      } else {
        const still = await trx.updateTable('blobs').set({ size: buffer.length }).where('sha256', '=', sha256).executeTakeFirst();
        // Removed by a purge since it was looked up (rare): written whole, in this transaction.
        if (Number(still.numUpdatedRows) === 0) await trx.executeQuery(upsertBlob({ sha256, size: buffer.length, content: buffer }));
      }
      await trx.executeQuery(insertUpload(row));
    });
  } finally {
    if (!known) await ctx.db.deleteFrom('upload_parts').where('upload_id', '=', id).execute();
  }
}

const upsertBlob = precompiled((q, p: { sha256: string; size: number; content: Uint8Array }) =>
  q
    .insertInto('blobs')
    .values({ sha256: p.sha256, size: p.size, content: p.content })
    .onConflict((oc) => oc.column('sha256').doUpdateSet({ size: (eb) => eb.ref('excluded.size') })),
);

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const insertPart = precompiled((q, p: { upload_id: string; seq: number; content: string; created_at: Date }) =>
  q.insertInto('upload_parts').values({ upload_id: p.upload_id, seq: p.seq, content: sql<Uint8Array>`decode(${p.content}, 'base64')`, created_at: p.created_at }),
);
const insertUpload = precompiled((q, p: Insertable<UploadsTable>) =>
  q.insertInto('uploads').values({ id: p.id, owner_id: p.owner_id, sha256: p.sha256, filename: p.filename, media_type: p.media_type, size: p.size, created_at: p.created_at, signature: p.signature }),
);

export const bodyTooLarge = (max: number) =>
  new DomainError('body-too-large', 413, {
    vi: `Dữ liệu gửi lên vượt quá dung lượng cho phép (${Math.round(max / 1024 / 1024)} MB).`,
    en: `The request body is larger than the limit (${Math.round(max / 1024 / 1024)} MB).`,
  });

export const uploadTooLarge = (max: number) =>
  new DomainError('upload-too-large', 413, {
    vi: `Tệp vượt quá dung lượng cho phép (${Math.round(max / 1024 / 1024)} MB).`,
    en: `The file is larger than the limit (${Math.round(max / 1024 / 1024)} MB).`,
  });

export async function readUpload(ctx: AppContext, id: string) {
  const q = ctx.db
    .selectFrom('uploads')
    .innerJoin('blobs', 'blobs.sha256', 'uploads.sha256')
    .select(['uploads.id', 'uploads.owner_id', 'uploads.filename', 'uploads.media_type', 'uploads.size', 'uploads.sha256'])
    .where('uploads.id', '=', id);
  if (!isEmbedded(ctx.db)) return q.select('blobs.content').executeTakeFirst();
  // PGlite hands a bytea result to JavaScript at about 0.1 ms per KB, on the event loop (a 9 MB file:
  // ~1 s); as base64 text the same file comes in ~70 ms.
  const row = await q.select(sql<string>`encode(blobs.content, 'base64')`.as('content_base64')).executeTakeFirst();
  if (!row) return undefined;
  const { content_base64, ...rest } = row;
  return { ...rest, content: Buffer.from(content_base64, 'base64') as Uint8Array };
}

/**
 * A file for download: its uploader, or anyone who may see a dossier it is attached to. Anyone else
 * gets the answer for a missing file, so upload ids of others' dossiers cannot be probed. Staff
 * downloads are audited with the dossier that allowed them.
 */
export async function uploadForDownload(ctx: AppContext, user: SessionUser, id: string) {
  const file = await readUpload(ctx, id);
  if (!file) throw errors.notFound('upload', id);
  const staff = isStaff(user);
  let via: { code: string; receiving_org_id: string } | null = null;
  if (file.owner_id !== user.id || staff) {
    const links = await ctx.db
      .selectFrom('dossier_attachments')
      .innerJoin('dossiers', 'dossiers.id', 'dossier_attachments.dossier_id')
      .select(['dossiers.code', 'dossiers.receiving_org_id'])
      .where('dossier_attachments.upload_id', '=', id)
      .execute();
    for (const l of links) {
      try {
        await getDossier(ctx, user, l.code);
        via = l;
        break;
      } catch {
        /* not this one */
      }
    }
    if (!via && file.owner_id !== user.id) throw errors.notFound('upload', id);
  }
  if (staff) {
    await recordAudit(ctx.db, ctx, user, {
      action: 'attachment.download',
      subjectType: 'upload',
      subjectId: id,
      orgId: via?.receiving_org_id ?? user.orgId,
      details: { dossier: via?.code ?? null, own: file.owner_id === user.id },
    });
  }
  return file;
}
