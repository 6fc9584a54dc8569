/**
 * Reconciliation of a day's online payments (Vietnam day of the attempt) with the gateway's querydr:
 * each attempt of the day is asked for; a difference between what we recorded and what the gateway
 * says (paid there but not here — a lost IPN —, paid here but not there, amounts) is reported. Nothing
 * is changed: a person decides (docs/payments.md). `npx motcua payments reconcile --day YYYY-MM-DD`.
 */
import { randomInt } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { dayNumberOf, isoDate, parseIsoDate, startOfDay } from '../calendar/domain/local-time.ts';
import { GatewayError, queryDr } from './gateways/vnpay/client.ts';

export interface ReconcileLine {
  txnRef: string;
  dossierCode: string;
  ours: { status: string; amountVnd: number };
  gateway: { responseCode: string; transactionStatus: string | null; amountVnd: number | null } | null;
  mismatch: string | null;
}

export interface ReconcileReport {
  day: string;
  checked: number;
  matched: number;
  mismatches: ReconcileLine[];
  lines: ReconcileLine[];
}

export async function reconcileDay(ctx: AppContext, day: string): Promise<ReconcileReport> {
  const config = ctx.config.payment;
  if (!config) throw new Error('no payment gateway is configured (MOTCUA_VNPAY_*)');
  const n = parseIsoDate(day);
  if (n === null) throw new Error(`not a date: ${day}`);
  const rows = await ctx.db.selectFrom('payments').selectAll().where('method', '=', 'online')
    .where('created_at', '>=', startOfDay(n)).where('created_at', '<', startOfDay(n + 1)).orderBy('created_at').execute();
  const lines: ReconcileLine[] = [];
  for (const p of rows) {
    const ours = { status: p.status, amountVnd: Number(p.amount_vnd) };
    let gateway: ReconcileLine['gateway'] = null;
    let mismatch: string | null = null;
    try {
      const now = ctx.clock();
      const a = await queryDr(config, {
        requestId: `${isoDate(dayNumberOf(now)).replace(/-/g, '').slice(2)}${String(randomInt(0, 1e9)).padStart(9, '0')}`,
        txnRef: p.txn_ref!, transactionDate: p.gateway_create_date ?? '', orderInfo: `Doi soat ${p.txn_ref}`, ipAddr: '127.0.0.1', now,
      });
      gateway = { responseCode: a.vnp_ResponseCode ?? '', transactionStatus: a.vnp_TransactionStatus ?? null, amountVnd: /^\d+$/.test(a.vnp_Amount ?? '') ? Number(a.vnp_Amount) / 100 : null };
    } catch (e) {
      if (!(e instanceof GatewayError)) throw e;
      mismatch = `gateway error: ${e.message}`;
    }
    if (gateway && !mismatch) {
      const paidThere = gateway.responseCode === '00' && gateway.transactionStatus === '00';
      const refundedThere = gateway.responseCode === '00' && gateway.transactionStatus === '06';
      const paidHere = p.status === 'paid' || p.status === 'duplicate';
      if (gateway.responseCode === '91') mismatch = paidHere ? 'paid here, unknown to the gateway' : null;
      else if (paidThere && !paidHere) mismatch = p.status === 'refunded' ? 'refunded here, paid at the gateway' : 'paid at the gateway, not here (IPN lost?)';
      else if (!paidThere && paidHere) mismatch = refundedThere ? 'refunded at the gateway, paid here' : 'paid here, not at the gateway';
      else if (paidThere && gateway.amountVnd !== ours.amountVnd) mismatch = `amount: ${ours.amountVnd} here, ${gateway.amountVnd} at the gateway`;
    }
    lines.push({ txnRef: p.txn_ref!, dossierCode: p.dossier_code, ours, gateway, mismatch });
  }
  const mismatches = lines.filter((l) => l.mismatch !== null);
  return { day, checked: lines.length, matched: lines.length - mismatches.length, mismatches, lines };
}
