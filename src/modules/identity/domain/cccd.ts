/**
 * The QR code on the chip citizen ID card (CCCD / Căn cước), domain §8:
 * `ID(12)|old ID(9 or empty)|FULL NAME|birth ddMMyyyy|Nam/Nữ|address|issue date ddMMyyyy`, possibly with
 * trailing empty fields. Handheld scanners type it as keystrokes and may add a prefix, CR/LF or
 * full-width characters, so we parse tolerantly and cross-check the ID digits against the data.
 */
import { DomainError, type FieldIssue } from '../../../kernel/errors.ts';
import { isProvinceCode } from './provinces.ts';

export interface CitizenCard {
  idNumber: string;
  oldIdNumber: string | null;
  fullName: string; // as printed, upper-case
  fullNameTitle: string; // title case, for forms
  birthDate: string; // ISO date
  sex: 'male' | 'female';
  address: string;
  issueDate: string | null; // ISO date
  birthProvinceCode: string; // digits 1–3
}

function normalise(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\uFF5C\u2502\u00A6]/g, '|')
    .replace(/[\r\n\t]+/g, '')
    .trim();
}

function ddmmyyyy(text: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[3]}-${m[2]}-${m[1]}`;
}

export function titleCaseVietnamese(name: string): string {
  return name
    .toLocaleLowerCase('vi')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toLocaleUpperCase('vi') + w.slice(1))
    .join(' ');
}

const issue = (path: string, vi: string, en: string): FieldIssue => ({ path, message: { vi, en } });

export function parseCitizenCardQr(raw: string): CitizenCard {
  const text = normalise(raw);
  const start = text.search(/\d{12}\|/);
  if (start < 0) {
    throw new DomainError('invalid-cccd-qr', 422, {
      vi: 'Không đọc được mã QR căn cước: không tìm thấy số định danh 12 chữ số.',
      en: 'Unreadable ID card QR code: no 12-digit ID number found.',
    });
  }
  const fields = text.slice(start).split('|').map((f) => f.trim());
  const [idNumber = '', oldId = '', fullName = '', birth = '', sexText = '', address = '', issued = ''] = fields;
  const issues: FieldIssue[] = [];
  if (!isProvinceCode(idNumber.slice(0, 3))) {
    issues.push(issue('idNumber', 'Ba chữ số đầu không phải mã tỉnh, thành phố nơi đăng ký khai sinh', 'The first three digits are not the code of a province of birth registration'));
  }
  if (oldId !== '' && !/^\d{9}$/.test(oldId)) issues.push(issue('oldIdNumber', 'Số CMND cũ phải có 9 chữ số', 'The old ID must have 9 digits'));
  if (fullName === '') issues.push(issue('fullName', 'Thiếu họ và tên', 'Missing full name'));
  const birthDate = ddmmyyyy(birth);
  if (!birthDate) issues.push(issue('birthDate', 'Ngày sinh không hợp lệ (ddMMyyyy)', 'Invalid birth date (ddMMyyyy)'));
  const sexNorm = sexText.normalize('NFC').toLocaleLowerCase('vi');
  const sex = sexNorm === 'nam' ? 'male' : sexNorm === 'nữ' ? 'female' : null;
  if (!sex) issues.push(issue('sex', 'Giới tính phải là "Nam" hoặc "Nữ"', 'Sex must be "Nam" or "Nữ"'));
  const issueDate = issued === '' ? null : ddmmyyyy(issued);
  if (issued !== '' && !issueDate) issues.push(issue('issueDate', 'Ngày cấp không hợp lệ (ddMMyyyy)', 'Invalid issue date (ddMMyyyy)'));

  if (birthDate && sex) {
    const digit4 = Number(idNumber[3]);
    const century = 1900 + Math.floor(digit4 / 2) * 100;
    const year = Number(birthDate.slice(0, 4));
    if ((digit4 % 2 === 0 ? 'male' : 'female') !== sex) {
      issues.push(issue('sex', 'Giới tính không khớp với chữ số thứ 4 của số định danh', 'Sex contradicts the 4th digit of the ID number'));
    }
    if (century !== Math.floor(year / 100) * 100 || idNumber.slice(4, 6) !== birthDate.slice(2, 4)) {
      issues.push(issue('birthDate', 'Năm sinh không khớp với số định danh', 'Birth year contradicts the ID number'));
    }
  }
  if (issues.length > 0) {
    throw new DomainError('invalid-cccd-qr', 422, { vi: 'Mã QR căn cước không hợp lệ.', en: 'Invalid ID card QR code.' }, issues);
  }
  return {
    idNumber,
    oldIdNumber: oldId === '' ? null : oldId,
    fullName,
    fullNameTitle: titleCaseVietnamese(fullName),
    birthDate: birthDate!,
    sex: sex!,
    address,
    issueDate,
    birthProvinceCode: idNumber.slice(0, 3),
  };
}
