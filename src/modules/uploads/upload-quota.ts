/**
 * The daily upload quota of an account (files and bytes per Vietnam calendar day, by role): an early
 * courtesy check before a body is read, and the binding charge inside the transaction that stores a file.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { AppConfig, AppContext, UploadQuota } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { dayNumberOf, formatVietnamDateTime, formatVietnamIso, isoDate, startOfDay } from '../calendar/domain/local-time.ts';

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
export async function chargeQuota(db: Kysely<DB>, user: SessionUser, quota: UploadQuota, size: number, now: Date): Promise<void> {
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
