/**
 * The one-stop forms as A4 PDFs, rendered from a dossier's action log (pdfmake, DejaVu embedded so
 * Vietnamese text is exact and extractable). Form numbers follow the dossier's rule version:
 * Circular 01/2018/TT-VPCP before 1 July 2025, Circular 03/2025/TT-VPCP from then (domain §1).
 *
 * The layouts follow the fields of the official forms; they are faithful in content, not pixel copies.
 */
import pdfmake from 'pdfmake';
import { FONT_FILES } from './fonts.ts';
import { formatVietnamDateTime, localMs } from '../calendar/domain/local-time.ts';
import type { RuleVersion } from '../calendar/domain/rule-version.ts';

/** The parts of pdfmake's document model we use (its type package does not resolve under NodeNext). */
type Content = string | Record<string, unknown>;
type TableCell = Record<string, unknown>;
type TDocumentDefinitions = Record<string, unknown>;

const engine = pdfmake as unknown as {
  setFonts(f: unknown): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(dd: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
};
engine.setFonts({
  DejaVu: { normal: FONT_FILES.normal, bold: FONT_FILES.bold, italics: FONT_FILES.italics, bolditalics: FONT_FILES.bolditalics },
});
// Documents never fetch anything: no URLs, and only our font files from disk.
engine.setUrlAccessPolicy(() => false);
const allowedFiles = new Set(Object.values(FONT_FILES));
engine.setLocalAccessPolicy((path) => allowedFiles.has(path));

export const FORM_KINDS = ['receipt', 'supplement-request', 'rejection', 'apology', 'stop-notice', 'control-sheet'] as const;
export type FormKind = (typeof FORM_KINDS)[number] | 'register';

const FORM_NUMBERS: Record<RuleVersion, Partial<Record<FormKind, string>>> = {
  'nd61-2018': { receipt: '01', 'supplement-request': '02', rejection: '03', apology: '04', 'control-sheet': '05', register: '06' },
  'nd118-2025': { receipt: '01', 'supplement-request': '02', rejection: '03', apology: '04', 'stop-notice': '05', 'control-sheet': '06', register: '07' },
};
const CIRCULAR: Record<RuleVersion, string> = { 'nd61-2018': 'Thông tư số 01/2018/TT-VPCP', 'nd118-2025': 'Thông tư số 03/2025/TT-VPCP' };

export const FORM_TITLES: Record<FormKind, string> = {
  receipt: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
  'supplement-request': 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
  rejection: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
  apology: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
  'stop-notice': 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
  'control-sheet': 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
  register: 'SỔ THEO DÕI HỒ SƠ',
};

/** "Mẫu số 01 — Thông tư số 03/2025/TT-VPCP", or a note where the version has no such form. */
export function formLabel(kind: FormKind, version: RuleVersion): string {
  const n = FORM_NUMBERS[version][kind];
  return n ? `Mẫu số ${n} — ${CIRCULAR[version]}` : `Không có mẫu tương ứng trong ${CIRCULAR[version]}`;
}

export interface OrgInfo {
  name: string;
  parentName: string | null;
  phone: string | null;
  address: string | null;
}

export interface LoggedAction {
  seq: number;
  action: string;
  at: Date;
  actorName: string | null;
  actorOrgName: string | null;
  payload: Record<string, unknown>;
}

export interface DossierForForms {
  code: string;
  ruleVersion: RuleVersion;
  procedureName: string;
  durationLabel: string;
  applicant: { fullName: string; idNumber?: string; taxCode?: string; address: string; phone: string; email?: string };
  components: Array<{ name: string; originals: number; copies: number; files: number }>;
  receivingOrg: OrgInfo;
  lookupSecret: string;
  lookupUrl: string;
  acceptedAt: Date | null;
  appointmentAt: Date | null;
  status: string;
  actions: LoggedAction[];
  orgNames: Record<string, string>;
  stepNames: string[];
}

const vnDate = (d: Date) => {
  const x = new Date(localMs(d));
  return `ngày ${String(x.getUTCDate()).padStart(2, '0')} tháng ${String(x.getUTCMonth() + 1).padStart(2, '0')} năm ${x.getUTCFullYear()}`;
};
const vnTime = (d: Date) => {
  const x = new Date(localMs(d));
  return `${String(x.getUTCHours()).padStart(2, '0')} giờ ${String(x.getUTCMinutes()).padStart(2, '0')} phút, ${vnDate(d)}`;
};
const text = (t: string, extra: Record<string, unknown> = {}): Content => ({ text: t, ...extra }) as Content;

function header(org: OrgInfo, kind: FormKind, version: RuleVersion, at: Date, numberLine?: string): Content[] {
  return [
    text(formLabel(kind, version), { alignment: 'right', fontSize: 8, italics: true, margin: [0, 0, 0, 6] }),
    {
      columns: [
        {
          width: '45%',
          stack: [text((org.parentName ?? '').toUpperCase(), { fontSize: 9 }), text(org.name.toUpperCase(), { bold: true, fontSize: 9 }), ...(numberLine ? [text(numberLine, { fontSize: 9, margin: [0, 4, 0, 0] })] : [])],
          alignment: 'center',
        },
        {
          width: '55%',
          stack: [text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, fontSize: 9 }), text('Độc lập - Tự do - Hạnh phúc', { bold: true, fontSize: 9, decoration: 'underline' }), text(`Thành phố Hồ Chí Minh, ${vnDate(at)}`, { italics: true, fontSize: 9, margin: [0, 6, 0, 0] })],
          alignment: 'center',
        },
      ],
    },
    text(FORM_TITLES[kind], { bold: true, alignment: 'center', fontSize: 13, margin: [0, 18, 0, 4] }),
  ];
}

function applicantLines(d: DossierForForms): Content[] {
  const a = d.applicant;
  return [
    text(`Ông/Bà/Tổ chức: ${a.fullName}`),
    text(a.idNumber ? `Số định danh cá nhân: ${a.idNumber}` : `Mã số thuế / mã số doanh nghiệp: ${a.taxCode ?? ''}`),
    text(`Địa chỉ: ${a.address}`),
    text(`Số điện thoại: ${a.phone}${a.email ? `    Thư điện tử: ${a.email}` : ''}`),
    text(`Nội dung yêu cầu giải quyết: ${d.procedureName}`),
  ];
}

function signatures(left: string, right: string, rightName: string | null): Content {
  return {
    columns: [
      { width: '50%', stack: [text(left, { bold: true }), text('(Ký và ghi rõ họ tên)', { italics: true, fontSize: 8 })], alignment: 'center' },
      { width: '50%', stack: [text(right, { bold: true }), text('(Ký và ghi rõ họ tên)', { italics: true, fontSize: 8 }), text(rightName ?? '', { margin: [0, 40, 0, 0] })], alignment: 'center' },
    ],
    margin: [0, 18, 0, 0],
  };
}

const last = (d: DossierForForms, action: string) => [...d.actions].reverse().find((a) => a.action === action);

function docDefinition(content: Content[], landscape = false): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageOrientation: landscape ? 'landscape' : 'portrait',
    pageMargins: [56, 42, 42, 42],
    defaultStyle: { font: 'DejaVu', fontSize: 10.5, lineHeight: 1.25 },
    info: { title: 'motcua', creator: 'motcua', producer: 'motcua' },
    content,
  };
}

const cell = (t: string, extra: Record<string, unknown> = {}): TableCell => ({ text: t, ...extra }) as TableCell;

export class FormNotAvailable extends Error {}

export function buildForm(kind: Exclude<FormKind, 'register'>, d: DossierForForms): TDocumentDefinitions {
  switch (kind) {
    case 'receipt': {
      const accept = last(d, 'accept');
      if (!accept || !d.acceptedAt) throw new FormNotAvailable('the dossier has not been accepted');
      const rows: TableCell[][] = [
        [cell('STT', { bold: true }), cell('Tên giấy tờ', { bold: true }), cell('Bản chính', { bold: true }), cell('Bản sao', { bold: true }), cell('Tệp', { bold: true })],
        ...d.components.map((c, i) => [cell(String(i + 1)), cell(c.name), cell(String(c.originals)), cell(String(c.copies)), cell(String(c.files))]),
      ];
      return docDefinition([
        ...header(d.receivingOrg, 'receipt', d.ruleVersion, d.acceptedAt),
        text(`Mã hồ sơ: ${d.code}`, { alignment: 'center', bold: true, margin: [0, 0, 0, 10] }),
        text(`${d.receivingOrg.name} tiếp nhận hồ sơ của:`),
        ...applicantLines(d),
        text('1. Thành phần hồ sơ nộp gồm:', { margin: [0, 6, 0, 2] }),
        { table: { headerRows: 1, widths: [24, '*', 44, 40, 28], body: rows }, fontSize: 9.5 },
        text('2. Số lượng hồ sơ: 01 (bộ)', { margin: [0, 6, 0, 0] }),
        text(`3. Thời gian giải quyết hồ sơ theo quy định là: ${d.durationLabel}`),
        text(`4. Thời gian nhận hồ sơ: ${vnTime(d.acceptedAt)}`),
        text(`5. Thời gian trả kết quả giải quyết hồ sơ: ${d.appointmentAt ? vnTime(d.appointmentAt) : '—'}`, { bold: true }),
        text(`6. Nơi nhận kết quả: ${d.receivingOrg.name}${d.receivingOrg.address ? `, ${d.receivingOrg.address}` : ''}`),
        {
          columns: [
            { width: 90, qr: d.lookupUrl, fit: 84 } as unknown as Content,
            { width: '*', stack: [text(`Mã tra cứu: ${d.lookupSecret}`, { bold: true }), text('Tra cứu tình trạng hồ sơ bằng mã hồ sơ và mã tra cứu, hoặc quét mã QR:', { fontSize: 9 }), text(d.lookupUrl, { fontSize: 8 })], margin: [8, 14, 0, 0] },
          ],
          margin: [0, 8, 0, 0],
        },
        signatures('NGƯỜI NỘP HỒ SƠ', 'NGƯỜI TIẾP NHẬN HỒ SƠ', accept.actorName),
      ]);
    }
    case 'supplement-request': {
      const req = last(d, 'request_supplement');
      if (!req) throw new FormNotAvailable('no supplement was requested');
      const items = (req.payload.items as Array<{ name: string; reason: string }>) ?? [];
      return docDefinition([
        ...header(d.receivingOrg, 'supplement-request', d.ruleVersion, req.at, `Số: ${d.code}/BS`),
        text(`Kính gửi: ${d.applicant.fullName}`, { alignment: 'center', margin: [0, 0, 0, 10] }),
        text(`Ngày ${formatVietnamDateTime(d.actions[0]!.at).slice(0, 10)}, ${d.receivingOrg.name} tiếp nhận hồ sơ mã ${d.code} của ông/bà.`),
        ...applicantLines(d),
        text('Sau khi xem xét, đề nghị ông/bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:', { margin: [0, 6, 0, 2] }),
        {
          table: {
            headerRows: 1,
            widths: [24, '*', '*'],
            body: [[cell('STT', { bold: true }), cell('Thành phần cần bổ sung, hoàn thiện', { bold: true }), cell('Nội dung, lý do', { bold: true })], ...items.map((it, i) => [cell(String(i + 1)), cell(it.name), cell(it.reason)])],
          },
          fontSize: 9.5,
        },
        text(`Lý do: ${String(req.payload.reason ?? '')}`, { margin: [0, 6, 0, 0] }),
        text(`Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ ${req.actorName ?? 'cán bộ tiếp nhận'}${d.receivingOrg.phone ? `, số điện thoại ${d.receivingOrg.phone}` : ''} để được hướng dẫn.`),
        text('Thời gian chờ bổ sung không tính vào thời hạn giải quyết hồ sơ.', { italics: true, fontSize: 9 }),
        signatures('', 'NGƯỜI HƯỚNG DẪN', req.actorName),
      ]);
    }
    case 'rejection': {
      const rej = last(d, 'reject');
      if (!rej) throw new FormNotAvailable('the dossier was not rejected');
      return docDefinition([
        ...header(d.receivingOrg, 'rejection', d.ruleVersion, rej.at, `Số: ${d.code}/TC`),
        text(`Kính gửi: ${d.applicant.fullName}`, { alignment: 'center', margin: [0, 0, 0, 10] }),
        text(`${d.receivingOrg.name} nhận được hồ sơ mã ${d.code} của:`),
        ...applicantLines(d),
        text(`Qua nghiên cứu, xem xét, ${d.receivingOrg.name} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`, { margin: [0, 6, 0, 0] }),
        text(String(rej.payload.reason ?? ''), { bold: true, margin: [12, 4, 0, 4] }),
        text('Xin thông báo để ông/bà được biết và thực hiện.'),
        signatures('', 'NGƯỜI TỪ CHỐI', rej.actorName),
      ]);
    }
    case 'apology': {
      const ap = last(d, 'apologize');
      if (!ap || !d.acceptedAt) throw new FormNotAvailable('no apology was recorded');
      return docDefinition([
        ...header(d.receivingOrg, 'apology', d.ruleVersion, ap.at, `Số: ${d.code}/XL`),
        text(`Kính gửi: ${d.applicant.fullName}`, { alignment: 'center', margin: [0, 0, 0, 10] }),
        text(`Ngày ${vnDate(d.acceptedAt)}, ${d.receivingOrg.name} tiếp nhận giải quyết hồ sơ của ông/bà. Mã hồ sơ: ${d.code}.`),
        text(`Nội dung yêu cầu giải quyết: ${d.procedureName}.`),
        text(`Thời gian hẹn trả kết quả: ${vnTime(new Date(String(ap.payload.previousAppointmentAt)))}.`),
        text(`Tuy nhiên đến nay, hồ sơ của ông/bà chưa được giải quyết đúng hẹn. Lý do: ${String(ap.payload.reason ?? '')}.`, { margin: [0, 6, 0, 0] }),
        text(`Sự chậm trễ này đã gây phiền hà cho ông/bà. ${d.receivingOrg.name} xin lỗi ông/bà và hẹn lại thời gian trả kết quả:`),
        text(vnTime(new Date(String(ap.payload.appointmentAt))), { bold: true, alignment: 'center', margin: [0, 6, 0, 6] }),
        text('Mong nhận được sự thông cảm của ông/bà.'),
        signatures('', 'NGƯỜI KÝ', ap.actorName),
      ]);
    }
    case 'stop-notice': {
      const st = last(d, 'stop');
      if (!st) throw new FormNotAvailable('the dossier was not stopped');
      return docDefinition([
        ...header(d.receivingOrg, 'stop-notice', d.ruleVersion, st.at, `Số: ${d.code}/DG`),
        text(`Kính gửi: ${d.applicant.fullName}`, { alignment: 'center', margin: [0, 0, 0, 10] }),
        text(`${d.receivingOrg.name} thông báo dừng giải quyết hồ sơ mã ${d.code}:`),
        ...applicantLines(d),
        text(`Lý do dừng giải quyết: ${String(st.payload.reason ?? '')}`, { bold: true, margin: [0, 6, 0, 6] }),
        text('Xin thông báo để ông/bà được biết.'),
        signatures('', 'NGƯỜI KÝ', st.actorName),
      ]);
    }
    case 'control-sheet': {
      if (!d.acceptedAt) throw new FormNotAvailable('the dossier has not been accepted');
      const rows: TableCell[][] = [[cell('Tên cơ quan, bộ phận', { bold: true }), cell('Thời gian giao, nhận hồ sơ', { bold: true }), cell('Kết quả giải quyết (trước / đúng / quá hạn)', { bold: true }), cell('Ghi chú', { bold: true })]];
      const label: Record<string, string> = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' };
      const accept = last(d, 'accept')!;
      rows.push([cell(`1. Giao: Bộ phận tiếp nhận và trả kết quả — ${d.receivingOrg.name}`), cell(formatVietnamDateTime(accept.at)), cell(''), cell(accept.actorName ?? '')]);
      let n = 1;
      for (const a of d.actions) {
        if (!['hand_over', 'return_to_step', 'complete', 'return_result', 'request_supplement', 'supplement'].includes(a.action)) continue;
        n += 1;
        const to = typeof a.payload.toOrgId === 'string' ? d.orgNames[a.payload.toOrgId] ?? a.payload.toOrgId : '';
        const stepName = typeof a.payload.toStep === 'number' ? d.stepNames[a.payload.toStep] ?? '' : '';
        const what: Record<string, string> = {
          hand_over: `Giao: ${a.actorOrgName ?? ''} → Nhận: ${to}${stepName ? ` (${stepName})` : ''}`,
          return_to_step: `Trả lại: ${a.actorOrgName ?? ''} → ${to}${stepName ? ` (${stepName})` : ''}`,
          complete: `Có kết quả: ${a.actorOrgName ?? ''}`,
          return_result: `Trả kết quả cho người nộp (${String(a.payload.channel ?? '')})`,
          request_supplement: 'Yêu cầu bổ sung, hoàn thiện (tạm dừng tính thời gian)',
          supplement: 'Người nộp bổ sung hồ sơ (tiếp tục tính thời gian)',
        };
        const t = (a.payload.stepTimeliness ?? a.payload.timeliness) as string | undefined;
        rows.push([cell(`${n}. ${what[a.action]}`), cell(formatVietnamDateTime(a.at)), cell(t ? label[t] ?? t : ''), cell(a.actorName ?? '')]);
      }
      return docDefinition([
        ...header(d.receivingOrg, 'control-sheet', d.ruleVersion, d.acceptedAt),
        text(`Mã hồ sơ: ${d.code}`, { alignment: 'center', bold: true }),
        text(`(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả) — Thủ tục: ${d.procedureName}`, { alignment: 'center', italics: true, fontSize: 9, margin: [0, 0, 0, 6] }),
        text(`Cơ quan (bộ phận) giải quyết hồ sơ: ${d.receivingOrg.name}`),
        text(`Cơ quan phối hợp giải quyết hồ sơ: ${[...new Set(Object.values(d.orgNames))].filter((n2) => n2 !== d.receivingOrg.name).join('; ') || 'không'}`, { margin: [0, 0, 0, 6] }),
        { table: { headerRows: 1, widths: ['*', 90, 80, 90], body: rows }, fontSize: 9 },
      ]);
    }
  }
}

export interface RegisterRow {
  code: string;
  procedureName: string;
  applicantName: string;
  applicantContact: string;
  handlingOrg: string;
  receivedAt: Date | null;
  appointmentAt: Date | null;
  finishedAt: Date | null;
  returnedAt: Date | null;
  note: string;
}

/** 2026-11-23 → 23/11/2026 */
const dmy = (iso: string) => iso.split('-').reverse().join('/');

export function buildRegister(org: OrgInfo, version: RuleVersion, from: string, to: string, rows: RegisterRow[], printedAt: Date): TDocumentDefinitions {
  const dt = (d: Date | null) => (d ? formatVietnamDateTime(d) : '');
  const body: TableCell[][] = [
    ['STT', 'Mã hồ sơ', 'Tên thủ tục hành chính', 'Số lượng hồ sơ', 'Tên cá nhân, tổ chức', 'Địa chỉ, số điện thoại', 'Cơ quan chủ trì giải quyết', 'Nhận hồ sơ', 'Hẹn trả kết quả', 'Có kết quả', 'Trả kết quả', 'Ghi chú'].map((h) => cell(h, { bold: true })),
    ...rows.map((r, i) => [cell(String(i + 1)), cell(r.code), cell(r.procedureName), cell('01'), cell(r.applicantName), cell(r.applicantContact), cell(r.handlingOrg), cell(dt(r.receivedAt)), cell(dt(r.appointmentAt)), cell(dt(r.finishedAt)), cell(dt(r.returnedAt)), cell(r.note)]),
  ];
  return docDefinition(
    [
      ...header(org, 'register', version, printedAt),
      text(`Từ ngày ${dmy(from)} đến ngày ${dmy(to)} — ${rows.length} hồ sơ`, { alignment: 'center', italics: true, margin: [0, 0, 0, 8] }),
      { table: { headerRows: 1, widths: [16, 116, '*', 24, 60, 70, 60, 46, 46, 46, 46, 34], body }, fontSize: 7 },
    ],
    true,
  );
}

export async function renderPdf(dd: TDocumentDefinitions): Promise<Buffer> {
  return engine.createPdf(dd).getBuffer();
}
