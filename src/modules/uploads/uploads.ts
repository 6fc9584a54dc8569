/**
 * Uploaded files: the type is sniffed from the content, never trusted from the name or header; the
 * content is stored once per sha256. Allowed: PDF, PNG, JPEG (what the one-stop desks accept).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { UploadsTable } from '../../platform/db/schema-uploads.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import type { Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { AppConfig, UploadQuota } from '../../context.ts';
import { checkPdfStructure } from './upload-safety.ts';
import { getDossier } from '../dossiers/view.ts';
import { isStaff, recordAudit } from '../audit/audit.ts';
import { errors } from '../../kernel/errors.ts';
import { summarise, trustedCaPems } from '../signing/signing.ts';
import { problemInVietnamese } from '../signing/pdf-signature.ts';
import { precompiled } from '../../platform/db/precompiled.ts';
import { isEmbedded } from '../../platform/db/db.ts';
import { inspectUpload } from './upload-inspection.ts';
import { dayNumberOf, formatVietnamDateTime, formatVietnamIso, isoDate, startOfDay } from '../calendar/domain/local-time.ts';

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

// ---- the daily quota -------------------------------------------------------------------------

export function quotaFor(config: AppConfig, role: string): UploadQuota {
  return role === 'citizen' ? config.uploadQuota.citizen : config.uploadQuota.staff;
}

/** The Vietnam calendar day an instant falls on (the quota's day), and when the next one begins. */
export function quotaDay(now: Date): { day: string; resetsAt: Date } {
  const n = dayNumberOf(now);
  return { day: isoDate(n), resetsAt: startOfDay(n + 1) };
}

export class UploadQuotaExceeded extends DomainError {
  constructor(
    quota: UploadQuota,
    readonly resetsAt: Date,
    readonly retryAfterSeconds: number,
  ) {
    const mb = quota.bytes === null ? null : Math.round(quota.bytes / 1024 / 1024);
    const limitVi = [quota.files === null ? null : `${quota.files} tệp`, mb === null ? null : `${mb} MB`].filter(Boolean).join(', ');
    const limitEn = [quota.files === null ? null : `${quota.files} files`, mb === null ? null : `${mb} MB`].filter(Boolean).join(' and ');
    super('upload-quota-exceeded', 429, {
      vi: `Bạn đã dùng hết hạn mức tải tệp trong ngày (tối đa ${limitVi} mỗi ngày). Hạn mức được đặt lại lúc ${formatVietnamDateTime(resetsAt)} (giờ Việt Nam).`,
      en: `You have used up today's upload quota (at most ${limitEn} a day). It resets at ${formatVietnamIso(resetsAt)} (midnight, Vietnam time).`,
    });
  }
}

function quotaExceeded(quota: UploadQuota, now: Date): UploadQuotaExceeded {
  const { resetsAt } = quotaDay(now);
  return new UploadQuotaExceeded(quota, resetsAt, Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000)));
}

/**
 * Refuses early, before the body is read, when today's quota is already used up (or the declared
 * size cannot fit). Only a courtesy: the binding check is chargeQuota, in the writing transaction.
 */
export async function checkQuotaBeforeReceiving(ctx: AppContext, user: SessionUser, declaredLength: number | null): Promise<void> {
  const quota = quotaFor(ctx.config, user.role);
  if (quota.files === null && quota.bytes === null) return;
  const now = ctx.clock();
  const row = await ctx.db.selectFrom('upload_quota_days').select(['files', 'bytes']).where('owner_id', '=', user.id).where('day', '=', quotaDay(now).day).executeTakeFirst();
  const files = row ? Number(row.files) : 0;
  const bytes = row ? Number(row.bytes) : 0;
  if ((quota.files !== null && files + 1 > quota.files) || (quota.bytes !== null && bytes + (declaredLength ?? 1) > quota.bytes)) throw quotaExceeded(quota, now);
}

/**
 * Counts one file of `size` bytes against the account's day, or refuses it: one conditional upsert,
 * so of two parallel uploads at the edge of the quota only one passes (the second waits for the
 * first's row lock and then sees its count).
 */
async function chargeQuota(db: Kysely<DB>, user: SessionUser, quota: UploadQuota, size: number, now: Date): Promise<void> {
  if (quota.files === null && quota.bytes === null) return;
  if ((quota.files !== null && quota.files < 1) || (quota.bytes !== null && size > quota.bytes)) throw quotaExceeded(quota, now);
  const row = await db
    .insertInto('upload_quota_days')
    .values({ owner_id: user.id, day: quotaDay(now).day, files: 1, bytes: size })
    .onConflict((oc) =>
      oc
        .columns(['owner_id', 'day'])
        .doUpdateSet({ files: sql`upload_quota_days.files + 1`, bytes: sql`upload_quota_days.bytes + excluded.bytes` })
        .where(({ and, eb }) =>
          and([
            ...(quota.files === null ? [] : [eb(sql<number>`upload_quota_days.files + 1`, '<=', quota.files)]),
            ...(quota.bytes === null ? [] : [eb(sql<number>`upload_quota_days.bytes + excluded.bytes`, '<=', quota.bytes)]),
          ]),
        ),
    )
    .returning('files')
    .executeTakeFirst();
  if (!row) throw quotaExceeded(quota, now);
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

// ---- removal of uploads never attached -----------------------------------------------------

/** Uploads created before this instant and attached to nothing are removed (pure: takes the clock). */
export function purgeCutoff(now: Date, unattachedHours: number): Date {
  return new Date(now.getTime() - unattachedHours * 3_600_000);
}

/**
 * Uploads older than `cutoff` that nothing refers to: no dossier attachment, no dossier result, no
 * issued document, and no saved draft of their owner (a draft keeps its files until it is deleted
 * or submitted).
 */
function staleUploads(db: Kysely<DB>, cutoff: Date) {
  return db
    .selectFrom('uploads as u')
    .select(['u.id', 'u.sha256', 'u.size', 'u.created_at'])
    .where('u.created_at', '<', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('dossier_attachments as da').select(sql`1`.as('x')).whereRef('da.upload_id', '=', 'u.id')
            .unionAll(selectFrom('dossiers as d').select(sql`1`.as('x')).whereRef('d.result_upload_id', '=', 'u.id'))
            .unionAll(selectFrom('signed_documents as sd').select(sql`1`.as('x')).whereRef('sd.upload_id', '=', 'u.id'))
            // Files sent with feedback (src/modules/feedback): kept like a dossier's.
            // Evidence of a PAR Index self-assessment (src/modules/par-index): kept with the assessment.
            .unionAll(selectFrom('par_scores as ps').select(sql`1`.as('x')).whereRef('ps.evidence_upload_id', '=', 'u.id'))
            .unionAll(selectFrom('feedback as fb').select(sql`1`.as('x')).where(sql<boolean>`fb.attachments @> jsonb_build_array(u.id)`))
            .unionAll(
              selectFrom('drafts as dr')
                .select(sql`1`.as('x'))
                .whereRef('dr.owner_id', '=', 'u.owner_id')
                .where(sql<boolean>`dr.data -> 'attachments' @> jsonb_build_array(jsonb_build_object('uploadId', u.id))`),
            ),
        ),
      ),
    );
}

export interface PurgeReport {
  /** Uploads found stale (removed, unless a dry run). */
  uploads: number;
  bytes: number;
  /** Stored contents removed with them (not shared with another upload). */
  blobs: number;
  /** Found stale but attached meanwhile (or otherwise refused by the database): kept. */
  kept: number;
  dryRun: boolean;
}

/**
 * Removes uploads never attached to a dossier or a draft once older than the configured age, with
 * their content when no other upload shares it. Each upload is removed in its own transaction; one
 * attached meanwhile makes its delete fail on the foreign key and is kept. Also clears parts left by
 * an interrupted upload and quota rows of past days.
 */
export async function purgeUnattachedUploads(ctx: AppContext, options: { dryRun?: boolean; limit?: number } = {}): Promise<PurgeReport> {
  const now = ctx.clock();
  const cutoff = purgeCutoff(now, ctx.config.unattachedUploadHours);
  const stale = await staleUploads(ctx.db, cutoff).orderBy('u.created_at').limit(options.limit ?? 10_000).execute();
  const report: PurgeReport = { uploads: 0, bytes: 0, blobs: 0, kept: 0, dryRun: !!options.dryRun };
  if (options.dryRun) {
    report.uploads = stale.length;
    report.bytes = stale.reduce((s, u) => s + u.size, 0);
    return report;
  }
  for (const upload of stale) {
    try {
      const blobRemoved = await ctx.db.transaction().execute(async (trx) => {
        const gone = await staleUploads(trx, cutoff).where('u.id', '=', upload.id).executeTakeFirst();
        if (!gone) return null;
        await trx.deleteFrom('uploads').where('id', '=', upload.id).execute();
        const blob = await trx
          .deleteFrom('blobs')
          .where('sha256', '=', upload.sha256)
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom('uploads').select(sql`1`.as('x')).where('uploads.sha256', '=', upload.sha256))))
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom('signed_documents').select(sql`1`.as('x')).where('signed_documents.sha256', '=', upload.sha256))))
          .executeTakeFirst();
        return Number(blob.numDeletedRows) > 0;
      });
      if (blobRemoved === null) {
        report.kept++;
        continue;
      }
      report.uploads++;
      report.bytes += upload.size;
      if (blobRemoved) report.blobs++;
    } catch (e) {
      // 23503: attached (or its content reused) between the selection and the delete: kept.
      if ((e as { code?: string }).code !== '23503') throw e;
      report.kept++;
    }
  }
  await ctx.db.deleteFrom('upload_parts').where('created_at', '<', cutoff).execute();
  await ctx.db.deleteFrom('upload_quota_days').where('day', '<', quotaDay(new Date(now.getTime() - 2 * 86_400_000)).day).execute();
  return report;
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
