/**
 * The 12-digit personal identification number (số định danh cá nhân, Nghị định 137/2015/NĐ-CP and
 * Thông tư 07/2016/TT-BCA): digits 1–3 the province of birth registration (./provinces.ts), digit 4
 * the century of birth and sex (0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s,
 * 8/9 = 2300s), digits 5–6 the last two digits of the birth year, digits 7–12 a random serial.
 * We check what can be checked without the national register: the shape, the province, and that the
 * birth year the number encodes agrees with a birth date given beside it and is not in the future.
 */
import type { FieldIssue } from '../../../kernel/errors.ts';
import { isProvinceCode } from './provinces.ts';

export interface IdNumberContext {
  /** ISO date (yyyy-mm-dd) given with the number, e.g. the applicant's birth date. */
  birthDate?: string | undefined;
  /** Today, from the caller's clock: a number cannot encode a birth year after it. */
  today?: Date | undefined;
}

/** The birth year digits 4–6 encode, or null when the number is not 12 digits. */
export function birthYearOf(idNumber: string): number | null {
  if (!/^\d{12}$/.test(idNumber)) return null;
  const centuryDigit = Number(idNumber[3]);
  return 1900 + Math.floor(centuryDigit / 2) * 100 + Number(idNumber.slice(4, 6));
}

export const sexOf = (idNumber: string): 'male' | 'female' => (Number(idNumber[3]) % 2 === 0 ? 'male' : 'female');

/** Field issues for an ID number at `path`; empty when it is valid. */
export function idNumberIssues(idNumber: string, context: IdNumberContext = {}, path = 'idNumber'): FieldIssue[] {
  const at = (vi: string, en: string): FieldIssue[] => [{ path, message: { vi, en } }];
  if (!/^\d{12}$/.test(idNumber)) return at('Số định danh cá nhân gồm đúng 12 chữ số', 'The personal ID number has exactly 12 digits');
  if (!isProvinceCode(idNumber.slice(0, 3))) {
    return at('Ba chữ số đầu không phải mã tỉnh, thành phố nơi đăng ký khai sinh', 'The first three digits are not the code of a province of birth registration');
  }
  const year = birthYearOf(idNumber)!;
  if (context.today && year > context.today.getUTCFullYear()) {
    return at('Số định danh ghi năm sinh trong tương lai (chữ số thứ 4 đến 6)', 'The ID number encodes a birth year in the future (digits 4 to 6)');
  }
  const given = context.birthDate && /^\d{4}-\d{2}-\d{2}/.test(context.birthDate) ? Number(context.birthDate.slice(0, 4)) : null;
  if (given !== null && given !== year) {
    return at(
      `Số định danh không khớp với năm sinh ${given} (chữ số thứ 4 là thế kỷ và giới tính, chữ số 5–6 là hai số cuối năm sinh)`,
      `The ID number does not match the birth year ${given} (digit 4 is the century and sex, digits 5–6 the year's last two digits)`,
    );
  }
  return [];
}

export const isValidIdNumber = (idNumber: string, context: IdNumberContext = {}): boolean => idNumberIssues(idNumber, context).length === 0;
