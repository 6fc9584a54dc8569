/**
 * SMS through a Vietnamese brand-name SMS provider. Modelled on eSMS.vn's JSON API
 * (POST {url}/MainService.svc/json/SendMultipleMessage_V4_post_json/): ApiKey, SecretKey, Phone,
 * Content, Brandname, SmsType "2" (customer care: brand-name messages to one recipient), IsUnicode "0"
 * (GSM-7, see domain/render.ts), Sandbox "0", RequestId (≤ 50 characters; the provider refuses a
 * RequestId it has seen in the last 24 h, so the delivery key makes a repeated send harmless).
 * Answer: { CodeResult: "100", SMSID } on success; any other CodeResult is an error with ErrorMessage.
 * Other providers (SpeedSMS, VNPT, Viettel) differ in names only: one adapter per provider here.
 */
import { createHash } from 'node:crypto';
import type { SmsSettings } from '../settings.ts';

export const ESMS_SEND_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';

/** A RequestId of at most 50 characters from the delivery key (hashed when longer). */
export function requestIdOf(deliveryKey: string): string {
  return deliveryKey.length <= 50 ? deliveryKey : createHash('sha256').update(deliveryKey).digest('hex').slice(0, 50);
}

/** Vietnamese mobile numbers as the provider wants them: 0xxxxxxxxx (a leading +84/84 becomes 0). */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.startsWith('+84')) return `0${digits.slice(3)}`;
  if (digits.startsWith('84') && digits.length === 11) return `0${digits.slice(2)}`;
  return digits;
}

export async function sendSms(settings: SmsSettings, phone: string, content: string, deliveryKey: string): Promise<string> {
  const response = await fetch(`${settings.url.replace(/\/+$/, '')}${ESMS_SEND_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ApiKey: settings.apiKey,
      SecretKey: settings.secretKey,
      Phone: normalisePhone(phone),
      Content: content,
      Brandname: settings.brandname,
      SmsType: '2',
      IsUnicode: '0',
      Sandbox: '0',
      RequestId: requestIdOf(deliveryKey),
    }),
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok) throw new Error(`SMS provider answered HTTP ${response.status}`);
  const body = (await response.json()) as { CodeResult?: string; SMSID?: string; ErrorMessage?: string };
  // 124: this RequestId was already accepted (a send repeated after a crash): it went out once, which is what we want.
  if (body.CodeResult === '124') return 'duplicate-request';
  if (body.CodeResult !== '100') throw new Error(`SMS provider refused (CodeResult ${body.CodeResult ?? '?'}): ${body.ErrorMessage ?? ''}`.trim());
  return body.SMSID ?? '';
}
