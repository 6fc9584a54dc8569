/**
 * The demo city's administrative-reform plan (issue 16): 2025 with every target of the city's plan
 * (docs/reform-plan.md; shared domain notes §5), a dozen tasks with progress and a few inspections; 2026
 * copied from it with the late share lowered one point, as the plan asks each year. Computed targets take
 * their values from the demo year of dossiers; the rest carry DEMO values reported by hand.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { json } from '../platform/db/db.ts';
import { insertPlan, planIdOf } from '../modules/reform-plan/plans.ts';
import type { TargetScope } from '../modules/reform-plan/measures.ts';

const CITY = 'h29';
const DEMO = 'Dữ liệu mẫu (DEMO).';

interface DemoTarget {
  vi: string;
  en: string;
  kind: 'computed' | 'manual';
  measure: string;
  comparison: '>=' | '<=' | '<' | '>';
  threshold: number | ((year: number) => number);
  unit: 'share' | 'points' | 'rank';
  scope?: TargetScope;
  note?: string;
  /** A value reported by hand (manual targets, and computed ones without a source yet). */
  reported?: { value: number; evidenceUrl: string; note: string };
}

export const DEMO_PLAN_TARGETS: DemoTarget[] = [
  { vi: 'Chỉ số CCHC (PAR Index) thuộc nhóm 5 địa phương dẫn đầu cả nước', en: 'PAR Index among the top 5 provinces', kind: 'manual', measure: 'par.rank', comparison: '<=', threshold: 5, unit: 'rank', reported: { value: 6, evidenceUrl: 'https://www.moha.gov.vn/', note: `Thứ hạng công bố năm trước. ${DEMO}` } },
  { vi: 'Trên 90% cơ quan, đơn vị xếp loại Chỉ số CCHC từ Tốt trở lên', en: '≥ 90 % of departments and local units rated good or better', kind: 'computed', measure: 'par.good_share', comparison: '>=', threshold: 0.9, unit: 'share', scope: { unitGroup: 'all' }, note: 'Tính từ kết quả Chỉ số CCHC đã công bố của năm (sở, ngành, phường, xã).', reported: { value: 0.87, evidenceUrl: 'https://snv.hochiminhcity.gov.vn/', note: `Kết quả thẩm định Chỉ số CCHC các sở, ngành, phường, xã. ${DEMO}` } },
  { vi: 'Mức độ hài lòng của người dân, doanh nghiệp từ 95% trở lên ở từng lĩnh vực', en: 'Satisfaction ≥ 95 % in every field', kind: 'computed', measure: 'dossiers.satisfaction_share', comparison: '>=', threshold: 0.95, unit: 'share' },
  { vi: 'Mức độ hài lòng với dịch vụ y tế, giáo dục công lập từ 95% trở lên', en: 'Satisfaction with public health and education services ≥ 95 %', kind: 'manual', measure: 'manual.share', comparison: '>=', threshold: 0.95, unit: 'share', reported: { value: 0.93, evidenceUrl: 'https://soyte.hochiminhcity.gov.vn/', note: `Khảo sát SIPAS dịch vụ y tế, giáo dục công. ${DEMO}` } },
  { vi: 'Tỷ lệ hồ sơ giải quyết đúng hạn từ 98% trở lên ở từng lĩnh vực (lĩnh vực khiếu nại từ 95%)', en: 'On time ≥ 98 % in every field (complaints ≥ 95 %)', kind: 'computed', measure: 'dossiers.on_time_share', comparison: '>=', threshold: 0.98, unit: 'share', scope: { fieldThresholds: { 'khieu-nai': 0.95 } }, note: 'Lĩnh vực khiếu nại (mã khieu-nai) dùng ngưỡng 95% khi có hồ sơ.' },
  { vi: 'Hồ sơ trễ hạn lĩnh vực đất đai, đầu tư dưới 4% (mỗi năm giảm 1 điểm)', en: 'Late dossiers in land and investment < 4 % (one point less each year)', kind: 'computed', measure: 'dossiers.late_share', comparison: '<', threshold: (y) => Math.max(0.01, 0.04 - (y - 2025) * 0.01), unit: 'share', scope: { fields: ['dat-dai', 'doanh-nghiep'] }, note: 'Dữ liệu mẫu không có lĩnh vực đầu tư riêng: dùng lĩnh vực doanh nghiệp.' },
  { vi: 'Trên 80% chi nhánh văn phòng đăng ký đất đai giải quyết đúng hạn từ 96% trở lên', en: '> 80 % of land-registration branches ≥ 96 % on time', kind: 'computed', measure: 'units.on_time_at_least', comparison: '>', threshold: 0.8, unit: 'share', scope: { orgIds: ['vpdkdd'], unitThreshold: 0.96 }, note: 'Thành phố mẫu có một văn phòng đăng ký đất đai.' },
  { vi: 'Trên 60% TTHC cung cấp dịch vụ công trực tuyến (một phần, toàn trình)', en: '> 60 % of procedures offered online (partial or full)', kind: 'computed', measure: 'procedures.online_share', comparison: '>', threshold: 0.6, unit: 'share' },
  { vi: 'Trên 60% dịch vụ công trực tuyến phát sinh hồ sơ', en: '> 60 % of online services receiving dossiers', kind: 'computed', measure: 'procedures.with_online_dossier_share', comparison: '>', threshold: 0.6, unit: 'share' },
  { vi: 'Từ 50% hồ sơ được nộp trực tuyến', en: '≥ 50 % of dossiers submitted online', kind: 'computed', measure: 'dossiers.online_share', comparison: '>=', threshold: 0.5, unit: 'share' },
  { vi: '100% cơ quan, đơn vị chấp nhận thanh toán điện tử', en: '100 % of units accept electronic payment', kind: 'computed', measure: 'units.e_payment_share', comparison: '>=', threshold: 1, unit: 'share' },
  { vi: '100% văn bản trao đổi dưới dạng điện tử (trừ văn bản mật)', en: '100 % of official documents electronic (except secret ones)', kind: 'manual', measure: 'documents.electronic_share', comparison: '>=', threshold: 1, unit: 'share', reported: { value: 0.97, evidenceUrl: 'https://vpub.hochiminhcity.gov.vn/', note: `Báo cáo của hệ thống quản lý văn bản. ${DEMO}` } },
  { vi: 'Kiểm tra CCHC tối thiểu 40% cơ quan, đơn vị mỗi năm', en: 'PAR inspections of ≥ 40 % of units each year', kind: 'computed', measure: 'inspections.share', comparison: '>=', threshold: 0.4, unit: 'share', scope: { unitGroup: 'all' } },
  { vi: 'Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766) từ 80 điểm', en: 'Service index (Decision 766) ≥ 80 points', kind: 'computed', measure: 'index766.score', comparison: '>=', threshold: 80, unit: 'points' },
];

const TASKS: Array<{ owner: string; title: string; deadline: string; progress: Array<[number, string, string]> }> = [
  { owner: 'so-tu-phap', title: 'Rà soát, đơn giản hóa TTHC thuộc thẩm quyền của Sở', deadline: '06-30', progress: [[40, '35/88 thủ tục đã rà soát', '03-31'], [100, '88/88 thủ tục đã rà soát', '06-20']] },
  { owner: 'ttphvhcc', title: 'Công bố, công khai đầy đủ TTHC trên Cổng dịch vụ công', deadline: '03-31', progress: [[100, 'Đã công khai 100% TTHC', '03-25']] },
  { owner: 'so-khcn', title: 'Nâng cấp hệ thống thông tin giải quyết TTHC, kết nối thanh toán điện tử', deadline: '09-30', progress: [[30, 'Đã xong thiết kế kết nối', '05-15'], [60, 'Đang thử nghiệm với hai ngân hàng', '08-31']] },
  { owner: 'so-noi-vu', title: 'Tổ chức đánh giá, xếp loại Chỉ số CCHC các sở, ngành, phường, xã', deadline: '12-15', progress: [[20, 'Đã ban hành bộ tiêu chí', '04-10']] },
  { owner: 'so-noi-vu', title: 'Kiểm tra công tác CCHC tại ít nhất 40% cơ quan, đơn vị', deadline: '11-30', progress: [[25, '6/27 cơ quan, đơn vị đã kiểm tra', '06-30']] },
  { owner: 'so-nnmt', title: 'Giảm tỷ lệ hồ sơ đất đai trễ hạn, xin lỗi người dân khi trễ hạn', deadline: '12-31', progress: [[50, 'Đã số hóa 60% hồ sơ địa chính', '07-15']] },
  { owner: 'phuong-sai-gon', title: 'Số hóa hồ sơ, kết quả giải quyết TTHC tại Bộ phận Một cửa', deadline: '08-31', progress: [[70, 'Đã số hóa 1.250 hồ sơ', '07-31']] },
  { owner: 'phuong-ben-thanh', title: 'Khảo sát sự hài lòng của người dân (SIPAS) tại phường', deadline: '10-31', progress: [] },
  { owner: 'so-tai-chinh', title: 'Triển khai biên lai điện tử, thanh toán phí, lệ phí trực tuyến', deadline: '05-31', progress: [[45, 'Đã áp dụng tại 5 sở', '05-20']] },
  { owner: 'so-xay-dung', title: 'Cắt giảm thời gian cấp giấy phép xây dựng', deadline: '09-30', progress: [[100, 'Giảm từ 15 xuống 12 ngày làm việc', '09-10']] },
  { owner: 'so-y-te', title: 'Cung cấp toàn trình các thủ tục cấp chứng chỉ hành nghề', deadline: '04-30', progress: [[80, '8/10 thủ tục đã cung cấp toàn trình', '04-25']] },
  { owner: 'so-gddt', title: 'Công khai kết quả giải quyết hồ sơ, xin lỗi khi trễ hạn', deadline: '12-31', progress: [[10, 'Đã xây dựng quy trình', '02-28']] },
];

const INSPECTIONS: Array<{ org: string; day: string; findings: string; followUp?: { title: string; deadline: string } }> = [
  { org: 'so-xay-dung', day: '04-15', findings: 'Còn 3% hồ sơ giấy phép xây dựng trễ hạn chưa có văn bản xin lỗi.', followUp: { title: 'Gửi văn bản xin lỗi đầy đủ cho hồ sơ trễ hạn', deadline: '05-31' } },
  { org: 'so-y-te', day: '05-20', findings: 'Thực hiện tốt việc công khai TTHC; cần đẩy mạnh dịch vụ công trực tuyến toàn trình.' },
  { org: 'phuong-sai-gon', day: '06-10', findings: 'Bộ phận Một cửa hoạt động nền nếp; một số hồ sơ yêu cầu bổ sung quá một lần.', followUp: { title: 'Chấn chỉnh việc yêu cầu bổ sung hồ sơ quá một lần', deadline: '07-31' } },
  { org: 'phuong-ben-thanh', day: '06-24', findings: 'Chưa tổ chức khảo sát sự hài lòng trong năm.' },
  { org: 'xa-cu-chi', day: '08-05', findings: 'Tỷ lệ hồ sơ trực tuyến thấp (dưới 30%).', followUp: { title: 'Hướng dẫn người dân nộp hồ sơ trực tuyến tại Bộ phận Một cửa', deadline: '10-31' } },
  { org: 'so-nnmt', day: '09-16', findings: 'Hồ sơ đất đai trễ hạn còn cao ở chi nhánh; cần rà soát quy trình liên thông.' },
];

const at = (day: string) => new Date(`${day}T09:00:00+07:00`);

/** Seeds the city's plans (2025, and 2026 copied from it). Called from seedDemo in the city's transaction; a few multi-row inserts, as every test app seeds the city. */
export async function seedDemoPlan(trx: Transaction<DB>): Promise<void> {
  for (const year of [2025, 2026]) {
    const planId = planIdOf(CITY, year);
    await insertPlan(trx, { id: planId, orgId: CITY, year, title: `Kế hoạch cải cách hành chính năm ${year} của Thành phố (DEMO)`, by: null, at: at(`${year - 1}-12-20`) });
    const targets = DEMO_PLAN_TARGETS.map((t, i) => ({
      id: randomUUID(),
      plan_id: planId,
      position: i + 1,
      name_vi: t.vi,
      name_en: t.en,
      kind: t.kind,
      measure: t.measure,
      comparison: t.comparison,
      threshold: typeof t.threshold === 'function' ? t.threshold(year) : t.threshold,
      unit: t.unit,
      scope: json(t.scope ?? {}),
      note: t.note ?? '',
    }));
    await trx.insertInto('reform_plan_targets').values(targets).execute();
    const reports = DEMO_PLAN_TARGETS.flatMap((t, i) =>
      t.reported
        ? [{ id: randomUUID(), target_id: targets[i]!.id, value: t.reported.value, reported_on: `${year}-06-30`, evidence_url: t.reported.evidenceUrl, evidence_upload_id: null, note: t.reported.note, reported_by: null, reported_by_name: 'Đỗ Thị Lan', created_at: at(`${year}-06-30`) }]
        : [],
    );
    await trx.insertInto('reform_target_reports').values(reports).execute();
    const inspections = (year === 2025 ? INSPECTIONS : INSPECTIONS.slice(0, 3)).map((ins) => ({ ins, id: randomUUID() }));
    await trx
      .insertInto('reform_inspections')
      .values(inspections.map(({ ins, id }) => ({ id, plan_id: planId, org_id: ins.org, inspected_on: `${year}-${ins.day}`, team: 'Đoàn kiểm tra CCHC của UBND Thành phố (Sở Nội vụ chủ trì)', findings: ins.findings, created_by: null, created_at: at(`${year}-${ins.day}`) })))
      .execute();
    const tasks = [
      ...TASKS.map((k) => ({ owner: k.owner, title: k.title, deadline: `${year}-${k.deadline}`, inspection: null as string | null, created: at(`${year - 1}-12-20`), progress: year === 2025 ? k.progress : k.progress.slice(0, 1) })),
      // Follow-up tasks of the inspections.
      ...inspections.flatMap(({ ins, id }) => (ins.followUp ? [{ owner: ins.org, title: ins.followUp.title, deadline: `${year}-${ins.followUp.deadline}`, inspection: id as string | null, created: at(`${year}-${ins.day}`), progress: [] as Array<[number, string, string]> }] : [])),
    ].map((k, i) => ({ ...k, id: randomUUID(), position: i + 1 }));
    await trx
      .insertInto('reform_tasks')
      .values(tasks.map((k) => ({ id: k.id, plan_id: planId, position: k.position, owner_org_id: k.owner, title: k.title, description: DEMO, deadline: k.deadline, inspection_id: k.inspection, created_at: k.created })))
      .execute();
    // The 2026 plan is the 2025 one copied: its tasks start again, with the first report only.
    await trx
      .insertInto('reform_task_progress')
      .values(tasks.flatMap((k) => k.progress.map(([percent, note, day]) => ({ id: randomUUID(), task_id: k.id, percent, note, reported_on: `${year}-${day}`, reported_by: null, reported_by_name: 'Đỗ Thị Lan', created_at: at(`${year}-${day}`) }))))
      .execute();
  }
}
