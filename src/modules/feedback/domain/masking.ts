/**
 * Personal data removed from published questions (Decree 13/2023, domain §9): the sender's own name,
 * ID number, phone, e-mail and address wherever they appear, and anything in the text that looks like an
 * ID number (9 or 12 digits), a Vietnamese phone number (0…, 84…, +84…, with spaces, dots or dashes),
 * an e-mail address, a house-number address, or a name introduced as "tôi là / tên tôi là / họ tên".
 * Pure; conservative: a false positive hides a number from the public, a false negative leaks a person.
 */

export interface KnownPersonalData {
  name?: string | null;
  idNumber?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
}

export const MASK = '***';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A known value found in the text case-insensitively, with any run of spaces where it has one. */
function knownValue(value: string): RegExp {
  return new RegExp(escape(value.normalize('NFC').trim()).replace(/\s+/g, '\\s+'), 'giu');
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/** Vietnamese phones: +84 / 84 / 0, then 9 digits (mobile) or 9–10 (landline), separators allowed between groups. */
const PHONE = /(?<![\p{N}])(?:\+\s?84|0084|84|0)(?:[\s.-]?\d){8,10}(?![\p{N}])/gu;
/** ID numbers: 12 digits (citizen ID) or 9 (old ID card), alone or grouped by spaces/dots. */
const ID_NUMBER = /(?<![\p{N}])(?:\d[\s.]?){11}\d(?![\p{N}])|(?<![\p{N}])(?:\d[\s.]?){8}\d(?![\p{N}])/gu;
/** "số 12 Lê Lợi", "12/3 Nguyễn Trãi", "địa chỉ: …": up to the end of the clause. */
const ADDRESS = /(?:địa chỉ|đ\/c|ở|tại)\s*:?\s*(?:số\s*)?\d+[\p{L}\d/-]*\s+[^,.;\n]+|(?<![\p{N}])(?:số\s+)?\d+[A-Za-z]?(?:\/\d+)*\s+(?:đường\s+|phố\s+)?\p{Lu}[\p{L}]*(?:\s+\p{Lu}[\p{L}]*)+/giu;
/** A name the writer introduces: "Tôi là Nguyễn Văn An", "họ tên: Trần Thị B". */
const INTRODUCED_NAME = /((?:[Tt]ôi|[Ee]m|[Tt]ên tôi|[Tt]ên em)\s+là|[Hh]ọ\s+(?:và\s+)?tên\s*:?)\s+(\p{Lu}[\p{L}]*(?:\s+\p{Lu}[\p{L}]*){1,4})/gu;

export function maskPersonalData(text: string, known: KnownPersonalData = {}): string {
  let out = text.normalize('NFC');
  // Known values first: the sender's own data, however it is written.
  for (const value of [known.email, known.address, known.name]) {
    if (value && value.trim().length >= 3) out = out.replace(knownValue(value), MASK);
  }
  for (const digits of [known.idNumber, known.phone]) {
    const d = digits?.replace(/\D/g, '');
    if (d && d.length >= 6) out = out.replace(new RegExp(d.split('').join('[\\s.-]?'), 'g'), MASK);
  }
  out = out.replace(EMAIL, MASK);
  out = out.replace(PHONE, MASK);
  out = out.replace(ID_NUMBER, MASK);
  out = out.replace(INTRODUCED_NAME, (_m, intro: string) => `${intro} ${MASK}`);
  out = out.replace(ADDRESS, MASK);
  return out;
}
