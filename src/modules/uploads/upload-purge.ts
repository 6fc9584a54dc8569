/**
 * Removal of uploads never attached to anything (a dossier, a result, an issued document, a draft, feedback,
 * PAR evidence) once older than the configured age: run by the server's timer and `motcua uploads purge`.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { AppContext } from '../../context.ts';
import { quotaDay } from './upload-quota.ts';

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
