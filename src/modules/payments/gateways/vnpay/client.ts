/**
 * The merchant side of VNPAY 2.1.0: the signed payment URL, and the merchant API calls querydr and
 * refund (JSON over HTTPS, signatures checked both ways). Nothing here logs parameters: the secret is
 * in the configuration only, and signatures are not secrets but are not logged either.
 */
import type { PaymentGatewayConfig } from '../../config.ts';
import { API_FIELDS, signApi, signedUrl, verifyApi, vnTime, VNP_VERSION } from './protocol.ts';

export interface PaymentRequest {
  txnRef: string;
  amountVnd: number;
  orderInfo: string;
  ipAddr: string;
  returnUrl: string;
  locale: 'vn' | 'en';
  now: Date;
}

export function paymentUrl(config: PaymentGatewayConfig, r: PaymentRequest): { url: string; createDate: string; expireDate: string } {
  const createDate = vnTime(r.now);
  const expireDate = vnTime(new Date(r.now.getTime() + config.expireMinutes * 60_000));
  const params: Record<string, string> = {
    vnp_Version: VNP_VERSION,
    vnp_Command: 'pay',
    vnp_TmnCode: config.tmnCode,
    vnp_Amount: String(r.amountVnd * 100),
    vnp_CurrCode: 'VND',
    vnp_TxnRef: r.txnRef,
    vnp_OrderInfo: r.orderInfo,
    vnp_OrderType: 'other',
    vnp_Locale: r.locale,
    vnp_ReturnUrl: r.returnUrl,
    vnp_IpAddr: r.ipAddr,
    vnp_CreateDate: createDate,
    vnp_ExpireDate: expireDate,
  };
  return { url: signedUrl(config.payUrl, params, config.hashSecret), createDate, expireDate };
}

export class GatewayError extends Error {}

async function call(config: PaymentGatewayConfig, fields: readonly string[], responseFields: readonly string[], body: Record<string, string>): Promise<Record<string, string>> {
  body.vnp_SecureHash = signApi(fields, body, config.hashSecret);
  let res: Response;
  try {
    res = await fetch(config.apiUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    throw new GatewayError(`gateway unreachable: ${(e as Error).name}`);
  }
  const answer = (await res.json().catch(() => null)) as Record<string, string> | null;
  if (!answer || typeof answer !== 'object') throw new GatewayError(`gateway answered ${res.status} without JSON`);
  // Refusals for a bad request come unsigned from some gateways; a signed answer must verify.
  if (answer.vnp_SecureHash && !verifyApi(responseFields, answer, config.hashSecret)) throw new GatewayError('gateway answer has an invalid signature');
  if (!answer.vnp_SecureHash && answer.vnp_ResponseCode === '00') throw new GatewayError('gateway answer is not signed');
  return answer;
}

export interface QueryDr {
  requestId: string;
  txnRef: string;
  /** vnp_CreateDate of the payment attempt (vnp_TransactionDate). */
  transactionDate: string;
  orderInfo: string;
  ipAddr: string;
  now: Date;
}

export function queryDr(config: PaymentGatewayConfig, q: QueryDr) {
  return call(config, API_FIELDS.querydr, API_FIELDS.querydrResponse, {
    vnp_RequestId: q.requestId, vnp_Version: VNP_VERSION, vnp_Command: 'querydr', vnp_TmnCode: config.tmnCode, vnp_TxnRef: q.txnRef,
    vnp_OrderInfo: q.orderInfo, vnp_TransactionDate: q.transactionDate, vnp_CreateDate: vnTime(q.now), vnp_IpAddr: q.ipAddr,
  });
}

export interface Refund {
  requestId: string;
  txnRef: string;
  amountVnd: number;
  /** '02' whole amount, '03' part of it. */
  transactionType: '02' | '03';
  transactionNo: string;
  transactionDate: string;
  createBy: string;
  orderInfo: string;
  ipAddr: string;
  now: Date;
}

export function refund(config: PaymentGatewayConfig, r: Refund) {
  return call(config, API_FIELDS.refund, API_FIELDS.refundResponse, {
    vnp_RequestId: r.requestId, vnp_Version: VNP_VERSION, vnp_Command: 'refund', vnp_TmnCode: config.tmnCode, vnp_TransactionType: r.transactionType,
    vnp_TxnRef: r.txnRef, vnp_Amount: String(r.amountVnd * 100), vnp_OrderInfo: r.orderInfo, vnp_TransactionNo: r.transactionNo,
    vnp_TransactionDate: r.transactionDate, vnp_CreateBy: r.createBy, vnp_CreateDate: vnTime(r.now), vnp_IpAddr: r.ipAddr,
  });
}
