/**
 * The receiver of a posted result: the same rules as the applicant's name, phone and address on a
 * dossier (dossiers' Applicant contract), and a province the carrier serves (the 3-digit codes of the
 * CCCD). Checked here rather than in the schema so a wrong value is a 422 naming each field, in
 * Vietnamese and English, like the submission's rules.
 */
import type { FieldIssue } from '../../../kernel/errors.ts';
import { isProvinceCode } from '../../identity/domain/provinces.ts';

export interface ReceiverInput {
  fullName: string;
  phone: string;
  address: string;
  provinceCode: string;
}

export function receiverIssues(r: ReceiverInput, path = 'receiver'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const at = (field: string, vi: string, en: string) => issues.push({ path: `${path}.${field}`, message: { vi, en } });
  if (r.fullName.trim().length < 2) at('fullName', 'Cần họ tên người nhận', "The receiver's full name is required");
  if (!/^(\+84|0)\d{9,10}$/.test(r.phone.trim())) at('phone', 'Số điện thoại Việt Nam (10 hoặc 11 chữ số)', 'A Vietnamese phone number (10 or 11 digits)');
  if (r.address.trim().length < 5) at('address', 'Ghi rõ số nhà, đường, phường/xã', 'Give the house number, street and ward or commune');
  if (!isProvinceCode(r.provinceCode)) at('provinceCode', 'Chọn tỉnh, thành phố trong danh sách', 'Choose a province or city from the list');
  return issues;
}
