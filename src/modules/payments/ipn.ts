/**
 * The gateway's server-to-server notification (IPN): the only thing that marks an online payment paid.
 * Signature, merchant, reference and amount are checked; the change is one transaction whose
 * conditional update (status still pending/failed) and the paid_fees key make repeated and reordered
 * notifications harmless: exactly one paid payment per fee item. Every notification is kept with our
 * answer (payment_notifications). The browser's return (returnResult) verifies and shows; it changes nothing.
 */
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { ANSWERS, decideIpn, type IpnAnswer } from './domain/ipn.ts';
import { RESPONSE_TEXT, verify } from './gateways/vnpay/protocol.ts';
import { enqueuePaid, nextReceiptNo } from './store.ts';
import { receiptUrl } from './payments.ts';
import type { ReturnResult } from './contracts.ts';

type Params = Record<string, string>;
const answerOf = (a: IpnAnswer) => ({ RspCode: a.rspCode, Message: a.message });

export async function handleIpn(ctx: AppContext, gateway: string, params: Params): Promise<{ RspCode: IpnAnswer['rspCode']; Message: string }> {
  const now = ctx.clock();
  const txnRef = typeof params.vnp_TxnRef === 'string' ? params.vnp_TxnRef : null;
  const log = (a: IpnAnswer) => ctx.db.insertInto('payment_notifications').values({ gateway, txn_ref: txnRef, params: JSON.stringify(params), rsp_code: a.rspCode, received_at: now }).execute();
  const config = ctx.config.payment;
  if (!config || config.gateway !== gateway) {
    await log(ANSWERS.unknown);
    return answerOf(ANSWERS.unknown);
  }
  if (!verify(params, config.hashSecret) || params.vnp_TmnCode !== config.tmnCode) {
    await log(ANSWERS.signature);
    return answerOf(ANSWERS.signature);
  }
  try {
    const answer = await ctx.db.transaction().execute(async (trx) => {
      const p = txnRef ? await trx.selectFrom('payments').selectAll().where('txn_ref', '=', txnRef).where('gateway', '=', gateway).executeTakeFirst() : undefined;
      const outcome = decideIpn(p ? { status: p.status, amountVnd: Number(p.amount_vnd) } : null, {
        amount: params.vnp_Amount ?? '', responseCode: params.vnp_ResponseCode ?? '', transactionStatus: params.vnp_TransactionStatus ?? '',
      });
      if (outcome.kind === 'answer' || !p) return outcome.answer;
      const gatewayFields = { gateway_txn_no: params.vnp_TransactionNo ?? null, bank_code: params.vnp_BankCode ?? null, response_code: params.vnp_ResponseCode ?? null, gateway_pay_date: params.vnp_PayDate ?? null };
      if (outcome.kind === 'fail') {
        await trx.updateTable('payments').set({ status: 'failed', ...gatewayFields }).where('id', '=', p.id).where('status', 'in', ['pending', 'failed']).execute();
        return outcome.answer;
      }
      // Paid: only from pending/failed, once. A concurrent notification that got here first leaves 0 rows.
      const updated = await trx.updateTable('payments').set({ status: 'paid', paid_at: now, ...gatewayFields }).where('id', '=', p.id).where('status', 'in', ['pending', 'failed']).executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return ANSWERS.already;
      const items = p.items;
      const inserted = await trx.insertInto('paid_fees').values(items.map((i) => ({ dossier_id: p.dossier_id, fee_id: i.id, payment_id: p.id })))
        .onConflict((oc) => oc.doNothing()).returning('fee_id').execute();
      if (inserted.length !== items.length) {
        // Another attempt (or the counter) already paid these items: the money is to be refunded, not counted twice.
        await trx.deleteFrom('paid_fees').where('payment_id', '=', p.id).execute();
        await trx.updateTable('payments').set({ status: 'duplicate' }).where('id', '=', p.id).execute();
        return ANSWERS.confirmed;
      }
      const receiptNo = await nextReceiptNo(trx, now);
      await trx.updateTable('payments').set({ receipt_no: receiptNo }).where('id', '=', p.id).execute();
      const d = await trx.selectFrom('dossiers').select(['applicant_id']).where('id', '=', p.dossier_id).executeTakeFirstOrThrow();
      await enqueuePaid(trx, { dossierId: p.dossier_id, dossierCode: p.dossier_code, amountVnd: Number(p.amount_vnd), receiptNo, applicantId: d.applicant_id, paymentId: p.id, method: 'online' }, now);
      return outcome.answer;
    });
    await log(answer);
    return answerOf(answer);
  } catch {
    // A lost race on the unique keys, or the database: the gateway retries; the retry finds the truth.
    await log(ANSWERS.unknown).catch(() => undefined);
    return answerOf(ANSWERS.unknown);
  }
}

/** The browser's return from the gateway: verify, show, change nothing. */
export async function returnResult(ctx: AppContext, user: SessionUser, gateway: string, params: Params): Promise<ReturnResult> {
  const config = ctx.config.payment;
  const verified = !!config && config.gateway === gateway && verify(params, config.hashSecret) && params.vnp_TmnCode === config.tmnCode;
  if (!verified) {
    return { verified: false, success: false, responseCode: null, message: { vi: 'Kết quả không hợp lệ (sai chữ ký): không thể xác nhận giao dịch.', en: 'Invalid result (bad signature): the payment cannot be confirmed.' }, txnRef: null, amountVnd: null, dossierCode: null, paymentStatus: null, receiptUrl: null };
  }
  const code = params.vnp_ResponseCode ?? '99';
  const success = code === '00' && params.vnp_TransactionStatus === '00';
  const p = await ctx.db.selectFrom('payments').innerJoin('dossiers', 'dossiers.id', 'payments.dossier_id')
    .select(['payments.id', 'payments.status', 'payments.dossier_code', 'payments.receipt_no', 'dossiers.applicant_id'])
    .where('payments.txn_ref', '=', params.vnp_TxnRef ?? '').executeTakeFirst();
  // Only the payer sees which dossier and the receipt.
  const own = p && p.applicant_id === user.id;
  return {
    verified: true, success, responseCode: code, message: RESPONSE_TEXT[code] ?? { vi: `Giao dịch không thành công (mã ${code})`, en: `Payment not completed (code ${code})` },
    txnRef: params.vnp_TxnRef ?? null, amountVnd: /^\d+$/.test(params.vnp_Amount ?? '') ? Number(params.vnp_Amount) / 100 : null,
    dossierCode: own ? p.dossier_code : null, paymentStatus: own ? p.status : null, receiptUrl: own && p.receipt_no ? receiptUrl(p.dossier_code, p.id) : null,
  };
}
