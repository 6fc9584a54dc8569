/**
 * Uploaded files: the type is sniffed from the content, never trusted from the name or header; the
 * content is stored once per sha256. Allowed: PDF, PNG, JPEG (what the one-stop desks accept).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { UploadsTable } from '../store/schema.ts';
import { DomainError } from '../domain/errors.ts';
import type { AppContext } from './context.ts';
import type { SessionUser } from './auth.ts';
import { verifyPdfSignature } from '../documents/pdf-signature.ts';
import { checkDecompressionBomb, checkPdfStructure } from './upload-safety.ts';
import { summarise, trustedCaPems } from './signing.ts';
import { writeTogether } from '../store/write-together.ts';
import { precompiled } from '../store/precompiled.ts';

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

export async function storeUpload(ctx: AppContext, user: SessionUser, bytes: Uint8Array, filename: string | undefined, options: { requireSignature?: boolean } = {}): Promise<UploadView> {
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
  const verdict = checkDecompressionBomb(bytes, mediaType);
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
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const id = `upl_${randomBytes(16).toString('base64url')}`;
  const now = ctx.clock();
  const name = safeFilename(filename, mediaType);
  // A signed PDF is verified on arrival (integrity, validity at signing time, chain to trusted CAs).
  const signature = mediaType === 'application/pdf' && Buffer.from(bytes).includes('/ByteRange') ? summarise(verifyPdfSignature(Buffer.from(bytes), await trustedCaPems(ctx.db), now)) : null;
  if (options.requireSignature && !(signature && signature.valid && signature.chain === 'trusted' && signature.validAtSigningTime)) {
    const why = signature ? signature.problems : ['the file carries no digital signature'];
    throw new DomainError('signature-invalid', 422, {
      vi: `Tệp cần chữ ký số hợp lệ, do tổ chức chứng thực được tin cậy cấp. Lỗi: ${signature ? why.join('; ') : 'tệp chưa được ký số'}.`,
      en: `The file needs a valid digital signature from a trusted certification authority: ${why.join('; ')}.`,
    });
  }
  // The content and its upload row in one statement: atomic without a transaction, one round trip.
  await writeTogether(ctx.db, [
    insertBlob({ sha256, size: bytes.length, content: bytes }),
    insertUpload({ id, owner_id: user.id, sha256, filename: name, media_type: mediaType, size: bytes.length, created_at: now, signature: signature ? JSON.stringify(signature) : null }),
  ]);
  return { id, filename: name, mediaType, size: bytes.length, sha256, createdAt: now.toISOString(), signature };
}

const insertBlob = precompiled((q, p: { sha256: string; size: number; content: Uint8Array }) =>
  q.insertInto('blobs').values({ sha256: p.sha256, size: p.size, content: p.content }).onConflict((oc) => oc.column('sha256').doNothing()),
);
const insertUpload = precompiled((q, p: Insertable<UploadsTable>) =>
  q.insertInto('uploads').values({ id: p.id, owner_id: p.owner_id, sha256: p.sha256, filename: p.filename, media_type: p.media_type, size: p.size, created_at: p.created_at, signature: p.signature }),
);

export const uploadTooLarge = (max: number) =>
  new DomainError('upload-too-large', 413, {
    vi: `Tệp vượt quá dung lượng cho phép (${Math.round(max / 1024 / 1024)} MB).`,
    en: `The file is larger than the limit (${Math.round(max / 1024 / 1024)} MB).`,
  });

export async function readUpload(ctx: AppContext, id: string) {
  return ctx.db
    .selectFrom('uploads')
    .innerJoin('blobs', 'blobs.sha256', 'uploads.sha256')
    .select(['uploads.id', 'uploads.owner_id', 'uploads.filename', 'uploads.media_type', 'uploads.size', 'uploads.sha256', 'blobs.content'])
    .where('uploads.id', '=', id)
    .executeTakeFirst();
}
