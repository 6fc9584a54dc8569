/**
 * The VNPAY 2.1.0 protocol, as VNPAY's published merchant sample code does it (vnpay_nodejs):
 *   - redirect and IPN/return parameters: the vnp_* parameters sorted by key; each value URL-encoded with
 *     encodeURIComponent and %20 turned into "+" (keys are plain ASCII); joined as key=value&… without
 *     further encoding — that string is both what is signed and the query string sent;
 *   - the signature: HMAC-SHA512 of that string with the merchant secret, hex, in vnp_SecureHash
 *     (vnp_SecureHash and vnp_SecureHashType are left out when verifying);
 *   - the merchant API (querydr, refund): JSON bodies, signed over the fields joined with "|" in the
 *     order VNPAY's API documents;
 *   - times as yyyyMMddHHmmss in Vietnam time (UTC+7); vnp_Amount = đồng × 100.
 * Shared by the merchant side (../../gateway.ts) and the sandbox (../../sandbox/), so both speak one
 * protocol; the test also checks a hand-computed HMAC.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const VNP_VERSION = '2.1.0';

export const hmacSha512 = (secret: string, data: string): string => createHmac('sha512', secret).update(Buffer.from(data, 'utf8')).digest('hex');

/** One value as VNPAY's sample encodes it. */
export const encodeValue = (v: string): string => encodeURIComponent(v).replace(/%20/g, '+');

/** The sorted, encoded key=value&… string: what is signed, and the query string. */
export function signData(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeValue(params[k]!)}`)
    .join('&');
}

export function sign(params: Record<string, string>, secret: string): string {
  return hmacSha512(secret, signData(params));
}

/** The full signed URL for the gateway's payment page. */
export function signedUrl(base: string, params: Record<string, string>, secret: string): string {
  const data = signData(params);
  return `${base}?${data}&vnp_SecureHash=${hmacSha512(secret, data)}`;
}

/** Checks vnp_SecureHash of received (already decoded) parameters, in constant time. */
export function verify(params: Record<string, string>, secret: string): boolean {
  const given = params.vnp_SecureHash;
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{128}$/.test(given)) return false;
  const expected = Buffer.from(sign(params, secret), 'hex');
  return timingSafeEqual(expected, Buffer.from(given.toLowerCase(), 'hex'));
}

/** yyyyMMddHHmmss in Vietnam time (UTC+7, no daylight saving). */
export function vnTime(at: Date): string {
  const v = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return v.slice(0, 19).replace(/[-T:]/g, '');
}

/** The instant of a yyyyMMddHHmmss Vietnam time, or null. */
export function parseVnTime(s: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+07:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Field orders of the merchant API's "|"-joined signatures (VNPAY API 2.1.0). */
export const API_FIELDS = {
  querydr: ['vnp_RequestId', 'vnp_Version', 'vnp_Command', 'vnp_TmnCode', 'vnp_TxnRef', 'vnp_TransactionDate', 'vnp_CreateDate', 'vnp_IpAddr', 'vnp_OrderInfo'],
  querydrResponse: ['vnp_ResponseId', 'vnp_Command', 'vnp_ResponseCode', 'vnp_Message', 'vnp_TmnCode', 'vnp_TxnRef', 'vnp_Amount', 'vnp_BankCode', 'vnp_PayDate', 'vnp_TransactionNo', 'vnp_TransactionType', 'vnp_TransactionStatus', 'vnp_OrderInfo', 'vnp_PromotionCode', 'vnp_PromotionAmount'],
  refund: ['vnp_RequestId', 'vnp_Version', 'vnp_Command', 'vnp_TmnCode', 'vnp_TransactionType', 'vnp_TxnRef', 'vnp_Amount', 'vnp_TransactionNo', 'vnp_TransactionDate', 'vnp_CreateBy', 'vnp_CreateDate', 'vnp_IpAddr', 'vnp_OrderInfo'],
  refundResponse: ['vnp_ResponseId', 'vnp_Command', 'vnp_ResponseCode', 'vnp_Message', 'vnp_TmnCode', 'vnp_TxnRef', 'vnp_Amount', 'vnp_BankCode', 'vnp_PayDate', 'vnp_TransactionNo', 'vnp_TransactionType', 'vnp_TransactionStatus', 'vnp_OrderInfo'],
} as const;

export function signApi(fields: readonly string[], body: Record<string, string | undefined>, secret: string): string {
  return hmacSha512(secret, fields.map((f) => body[f] ?? '').join('|'));
}

export function verifyApi(fields: readonly string[], body: Record<string, string | undefined>, secret: string): boolean {
  const given = body.vnp_SecureHash;
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{128}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(signApi(fields, body, secret), 'hex'), Buffer.from(given.toLowerCase(), 'hex'));
}

/** Gateway response codes a person can read (the return page). */
export const RESPONSE_TEXT: Record<string, { vi: string; en: string }> = {
  '00': { vi: 'Giao dịch thành công', en: 'Payment successful' },
  '07': { vi: 'Giao dịch bị nghi ngờ', en: 'Payment held as suspicious' },
  '11': { vi: 'Hết hạn chờ thanh toán', en: 'The payment window expired' },
  '24': { vi: 'Người thanh toán đã hủy giao dịch', en: 'The payer cancelled the payment' },
  '51': { vi: 'Tài khoản không đủ số dư', en: 'Insufficient funds' },
  '99': { vi: 'Lỗi không xác định', en: 'Unknown error' },
};
