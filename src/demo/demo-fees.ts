/**
 * Demo fee items (DỮ LIỆU MẪU — sample amounts, not official tariffs) on some demo procedures: fees as
 * catalogue data for the payments module (migration 031). Two procedures with a fee are deliberately
 * left without structured items, so 766 criterion 6.3 ("fee data synced") is a ratio, not 100 %.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { json } from '../platform/db/db.ts';

interface DemoFee {
  procedureCode: string;
  kind: 'phi' | 'le_phi';
  name: string;
  amountVnd: number;
  due: 'at_submission' | 'before_result';
  exemptApplicantTypes?: string[];
  exemptCategories?: string[];
}

const FROM = '2025-07-01';

export const DEMO_FEES: DemoFee[] = [
  { procedureCode: '2.000720.H29', kind: 'le_phi', name: 'Lệ phí đăng ký hộ kinh doanh', amountVnd: 100_000, due: 'at_submission' },
  { procedureCode: '2.000575.H29', kind: 'le_phi', name: 'Lệ phí đăng ký thay đổi nội dung đăng ký hộ kinh doanh', amountVnd: 50_000, due: 'at_submission' },
  { procedureCode: '2.000635.H29', kind: 'phi', name: 'Phí cấp bản sao trích lục hộ tịch', amountVnd: 8_000, due: 'before_result', exemptCategories: ['nguoi_co_cong', 'ho_ngheo'] },
  { procedureCode: '2.000815.H29', kind: 'phi', name: 'Phí chứng thực bản sao từ bản chính (trang đầu)', amountVnd: 2_000, due: 'at_submission' },
  { procedureCode: '2.000884.H29', kind: 'phi', name: 'Phí chứng thực chữ ký', amountVnd: 10_000, due: 'at_submission' },
  { procedureCode: '2.001035.H29', kind: 'phi', name: 'Phí chứng thực hợp đồng, giao dịch', amountVnd: 50_000, due: 'before_result' },
  { procedureCode: '1.009994.H29', kind: 'le_phi', name: 'Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ', amountVnd: 75_000, due: 'before_result', exemptCategories: ['nguoi_co_cong'] },
  { procedureCode: '1.012795.H29', kind: 'le_phi', name: 'Lệ phí cấp Giấy chứng nhận quyền sử dụng đất', amountVnd: 100_000, due: 'at_submission', exemptCategories: ['ho_ngheo'] },
  { procedureCode: '2.000488.H29', kind: 'phi', name: 'Phí cung cấp thông tin lý lịch tư pháp', amountVnd: 200_000, due: 'at_submission', exemptCategories: ['nguoi_co_cong', 'ho_ngheo'] },
  { procedureCode: '2.001610.H29', kind: 'le_phi', name: 'Lệ phí đăng ký doanh nghiệp', amountVnd: 50_000, due: 'at_submission' },
];

export async function seedDemoFees(trx: Transaction<DB>): Promise<void> {
  let position = 0;
  for (const f of DEMO_FEES) {
    await trx.insertInto('procedure_fees').values({
      id: `fee-${f.procedureCode}-${f.kind}`, procedure_code: f.procedureCode, kind: f.kind, name: f.name, amount_vnd: f.amountVnd, collector_org_id: null,
      due: f.due, exempt_applicant_types: json(f.exemptApplicantTypes ?? []), exempt_categories: json(f.exemptCategories ?? []),
      legal_basis: 'Dữ liệu mẫu (DEMO), không phải biểu phí chính thức', effective_from: FROM, effective_to: null, position: position++,
    }).execute();
  }
}
