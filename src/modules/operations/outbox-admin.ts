/**
 * What administrators see of the outbox and the one thing they may do: retry a dead message. City
 * level only (the outbox is the whole system's). The payload is never shown — it can hold personal
 * data and password reset links — only a reference to it (message id and topic).
 */
import { DomainError } from '../../kernel/errors.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { requireCityLevel } from '../organisations/scope.ts';
import { recordAudit } from '../audit/audit.ts';

/** pending: never tried yet; failed: tried and waiting for its next attempt; delivered; dead. */
export type OutboxListStatus = 'pending' | 'failed' | 'delivered' | 'dead';
export const OUTBOX_PAGE_SIZE = 50;

export async function listOutbox(ctx: AppContext, admin: SessionUser, status: OutboxListStatus, page: number) {
  await requireCityLevel(ctx, admin);
  let q = ctx.db.selectFrom('outbox');
  if (status === 'pending') q = q.where('status', '=', 'pending').where('attempts', '=', 0);
  else if (status === 'failed') q = q.where('status', '=', 'pending').where('attempts', '>', 0);
  else q = q.where('status', '=', status);
  const rows = await q
    .select(['id', 'topic', 'status', 'attempts', 'last_error', 'created_at', 'next_attempt_at', 'claimed_at', 'delivered_at', 'dead_at'])
    .orderBy('id', 'desc')
    .limit(OUTBOX_PAGE_SIZE + 1)
    .offset((page - 1) * OUTBOX_PAGE_SIZE)
    .execute();
  return {
    status,
    page,
    hasMore: rows.length > OUTBOX_PAGE_SIZE,
    items: rows.slice(0, OUTBOX_PAGE_SIZE).map((r) => ({
      id: String(r.id),
      topic: r.topic,
      payloadRef: { messageId: String(r.id), topic: r.topic },
      status: r.status === 'pending' && r.attempts > 0 ? 'failed' : r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at.toISOString(),
      nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
      claimedAt: r.claimed_at?.toISOString() ?? null,
      deliveredAt: r.delivered_at?.toISOString() ?? null,
      deadAt: r.dead_at?.toISOString() ?? null,
    })),
  };
}

/** A dead message back to pending with a fresh count of attempts; handlers that delivered it are not called again. */
export async function retryOutboxMessage(ctx: AppContext, admin: SessionUser, id: string) {
  await requireCityLevel(ctx, admin);
  const now = ctx.clock();
  const row = await ctx.db.selectFrom('outbox').select(['id', 'status']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not-found', 404, { vi: 'Không tìm thấy thông điệp.', en: 'No such message.' });
  // The retry and its audit entry (outbox.retry, identifiers only) commit together.
  const updated = await ctx.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('outbox')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, dead_at: null, claimed_at: null, claimed_by: null })
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .returning(['id', 'topic'])
      .executeTakeFirst();
    if (done) await recordAudit(trx, ctx, admin, { action: 'outbox.retry', subjectType: 'outbox_message', subjectId: String(done.id), orgId: null, details: { topic: done.topic } });
    return done;
  });
  if (!updated) {
    throw new DomainError('outbox-not-dead', 409, {
      vi: 'Chỉ thử lại được thông điệp đã chuyển sang trạng thái lỗi vĩnh viễn (dead).',
      en: 'Only a dead message can be retried.',
    });
  }
  return { id: String(row.id), status: 'pending' as const, nextAttemptAt: now.toISOString() };
}
