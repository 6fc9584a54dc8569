/**
 * The city's PAR Index criteria sets for its departments (sở, ban, ngành) and for its wards and communes,
 * 2025 and 2026: reference data, inserted when first needed (../sets.ts), replaceable by an XLSX import.
 *
 * The STRUCTURE follows the areas of Ho Chi Minh City's published criteria for its units (direction of the
 * reform; legal documents; procedures; apparatus; civil service; public finance; e-/digital government;
 * impact and satisfaction). The POINTS are illustrative, chosen to sum to 100: they are not the official
 * decision of any year (docs/par-index.md).
 */
import { DEFAULT_BANDS, type BandThresholds, type CriterionRow, type ParGroup, type ParMethod } from './criteria.ts';

type Node = [code: string, name: string, nameEn: string, max: number, method?: ParMethod, measure?: string, target?: number, note?: string];

function rowsOf(nodes: Node[]): CriterionRow[] {
  return nodes.map(([code, name, nameEn, max, method, measure, target, note]) => ({
    code, name, nameEn, max, method: method ?? null, measure: measure ?? null, target: target ?? null, note: note ?? null,
  }));
}

/** Points that differ between departments and wards: [department, ward]. */
function tree(group: 'department' | 'ward', year: number): Node[] {
  const p = (dept: number, ward: number) => (group === 'department' ? dept : ward);
  // 2026 asks more of online dossiers (the 766 target rises with the city plan): the full-points ratio.
  const onlineTarget = year >= 2026 ? 0.6 : 0.5;
  return [
    ['1', 'Công tác chỉ đạo, điều hành cải cách hành chính', 'Direction and management of the reform', p(10, 10)],
    ['1.1', 'Kế hoạch CCHC năm', 'The annual reform plan', p(3, 3)],
    ['1.1.1', 'Ban hành kế hoạch CCHC năm kịp thời, đúng quy định', 'Plan issued on time and as required', p(1.5, 1.5), 'manual'],
    ['1.1.2', 'Mức độ hoàn thành kế hoạch CCHC', 'Share of the plan carried out', p(1.5, 1.5), 'manual'],
    ['1.2', 'Báo cáo CCHC định kỳ đầy đủ, đúng hạn', 'Periodic reform reports complete and on time', p(2, 2), 'manual'],
    // 1.3.1 reads the reform plan's inspections (reform_inspections, wired in src/par-plan-wiring.ts): for a
    // department or a ward, whether it was inspected in the year (its subtree holds no other sở or phường).
    ['1.3', 'Kiểm tra công tác CCHC', 'Inspections of the reform', p(2, 2)],
    ['1.3.1', 'Đơn vị được kiểm tra CCHC trong năm theo kế hoạch CCHC', 'The unit inspected for the reform in the year, per the reform plan', p(1, 1), 'computed', 'inspected_share'],
    ['1.3.2', 'Kiểm tra công tác CCHC tại các đơn vị trực thuộc', 'Inspections of the reform in subordinate units', p(1, 1), 'manual'],
    ['1.4', 'Tuyên truyền CCHC', 'Communication about the reform', p(1.5, 1.5), 'manual'],
    ['1.5', 'Sáng kiến, giải pháp mới trong CCHC', 'Innovations in the reform', p(1.5, 1.5), 'manual'],
    ['2', 'Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật', 'Legal documents: drafting and implementation', p(8, 6)],
    ['2.1', 'Xây dựng, ban hành văn bản QPPL theo kế hoạch', 'Legal documents issued as planned', p(3, 2), 'manual'],
    ['2.2', 'Rà soát, hệ thống hóa văn bản QPPL', 'Review and consolidation of legal documents', p(2.5, 2), 'manual'],
    ['2.3', 'Kiểm tra, xử lý văn bản sau kiểm tra', 'Checks of documents and follow-up', p(2.5, 2), 'manual'],
    ['3', 'Cải cách thủ tục hành chính', 'Reform of administrative procedures', p(22, 24)],
    ['3.1', 'Công khai thủ tục hành chính đầy đủ, đúng quy định', 'Procedures published completely', p(3, 3), 'manual'],
    ['3.2', 'Giải quyết hồ sơ đúng hạn', 'Dossiers handled on time', p(8, 9), 'computed', 'on_time_share'],
    ['3.3', 'Cung cấp dịch vụ công trực tuyến', 'Online public services', p(5, 5)],
    ['3.3.1', 'Tỷ lệ TTHC cung cấp trực tuyến', 'Share of procedures offered online', p(2, 2), 'computed', 'procedures_online_share', 0.8],
    ['3.3.2', 'Tỷ lệ hồ sơ nộp trực tuyến', 'Share of dossiers submitted online', p(3, 3), 'computed', 'dossiers_online_share', onlineTarget],
    ['3.4', 'Tiếp nhận, xử lý phản ánh, kiến nghị đúng hạn', 'Feedback (PAKN) handled on time', p(3, 4), 'computed', 'feedback_on_time'],
    ['3.5', 'Xin lỗi người dân khi hồ sơ trễ hạn; yêu cầu bổ sung không quá một lần', 'Apologies for late dossiers; a supplement asked once', p(3, 3), 'manual'],
    ['4', 'Cải cách tổ chức bộ máy', 'Reform of the apparatus', p(8, 7)],
    ['4.1', 'Sắp xếp tổ chức bộ máy theo quy định', 'Organisation arranged as required', p(3, 3), 'manual'],
    ['4.2', 'Thực hiện quy định về số lượng cấp phó, biên chế', 'Deputies and staffing within the quotas', p(3, 2), 'manual'],
    ['4.3', 'Phân cấp, ủy quyền và kiểm tra thực hiện', 'Delegation and its checks', p(2, 2), 'manual'],
    ['5', 'Cải cách chế độ công vụ', 'Reform of the civil service', p(9, 9)],
    ['5.1', 'Vị trí việc làm và cơ cấu ngạch công chức', 'Job positions and grades', p(3, 3), 'manual'],
    ['5.2', 'Tuyển dụng, bổ nhiệm đúng quy định', 'Recruitment and appointment as required', p(2, 2), 'manual'],
    ['5.3', 'Đánh giá, xếp loại công chức', 'Appraisal of civil servants', p(2, 2), 'manual'],
    ['5.4', 'Kỷ luật, kỷ cương hành chính', 'Administrative discipline', p(2, 2), 'manual'],
    ['6', 'Cải cách tài chính công', 'Reform of public finance', p(8, 8)],
    ['6.1', 'Thực hiện cơ chế tự chủ tài chính', 'Financial autonomy', p(3, 3), 'manual'],
    ['6.2', 'Công khai ngân sách, quản lý tài sản công', 'Budget publicity, public property', p(3, 3), 'manual'],
    ['6.3', 'Thực hành tiết kiệm, chống lãng phí', 'Thrift and against waste', p(2, 2), 'manual'],
    ['7', 'Xây dựng, phát triển Chính quyền điện tử, chính quyền số', 'E-government and digital government', p(15, 14)],
    ['7.1', 'Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766)', 'The service index (Decision 766)', p(6, 6), 'computed', 'index766'],
    ['7.2', 'Thanh toán trực tuyến phí, lệ phí', 'Online payment of fees', p(3, 3), 'computed', 'online_payment_share', undefined, 'Chỉ tiêu 6.1 của Bộ chỉ số 766: hồ sơ thanh toán trực tuyến / hồ sơ có phí, lệ phí'],
    ['7.3', 'Văn bản điện tử, chữ ký số', 'Electronic documents, digital signatures', p(3, 3), 'manual'],
    ['7.4', 'An toàn thông tin, hạ tầng số', 'Information security and infrastructure', p(3, 2), 'manual'],
    ['8', 'Tác động của cải cách hành chính; mức độ hài lòng', 'Impact of the reform; satisfaction', p(20, 22)],
    ['8.1', 'Chỉ số hài lòng SIPAS của đơn vị', 'The unit’s SIPAS satisfaction index', p(10, 12), 'survey', 'sipas'],
    ['8.2', 'Đánh giá hài lòng khi nhận kết quả hồ sơ', 'Satisfaction rated on receiving results', p(5, 5), 'computed', 'satisfaction_rated'],
    ['8.3', 'Tác động của CCHC đến phát triển kinh tế - xã hội của ngành, địa phương', 'Impact on the socio-economic development of the field or area', p(5, 5), 'manual'],
  ];
}

export interface ReferenceSet {
  id: string;
  year: number;
  group: ParGroup;
  name: string;
  rows: CriterionRow[];
  bands: BandThresholds;
}

export const REFERENCE_SETS: ReferenceSet[] = [2025, 2026].flatMap((year) =>
  (['department', 'ward'] as const).map((group) => ({
    id: `${year}-${group}`,
    year,
    group,
    name: group === 'department' ? `Bộ chỉ số CCHC các sở, ban, ngành năm ${year}` : `Bộ chỉ số CCHC UBND phường, xã năm ${year}`,
    rows: rowsOf(tree(group, year)),
    bands: DEFAULT_BANDS,
  })),
);
