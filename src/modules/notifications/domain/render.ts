/**
 * Template rendering, pure: `{{variable}}` placeholders, HTML escaping of values in the HTML part, and
 * the SMS rules.
 *
 * SMS decision: Vietnamese brand-name SMS go out WITHOUT diacritics in the GSM-7 alphabet, where one
 * message holds 160 characters; with diacritics (UCS-2) it would hold 70, and a template long enough to
 * be useful would be split into 3 billed parts. So an SMS is rendered, then stripped of diacritics
 * (đ → d), and must then be GSM-7 and ≤ 160 characters with every variable at its realistic longest
 * (events.ts SAMPLES); a template that cannot fit is refused when it is saved.
 */
import { EVENT_VARIABLES, SAMPLES, type Channel, type NotificationEvent } from './events.ts';

export const SMS_MAX = 160;
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export interface TemplateParts {
  subject: string | null;
  body: string;
  html: string | null;
}

export interface TemplateIssue {
  path: string;
  message: { vi: string; en: string };
}

export function variablesIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** Vietnamese without diacritics: NFD, combining marks removed, đ/Đ → d/D. */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

// The GSM 03.38 basic character set (the escape-table characters count double: kept out, they are rarely needed).
const GSM7 = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
export const isGsm7 = (text: string): boolean => [...text].every((c) => GSM7.has(c));

/** Replaces each placeholder with its value (escaped for HTML when asked); a missing value renders empty. */
export function fill(template: string, values: Record<string, string>, html = false): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => {
    const v = values[name] ?? '';
    return html ? escapeHtml(v) : v;
  });
}

/** An SMS as sent: filled, stripped of diacritics, whitespace runs collapsed. */
export function renderSms(template: string, values: Record<string, string>): string {
  return stripDiacritics(fill(template, values)).replace(/[ \t]+/g, ' ').trim();
}

/** The HTML part built from a plain text template: escaped text, a paragraph per blank line, the placeholders kept. */
export function htmlFromText(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  return `<div style="font-family: Arial, sans-serif; font-size: 15px; line-height: 1.5">${paragraphs.join('\n')}</div>`;
}

/** The rendered message of one channel. */
export interface Rendered {
  subject: string | null;
  text: string;
  html: string | null;
}

export function render(channel: Channel, parts: TemplateParts, values: Record<string, string>): Rendered {
  if (channel === 'sms') return { subject: null, text: renderSms(parts.body, values), html: null };
  return {
    subject: parts.subject === null ? null : fill(parts.subject, values).replace(/\s+/g, ' ').trim(),
    text: fill(parts.body, values),
    html: channel === 'email' ? fill(parts.html ?? htmlFromText(parts.body), values, true) : null,
  };
}

/** What is wrong with a template for an event and channel (empty: it may be saved). */
export function checkTemplate(event: NotificationEvent, channel: Channel, parts: TemplateParts): TemplateIssue[] {
  const allowed = new Set(EVENT_VARIABLES[event]);
  const issues: TemplateIssue[] = [];
  const fields: Array<[keyof TemplateParts, string | null]> = [['subject', parts.subject], ['body', parts.body], ['html', parts.html]];
  for (const [field, text] of fields) {
    if (text === null) continue;
    const unknown = [...new Set(variablesIn(text).filter((v) => !allowed.has(v)))];
    if (unknown.length > 0) {
      issues.push({
        path: field,
        message: {
          vi: `Biến không có trong sự kiện này: ${unknown.map((u) => `{{${u}}}`).join(', ')}. Được dùng: ${[...allowed].map((a) => `{{${a}}}`).join(', ')}.`,
          en: `Unknown variable(s) for this event: ${unknown.map((u) => `{{${u}}}`).join(', ')}. Allowed: ${[...allowed].map((a) => `{{${a}}}`).join(', ')}.`,
        },
      });
    }
  }
  if (channel !== 'sms' && !parts.subject?.trim()) issues.push({ path: 'subject', message: { vi: 'Cần có tiêu đề.', en: 'A subject is required.' } });
  if (channel !== 'email' && parts.html !== null) issues.push({ path: 'html', message: { vi: 'Chỉ thư điện tử có phần HTML.', en: 'Only e-mail has an HTML part.' } });
  if (channel === 'sms') {
    const sample = renderSms(parts.body, SAMPLES);
    if (!isGsm7(sample)) {
      const bad = [...new Set([...sample].filter((c) => !GSM7.has(c)))].join(' ');
      issues.push({ path: 'body', message: { vi: `Tin nhắn có ký tự ngoài bảng GSM-7 (sẽ phải gửi Unicode, tối đa 70 ký tự): ${bad}`, en: `The SMS has characters outside GSM-7 (it would go as Unicode, 70 characters at most): ${bad}` } });
    }
    if (sample.length > SMS_MAX) {
      issues.push({
        path: 'body',
        message: {
          vi: `Tin nhắn dài ${sample.length} ký tự khi điền giá trị dài nhất (tối đa ${SMS_MAX}, không dấu). Hãy rút ngắn.`,
          en: `The SMS is ${sample.length} characters with the longest values (at most ${SMS_MAX}, without diacritics). Shorten it.`,
        },
      });
    }
  }
  return issues;
}
