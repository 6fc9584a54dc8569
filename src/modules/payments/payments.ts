/**
 * Paying a dossier's fees: what is owed and paid (the applicant, officers in scope), starting an online
 * payment (the applicant: a new attempt with its own reference and a signed gateway URL), and recording
 * a payment at the counter (reception or a leader of the receiving side), which is paid at once and
 * gets its e-receipt number. Online attempts become paid only through the IPN (./ipn.ts).
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { DomainError } from '../../kernel/errors.ts';
import { TERMINAL_STATUSES, type DossierStatus } from '../dossiers/domain/types.ts';
import type { ActorPosition } from '../dossiers/domain/policy.ts';
import { payableLines, type Owed } from './domain/fees.ts';
import { paymentUrl } from './gateways/vnpay/client.ts';
import { vnTime } from './gateways/vnpay/protocol.ts';
import { dossierFor, enqueuePaid, nextReceiptNo, owedFor, type PaymentDossier, type PaymentRow } from './store.ts';
import type { DossierPayments, PaymentView, StartPaymentRequest } from './contracts.ts';

const COUNTER_ROLES = new Set(['reception', 'leader']);
const REFUND_ROLES = new Set(['leader', 'admin']);

export const receiptUrl = (code: string, id: string) => `/api/dossiers/${encodeURIComponent(code)}/payments/${id}/receipt.pdf`;

export interface RefundRow {
  amount_vnd: string | number;
  reason: string;
  at: Date;
  status: 'done' | 'refused';
  response_code: string;
  by_name: string | null;
}

/** The refunds of some payments with the name of the officer who asked for each (kept for officers only). */
export async function refundRows(ctx: AppContext, paymentIds: string[]): Promise<Array<RefundRow & { payment_id: string }>> {
  if (paymentIds.length === 0) return [];
  return ctx.db
    .selectFrom('payment_refunds')
    .leftJoin('users', 'users.id', 'payment_refunds.by_user_id')
    .select(['payment_refunds.payment_id', 'payment_refunds.amount_vnd', 'payment_refunds.reason', 'payment_refunds.at', 'payment_refunds.status', 'payment_refunds.response_code', 'users.full_name as by_name'])
    .where('payment_refunds.payment_id', 'in', paymentIds)
    .orderBy('payment_refunds.at')
    .execute();
}

/** `officer`: whether the reader may see who asked for a refund (the applicant sees what and why, not who). */
export function paymentView(p: PaymentRow, refunds: RefundRow[] = [], officer = true): PaymentView {
  return {
    id: p.id, method: p.method, gateway: p.gateway, txnRef: p.txn_ref, amountVnd: Number(p.amount_vnd), items: p.items, status: p.status,
    createdAt: p.created_at.toISOString(), paidAt: p.paid_at?.toISOString() ?? null, receiptNo: p.receipt_no,
    receiptUrl: p.receipt_no ? receiptUrl(p.dossier_code, p.id) : null, counterReference: p.counter_reference, gatewayTransactionNo: p.gateway_txn_no,
    refundedVnd: Number(p.refunded_vnd),
    refunds: refunds.map((r) => ({ amountVnd: Number(r.amount_vnd), reason: r.reason, at: r.at.toISOString(), status: r.status, responseCode: r.response_code, byName: officer ? r.by_name : null })),
  };
}

const open = (d: PaymentDossier) => !TERMINAL_STATUSES.includes(d.status as DossierStatus);
const mayRecordCounter = (user: SessionUser, actor: ActorPosition) => COUNTER_ROLES.has(user.role) && actor.coversReceivingOrg;
export const mayRefund = (user: SessionUser, actor: ActorPosition) => REFUND_ROLES.has(user.role) && actor.coversReceivingOrg;

export async function dossierPayments(ctx: AppContext, user: SessionUser, code: string): Promise<DossierPayments> {
  const { dossier, actor } = await dossierFor(ctx, user, code);
  const owed = await owedFor(ctx.db, dossier);
  const rows = await ctx.db.selectFrom('payments').selectAll().where('dossier_id', '=', dossier.id).orderBy('created_at').orderBy('id').execute();
  const refunds = await refundRows(ctx, rows.map((r) => r.id));
  const names = new Map<string, string>();
  for (const l of owed.lines) names.set(l.collectorOrgId, (await ctx.orgs.find(l.collectorOrgId))?.name ?? l.collectorOrgId);
  const config = ctx.config.payment;
  const canPay = owed.outstandingVnd > 0 && open(dossier);
  return {
    dossierCode: dossier.code,
    procedureName: dossier.procedureName,
    lines: owed.lines.map((l) => ({ ...l, collectorName: names.get(l.collectorOrgId)! })),
    outstandingVnd: owed.outstandingVnd,
    outstandingAtSubmissionVnd: owed.outstandingAtSubmissionVnd,
    outstandingBeforeResultVnd: owed.outstandingBeforeResultVnd,
    hasFee: owed.hasFee,
    // Officers see every attempt; the applicant too (a failed attempt explains itself).
    payments: rows.map((r) => paymentView(r, refunds.filter((f) => f.payment_id === r.id), user.role !== 'citizen')),
    onlinePayment: { available: !!config, sandbox: config?.sandbox ?? false },
    may: {
      payOnline: !!config && canPay && user.role === 'citizen' && actor.isApplicant,
      recordCounter: canPay && mayRecordCounter(user, actor),
      refund: mayRefund(user, actor),
    },
  };
}

function nothingOwed(): DomainError {
  return new DomainError('nothing-to-pay', 409, { vi: 'Hồ sơ không còn khoản phí, lệ phí nào phải nộp.', en: 'Nothing is owed on this dossier.' });
}

/** A reference unique per attempt: date (Vietnam) and random digits, alphanumeric as gateways accept. */
const newTxnRef = (now: Date) => `${vnTime(now).slice(2, 8)}${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e3)).padStart(3, '0')}`;

export async function startPayment(ctx: AppContext, user: SessionUser, code: string, body: z.infer<typeof StartPaymentRequest>, ipAddr: string): Promise<{ payment: PaymentView; redirectUrl: string | null }> {
  const { dossier, actor } = await dossierFor(ctx, user, code);
  if (body.method === 'online') {
    if (user.role !== 'citizen' || !actor.isApplicant) {
      throw new DomainError('forbidden', 403, { vi: 'Chỉ người nộp hồ sơ được thanh toán trực tuyến.', en: 'Only the applicant pays online.' });
    }
  } else if (!mayRecordCounter(user, actor)) {
    throw new DomainError('forbidden', 403, { vi: 'Chỉ cán bộ tiếp nhận hoặc lãnh đạo của nơi tiếp nhận hồ sơ được ghi nhận thu tại quầy.', en: 'Only reception officers or leaders of the receiving unit record counter payments.' });
  }
  if (!open(dossier)) throw new DomainError('dossier-closed', 409, { vi: 'Hồ sơ đã kết thúc; không thu phí.', en: 'The dossier is closed; nothing is collected.' });
  const owed: Owed = await owedFor(ctx.db, dossier);
  const lines = payableLines(owed);
  if (lines.length === 0) throw nothingOwed();
  const amountVnd = lines.reduce((s, l) => s + l.amountVnd, 0);
  const items = lines.map((l) => ({ id: l.feeId, name: l.name, amountVnd: l.amountVnd }));
  const now = ctx.clock();
  const id = `pay_${randomUUID()}`;

  if (body.method === 'online') {
    const config = ctx.config.payment;
    if (!config) throw new DomainError('online-payment-off', 409, { vi: 'Chưa cấu hình cổng thanh toán trực tuyến; vui lòng nộp tại quầy.', en: 'Online payment is not configured; please pay at the counter.' });
    const txnRef = newTxnRef(now);
    // Vietnamese without diacritics, as gateways show order info: "Thanh toan phi ho so <code>".
    const orderInfo = `Thanh toan phi ho so ${dossier.code}`;
    const returnUrl = `${ctx.config.publicUrl}/thanh-toan/ket-qua`;
    const signed = paymentUrl(config, { txnRef, amountVnd, orderInfo, ipAddr, returnUrl, locale: body.locale, now });
    await ctx.db.insertInto('payments').values({
      id, dossier_id: dossier.id, dossier_code: dossier.code, method: 'online', gateway: config.gateway, txn_ref: txnRef, amount_vnd: amountVnd,
      items: JSON.stringify(items), status: 'pending', created_at: now, created_by: user.id, collector_org_id: lines[0]!.collectorOrgId,
      expires_at: new Date(now.getTime() + config.expireMinutes * 60_000), paid_at: null, gateway_txn_no: null, bank_code: null, response_code: null,
      gateway_pay_date: null, gateway_create_date: signed.createDate, receipt_no: null, counter_reference: null,
    }).execute();
    const row = await ctx.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { payment: paymentView(row), redirectUrl: signed.url };
  }

  // At the counter: paid now, in one transaction with the paid items (a fee is paid once: paid_fees' key).
  await ctx.db.transaction().execute(async (trx) => {
    const receiptNo = await nextReceiptNo(trx, now);
    await trx.insertInto('payments').values({
      id, dossier_id: dossier.id, dossier_code: dossier.code, method: body.method, gateway: null, txn_ref: null, amount_vnd: amountVnd,
      items: JSON.stringify(items), status: 'paid', created_at: now, created_by: user.id, collector_org_id: lines[0]!.collectorOrgId,
      expires_at: null, paid_at: now, gateway_txn_no: null, bank_code: null, response_code: null, gateway_pay_date: null, gateway_create_date: null,
      receipt_no: receiptNo, counter_reference: body.counterReference ?? null,
    }).execute();
    const inserted = await trx.insertInto('paid_fees').values(items.map((i) => ({ dossier_id: dossier.id, fee_id: i.id, payment_id: id })))
      .onConflict((oc) => oc.doNothing()).returning('fee_id').execute();
    if (inserted.length !== items.length) throw nothingOwed();
    await enqueuePaid(trx, { dossierId: dossier.id, dossierCode: dossier.code, amountVnd, receiptNo, applicantId: dossier.applicantId, paymentId: id, method: body.method }, now);
  });
  const row = await ctx.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { payment: paymentView(row), redirectUrl: null };
}
