/**
 * The periodic report of reform results (quarter, half-year, year) as PDF and XLSX, generated from the
 * plan view of the period: targets with their figures, tasks and their progress, inspections. It follows
 * the usual outline of the national PAR report (I. direction; II. results of the reform tasks — procedures,
 * online services, timeliness, satisfaction, inspections; III. assessment; IV. directions), not a verified
 * official form (docs/reform-plan.md).
 */
import type { AppContext } from '../../context.ts';
import { docDefinition, renderPdf, type Content } from '../documents/forms.ts';
import type { SessionUser } from '../identity/auth.ts';
import type { PlanRow } from './access.ts';
import type { PlanView, TargetView } from './contracts.ts';
import { reportPeriod } from './domain/rules.ts';
import { planView } from './view.ts';

const LIGHT_VI = { green: 'Đạt', amber: 'Gần đạt', red: 'Chưa đạt', none: 'Chưa có số liệu' } as const;
const STATUS_VI = { not_started: 'Chưa thực hiện', in_progress: 'Đang thực hiện', done: 'Hoàn thành', late: 'Trễ hạn' } as const;

/** A value in its unit, written the Vietnamese way (decimal comma). */
export function formatValue(v: number | null, unit: TargetView['unit']): string {
  if (v === null) return '—';
  if (unit === 'share') return `${(v * 100).toFixed(2).replace('.', ',')}%`;
  return String(Math.round(v * 100) / 100).replace('.', ',');
}
const cmp = (t: TargetView) => `${{ '>=': '≥', '<=': '≤', '<': '<', '>': '>' }[t.comparison]} ${formatValue(t.threshold, t.unit)}`;
const sourceVi = (t: TargetView) => ({ live: 'Tự động từ hệ thống', manual: 'Báo cáo thủ công', no_source: 'Chưa có nguồn số liệu', not_reported: 'Chưa báo cáo' })[t.source];

interface ReportData {
  view: PlanView;
  label: string;
  targets: string[][];
  tasks: string[][];
  inspections: string[][];
  headline: Array<[string, string]>;
  assessment: string[];
  directions: string[];
}

async function reportData(ctx: AppContext, user: SessionUser, plan: PlanRow, periodCode: string): Promise<ReportData> {
  const view = await planView(ctx, user, plan, periodCode);
  const period = reportPeriod(plan.year, periodCode)!;
  const by = (m: string) => view.targets.find((t) => t.measure === m);
  const figure = (m: string, unit: TargetView['unit'] = 'share') => {
    const t = by(m);
    return t ? `${formatValue(t.value, unit)}${t.numerator !== null && t.denominator !== null && t.unit === 'share' ? ` (${t.numerator}/${t.denominator})` : ''}` : '—';
  };
  const online = by('procedures.online_share');
  const inspectionsInPeriod = view.inspections.filter((i) => i.inspectedOn >= period.from && i.inspectedOn <= period.to);
  const met = view.targets.filter((t) => t.light === 'green').length;
  const measured = view.targets.filter((t) => t.light !== 'none').length;
  const late = view.tasks.filter((t) => t.status === 'late');
  return {
    view,
    label: period.labelVi,
    targets: view.targets.map((t, i) => [String(i + 1), t.name.vi, cmp(t), formatValue(t.value, t.unit), t.gap === null ? '—' : formatValue(t.gap, t.unit), LIGHT_VI[t.light], sourceVi(t)]),
    tasks: view.tasks.map((k, i) => [String(i + 1), k.title, k.ownerOrgName, k.deadline, k.percent === null ? '—' : `${k.percent}%`, STATUS_VI[k.status], k.progress[0]?.note ?? '']),
    inspections: inspectionsInPeriod.map((x, i) => [String(i + 1), x.orgName, x.inspectedOn, x.team, x.findings]),
    headline: [
      ['Số TTHC thuộc thẩm quyền', online?.denominator === null || online === undefined ? '—' : String(online.denominator)],
      ['Số TTHC cung cấp DVC trực tuyến (một phần, toàn trình)', online?.numerator === null || online === undefined ? '—' : String(online.numerator)],
      ['Tỷ lệ TTHC cung cấp DVC trực tuyến', figure('procedures.online_share')],
      ['Tỷ lệ DVC trực tuyến phát sinh hồ sơ', figure('procedures.with_online_dossier_share')],
      ['Tỷ lệ hồ sơ nộp trực tuyến', figure('dossiers.online_share')],
      ['Tỷ lệ hồ sơ giải quyết đúng hạn', figure('dossiers.on_time_share')],
      ['Tỷ lệ hồ sơ trễ hạn (đất đai, đầu tư)', figure('dossiers.late_share')],
      ['Mức độ hài lòng của người dân, doanh nghiệp', figure('dossiers.satisfaction_share')],
      ['Điểm Chỉ số phục vụ (Quyết định 766)', figure('index766.score', 'points')],
      ['Số cuộc kiểm tra CCHC trong kỳ', String(inspectionsInPeriod.length)],
      ['Tỷ lệ cơ quan, đơn vị được kiểm tra trong năm', `${formatValue(view.inspected.value, 'share')} (${view.inspected.numerator}/${view.inspected.denominator})`],
    ],
    assessment: [
      `Đạt ${met}/${measured} chỉ tiêu có số liệu (${view.targets.length} chỉ tiêu của kế hoạch); ${view.counts.amber} chỉ tiêu gần đạt, ${view.counts.red} chỉ tiêu chưa đạt.`,
      `Nhiệm vụ: ${view.tasks.filter((t) => t.status === 'done').length}/${view.tasks.length} hoàn thành, ${late.length} trễ hạn.`,
    ],
    directions: [
      ...view.targets.filter((t) => t.light === 'red' || t.light === 'amber').map((t) => `Tập trung cải thiện chỉ tiêu: ${t.name.vi} (hiện ${formatValue(t.value, t.unit)}, yêu cầu ${cmp(t)}).`),
      ...late.map((k) => `Khẩn trương hoàn thành nhiệm vụ trễ hạn: ${k.title} (${k.ownerOrgName}, hạn ${k.deadline}).`),
    ],
  };
}

/** dd/mm/yyyy hh:mm in Vietnam (UTC+7, no daylight saving). */
const vietnamTime = (iso: string) => {
  const v = new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString();
  return `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)} ${v.slice(11, 16)}`;
};
const cell = (t: string, bold = false) => ({ text: t, bold });
const table = (head: string[], rows: string[][], widths: Array<number | string>): Content => ({ table: { headerRows: 1, widths, body: [head.map((h) => cell(h, true)), ...rows.map((r) => r.map((c) => cell(c)))] }, fontSize: 8.5, margin: [0, 2, 0, 8] });
const h = (t: string): Content => ({ text: t, bold: true, margin: [0, 8, 0, 3] });
const p = (t: string): Content => ({ text: t, margin: [0, 0, 0, 2] });

export async function reportPdf(ctx: AppContext, user: SessionUser, plan: PlanRow, periodCode: string): Promise<Buffer> {
  const d = await reportData(ctx, user, plan, periodCode);
  const content: Content[] = [
    { text: d.view.orgName.toUpperCase(), bold: true },
    { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc', alignment: 'right', fontSize: 9 },
    { text: `BÁO CÁO KẾT QUẢ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH ${d.label.toUpperCase()}`, bold: true, alignment: 'center', fontSize: 13, margin: [0, 10, 0, 2] },
    { text: `Theo ${d.view.title}; số liệu từ ${d.view.from} đến ${d.view.to}, lập lúc ${vietnamTime(d.view.asOf)}.`, alignment: 'center', italics: true, fontSize: 9, margin: [0, 0, 0, 8] },
    h('I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH'),
    p(`Ban hành và triển khai ${d.view.title}: ${d.view.targets.length} chỉ tiêu, ${d.view.tasks.length} nhiệm vụ giao cho các cơ quan, đơn vị.`),
    h('II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH'),
    h('1. Cải cách thủ tục hành chính'),
    table(['Nội dung', 'Kết quả'], d.headline.slice(0, 9), ['*', 200]),
    h('2. Công tác kiểm tra cải cách hành chính'),
    p(d.headline[9]![0] + ': ' + d.headline[9]![1] + '. ' + d.headline[10]![0] + ': ' + d.headline[10]![1] + '.'),
    ...(d.inspections.length ? [table(['STT', 'Đơn vị được kiểm tra', 'Ngày', 'Đoàn kiểm tra', 'Kết quả, tồn tại'], d.inspections, [24, 130, 60, 150, '*'])] : []),
    h('3. Kết quả thực hiện các chỉ tiêu của kế hoạch'),
    table(['STT', 'Chỉ tiêu', 'Yêu cầu', 'Kết quả', 'Còn thiếu', 'Đánh giá', 'Nguồn số liệu'], d.targets, [24, '*', 60, 60, 50, 60, 90]),
    h('4. Tiến độ thực hiện nhiệm vụ'),
    table(['STT', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn', 'Tiến độ', 'Tình trạng', 'Ghi chú'], d.tasks, [24, '*', 120, 60, 44, 64, 130]),
    h('III. ĐÁNH GIÁ CHUNG'),
    ...d.assessment.map(p),
    h('IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI'),
    ...(d.directions.length ? d.directions.map(p) : [p('Duy trì kết quả đã đạt.')]),
    { text: 'Báo cáo lập tự động theo bố cục thường dùng của báo cáo CCHC định kỳ; không phải biểu mẫu chính thức đã được đối chiếu.', italics: true, fontSize: 8, margin: [0, 10, 0, 0] },
  ];
  return renderPdf(docDefinition(content, 'A4-landscape'));
}

export async function reportXlsx(ctx: AppContext, user: SessionUser, plan: PlanRow, periodCode: string): Promise<Buffer> {
  const d = await reportData(ctx, user, plan, periodCode);
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'motcua';
  const sheet = (name: string, head: string[], rows: Array<Array<string | number | null>>) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(head).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    ws.columns.forEach((c, i) => (c.width = Math.min(70, Math.max(10, head[i]!.length + 2, ...rows.map((r) => String(r[i] ?? '').length + 2)))));
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    return ws;
  };
  sheet('Báo cáo', ['Mục', 'Nội dung', 'Kết quả'], [
    ['', `BÁO CÁO KẾT QUẢ CÔNG TÁC CCHC ${d.label.toUpperCase()} — ${d.view.orgName}`, ''],
    ['I', 'Công tác chỉ đạo, điều hành', `${d.view.targets.length} chỉ tiêu, ${d.view.tasks.length} nhiệm vụ`],
    ['II.1', 'Cải cách thủ tục hành chính', ''],
    ...d.headline.slice(0, 9).map(([k, v]) => ['', k, v]),
    ['II.2', 'Kiểm tra cải cách hành chính', ''],
    ...d.headline.slice(9).map(([k, v]) => ['', k, v]),
    ['III', 'Đánh giá chung', ''],
    ...d.assessment.map((a) => ['', a, '']),
    ['IV', 'Phương hướng, nhiệm vụ kỳ tới', ''],
    ...d.directions.map((a) => ['', a, '']),
  ]);
  // Numbers as numbers in the targets sheet, so officials can compute with them.
  sheet(
    'Chỉ tiêu',
    ['STT', 'Chỉ tiêu', 'Phép so sánh', 'Ngưỡng', 'Kết quả', 'Tử số', 'Mẫu số', 'Còn thiếu', 'Đánh giá', 'Nguồn số liệu'],
    d.view.targets.map((t, i) => [i + 1, t.name.vi, t.comparison, t.threshold, t.value, t.numerator, t.denominator, t.gap, LIGHT_VI[t.light], sourceVi(t)]),
  );
  sheet('Nhiệm vụ', ['STT', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn', 'Tiến độ (%)', 'Tình trạng', 'Ghi chú'], d.view.tasks.map((k, i) => [i + 1, k.title, k.ownerOrgName, k.deadline, k.percent, STATUS_VI[k.status], k.progress[0]?.note ?? '']));
  sheet('Kiểm tra', ['STT', 'Đơn vị được kiểm tra', 'Ngày', 'Đoàn kiểm tra', 'Kết quả, tồn tại'], d.inspections);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
