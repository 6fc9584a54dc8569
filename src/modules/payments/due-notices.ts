/**
 * "Payment due" (outbox topic payment.due, for notifications): when a dossier is submitted with fees
 * owed at submission, and when its result is ready (dossier.complete) with fees owed before the result.
 * Told once per dossier and moment (payment_due_notices' key, in the same transaction as the message).
 * Also the return guard (registered by src/app.ts on the dossiers module's action-guard registry).
 */
import { DomainError } from '../../kernel/errors.ts';
import type { AppContext } from '../../context.ts';
import { registerOutboxHandler, writeOutbox, type OutboxHandler } from '../../platform/outbox/index.ts';
import type { ActionGuard } from '../dossiers/action-guards.ts';
import { blocksReturn, type FeeDue } from './domain/fees.ts';
import { formatVnd } from './receipt.ts';
import { loadDossier, owedFor } from './store.ts';

async function tellDue(ctx: AppContext, code: string, due: FeeDue): Promise<void> {
  const d = await loadDossier(ctx.db, code);
  if (!d) return;
  const owed = await owedFor(ctx.db, d);
  const amountVnd = due === 'at_submission' ? owed.outstandingAtSubmissionVnd : owed.outstandingBeforeResultVnd;
  if (amountVnd <= 0) return;
  await ctx.db.transaction().execute(async (trx) => {
    const fresh = await trx.insertInto('payment_due_notices').values({ dossier_id: d.id, due }).onConflict((oc) => oc.doNothing()).returning('dossier_id').execute();
    if (fresh.length === 0) return;
    await writeOutbox(trx, {
      topic: 'payment.due',
      payload: { dossierId: d.id, dossierCode: d.code, amountVnd, due, receiptNo: null, applicantId: d.applicantId },
      at: ctx.clock(),
    }).execute();
  });
}

const onSubmitted: OutboxHandler = async (m, ctx) => tellDue(ctx, String(m.payload.code), 'at_submission');
const onCompleted: OutboxHandler = async (m, ctx) => tellDue(ctx, String(m.payload.code), 'before_result');

let registered = false;
export function registerPaymentOutboxHandlers(): void {
  if (registered) return;
  registered = true;
  registerOutboxHandler('dossier.submitted', 'payments.due-at-submission', onSubmitted);
  registerOutboxHandler('dossier.complete', 'payments.due-before-result', onCompleted);
}

/** A fee due before the result, neither paid nor exempt, blocks returning the result (409). */
export const unpaidFeeGuard: ActionGuard = async (ctx, dossier) => {
  const d = await loadDossier(ctx.db, dossier.code);
  if (!d) return;
  const owed = await owedFor(ctx.db, d);
  if (blocksReturn(owed)) {
    throw new DomainError('fee-unpaid', 409, {
      vi: `Chưa thể trả kết quả: hồ sơ còn ${formatVnd(owed.outstandingBeforeResultVnd)} phí, lệ phí phải nộp trước khi nhận kết quả. Đề nghị người nộp thanh toán trực tuyến hoặc thu tại quầy.`,
      en: `The result cannot be returned yet: ${owed.outstandingBeforeResultVnd} đồng of fees are due before the result. Ask the applicant to pay online or collect at the counter.`,
    });
  }
};
