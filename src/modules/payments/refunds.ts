/**
 * Refunds through the gateway's refund command (online payments) — a leader of the receiving unit or an
 * administrator in scope, with a reason; recorded whatever the gateway answers (refused ones too), with
 * who and why. vnp_RequestId is unique per Vietnam day (payment_refunds' key). A refund of the whole
 * amount frees the fee items (they are owed again) and marks the payment refunded. Counter payments are
 * refunded in cash and recorded the same way, without a gateway call.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { DomainError, errors } from '../../kernel/errors.ts';
import { dayNumberOf, isoDate } from '../calendar/domain/local-time.ts';
import { GatewayError, refund as gatewayRefund } from './gateways/vnpay/client.ts';
import { dossierFor } from './store.ts';
import { mayRefund, paymentView, refundRows } from './payments.ts';
import type { PaymentView, RefundRequest } from './contracts.ts';

export async function refundPayment(ctx: AppContext, user: SessionUser, code: string, paymentId: string, body: z.infer<typeof RefundRequest>, ipAddr: string): Promise<PaymentView> {
  const p = await ctx.db.selectFrom('payments').selectAll().where('id', '=', paymentId).where('dossier_code', '=', code).executeTakeFirst();
  if (!p) throw errors.notFound('payment', paymentId);
  const forbidden = () => new DomainError('forbidden', 403, { vi: 'Chỉ lãnh đạo hoặc quản trị viên của nơi tiếp nhận hồ sơ được hoàn tiền.', en: 'Only a leader or an administrator of the receiving unit refunds.' });
  // Outside the caller's subtree: refused (403), as every administrative route answers.
  const { actor } = await dossierFor(ctx, user, p.dossier_code).catch(() => { throw forbidden(); });
  if (!mayRefund(user, actor)) throw forbidden();
  if (p.status !== 'paid' && p.status !== 'duplicate') throw new DomainError('not-refundable', 409, { vi: 'Chỉ hoàn tiền khoản đã thanh toán.', en: 'Only a paid payment can be refunded.' });
  const paid = Number(p.amount_vnd);
  const left = paid - Number(p.refunded_vnd);
  const amount = body.amountVnd ?? left;
  if (amount > left) throw new DomainError('validation-failed', 422, { vi: 'Dữ liệu không hợp lệ.', en: 'Invalid data.' }, [{ path: 'amountVnd', message: { vi: `Tối đa ${left} đồng`, en: `At most ${left} đồng` } }]);
  const now = ctx.clock();
  const day = isoDate(dayNumberOf(now));
  const requestId = `${day.replace(/-/g, '').slice(2)}${String(randomInt(0, 1e9)).padStart(9, '0')}`;
  let responseCode = '00';
  let txnNo: string | null = null;
  if (p.method === 'online') {
    const config = ctx.config.payment;
    if (!config) throw new DomainError('online-payment-off', 409, { vi: 'Chưa cấu hình cổng thanh toán.', en: 'No payment gateway is configured.' });
    try {
      const answer = await gatewayRefund(config, {
        requestId, txnRef: p.txn_ref!, amountVnd: amount, transactionType: amount === paid ? '02' : '03', transactionNo: p.gateway_txn_no ?? '',
        transactionDate: p.gateway_create_date ?? '', createBy: user.username, orderInfo: `Hoan tien ho so ${p.dossier_code}`, ipAddr, now,
      });
      responseCode = answer.vnp_ResponseCode ?? '99';
      txnNo = answer.vnp_TransactionNo ?? null;
    } catch (e) {
      if (e instanceof GatewayError) throw new DomainError('gateway-unavailable', 409, { vi: 'Cổng thanh toán không trả lời hoặc trả lời không hợp lệ; chưa hoàn tiền.', en: 'The gateway did not answer properly; nothing was refunded.' });
      throw e;
    }
  }
  const done = responseCode === '00';
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('payment_refunds').values({
      id: `ref_${randomUUID()}`, payment_id: p.id, request_id: requestId, request_day: day, amount_vnd: amount, reason: body.reason, by_user_id: user.id, at: now,
      response_code: responseCode, gateway_txn_no: txnNo, status: done ? 'done' : 'refused',
    }).execute();
    if (!done) return;
    const whole = Number(p.refunded_vnd) + amount >= paid;
    await trx.updateTable('payments').set({ refunded_vnd: Number(p.refunded_vnd) + amount, ...(whole ? { status: 'refunded' as const } : {}) }).where('id', '=', p.id).execute();
    if (whole) await trx.deleteFrom('paid_fees').where('payment_id', '=', p.id).execute();
  });
  const row = await ctx.db.selectFrom('payments').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
  const refunds = await refundRows(ctx, [p.id]);
  if (!done) throw new DomainError('refund-refused', 409, { vi: `Cổng thanh toán từ chối hoàn tiền (mã ${responseCode}); yêu cầu đã được ghi lại.`, en: `The gateway refused the refund (code ${responseCode}); the request was recorded.` });
  return paymentView(row, refunds);
}
