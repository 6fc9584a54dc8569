/**
 * The one-stop forms as PDFs, rendered from a dossier's action log (pdfmake, DejaVu embedded so
 * Vietnamese text is exact and extractable). Form numbers and wording follow the dossier's rule version
 * (./form-texts.ts, one table per version; sources in docs/forms.md). Forms 01–05 of Circular 01/2018
 * are A5 portrait, and so are their 2025 equivalents (Circular 03/2025 kept the same set of slips); the
 * register is A4 landscape (./register-form.ts).
 *
 * A form is rendered as it was issued: from the log up to the action that issued it (`asIssued`), so a
 * receipt downloaded after an apology still shows the appointment it was handed out with; the new
 * appointment belongs on Form 04. The control sheet is the one living document: it follows the whole log.
 *
 * The layouts follow the fields of the official forms; they are faithful in content, not pixel copies.
 */
import pdfmake from 'pdfmake';
import { FONT_FILES } from './fonts.ts';
import { formatVietnamDateTime, localMs } from '../calendar/domain/local-time.ts';
import type { RuleVersion } from '../calendar/domain/rule-version.ts';
import { CHANNEL_NAMES_VI, FORM_KINDS, FORM_TEXTS, RECIPIENTS_TITLE, sentence, TIMELINESS_VI, type FormKind, type SignatureColumn } from './form-texts.ts';

export { FORM_KINDS, type FormKind };

/** The parts of pdfmake's document model we use (its type package does not resolve under NodeNext). */
export type Content = string | Record<string, unknown>;
export type TableCell = Record<string, unknown>;
export type TDocumentDefinitions = Record<string, unknown>;

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

/** The titles under the current rule version (the document list shows them; each PDF uses its own version's). */
export const FORM_TITLES: Record<FormKind, string> = FORM_TEXTS['nd118-2025'].titles;

/** "Mẫu số 01 — Thông tư số 03/2025/TT-VPCP", or a note where the version has no such form. */
export function formLabel(kind: FormKind, version: RuleVersion): string {
  const t = FORM_TEXTS[version];
  const n = t.numbers[kind];
  return n ? `Mẫu số ${n} — ${t.circular}` : `Không có mẫu tương ứng trong ${t.circular}`;
}

export const formTitle = (kind: FormKind, version: RuleVersion): string => FORM_TEXTS[version].titles[kind];

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
  components: Array<{ code: string; name: string; originals: number; copies: number }>;
  /** Files attached to components, with the log entry that attached them (so a form counts those it was issued with). */
  attachments: Array<{ componentCode: string; actionSeq: number }>;
  /** Components received at the counter on paper and kept at the office (no scan). */
  paperKept: string[];
  receivingOrg: OrgInfo;
  lookupSecret: string;
  lookupUrl: string;
  actions: LoggedAction[];
  orgNames: Record<string, string>;
  stepNames: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');
/** "ngày 05 tháng 12 năm 2026"; capitalised where it opens a sentence. */
export const vnDate = (d: Date, capital = false) => {
  const x = new Date(localMs(d));
  return `${capital ? 'Ngày' : 'ngày'} ${pad(x.getUTCDate())} tháng ${pad(x.getUTCMonth() + 1)} năm ${x.getUTCFullYear()}`;
};
export const vnTime = (d: Date) => {
  const x = new Date(localMs(d));
  return `${pad(x.getUTCHours())} giờ ${pad(x.getUTCMinutes())} phút, ${vnDate(d)}`;
};
export const text = (t: string, extra: Record<string, unknown> = {}): Content => ({ text: t, ...extra }) as Content;
export const cell = (t: string, extra: Record<string, unknown> = {}): TableCell => ({ text: t, ...extra }) as TableCell;
/** The actor's name: a user of this system, or the name an imported history carries. */
const nameOf = (a: LoggedAction): string | null => a.actorName ?? (typeof a.payload.actorName === 'string' ? a.payload.actorName : null);

export function header(org: OrgInfo, kind: FormKind, version: RuleVersion, at: Date, numberLine?: string): Content[] {
  return [
    text(formLabel(kind, version), { alignment: 'right', fontSize: 7, italics: true, margin: [0, 0, 0, 4] }),
    {
      columns: [
        {
          width: '45%',
          stack: [text((org.parentName ?? '').toUpperCase(), { fontSize: 8 }), text(org.name.toUpperCase(), { bold: true, fontSize: 8 }), ...(numberLine ? [text(numberLine, { fontSize: 8, margin: [0, 3, 0, 0] })] : [])],
          alignment: 'center',
        },
        {
          width: '55%',
          stack: [text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, fontSize: 8 }), text('Độc lập - Tự do - Hạnh phúc', { bold: true, fontSize: 8, decoration: 'underline' }), text(`Thành phố Hồ Chí Minh, ${vnDate(at)}`, { italics: true, fontSize: 8, margin: [0, 4, 0, 0] })],
          alignment: 'center',
        },
      ],
    },
    text(FORM_TEXTS[version].titles[kind], { bold: true, alignment: 'center', fontSize: 11, margin: [0, 12, 0, 3] }),
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

function column(c: SignatureColumn, name: string | null, code: string): Content {
  if (c.title === RECIPIENTS_TITLE) {
    // A letter's addressees: the applicant named in "Kính gửi", and the dossier's file.
    return { width: '45%', stack: [text(c.title, { bold: true, italics: true, fontSize: 8 }), text('- Như trên;', { fontSize: 8 }), text(`- Lưu: hồ sơ ${code}.`, { fontSize: 8 })], alignment: 'left' };
  }
  return { width: '*', stack: [text(c.title, { bold: true }), ...(c.hint ? [text(c.hint, { italics: true, fontSize: 7.5 })] : []), text(name ?? '', { margin: [0, 32, 0, 0] })], alignment: 'center' };
}

function signatures(kind: FormKind, d: DossierForForms, names: [string | null, string | null]): Content {
  const cols = FORM_TEXTS[d.ruleVersion].signatures[kind]!;
  return { columns: [column(cols[0], names[0], d.code), column(cols[1], names[1], d.code)], margin: [0, 12, 0, 0], unbreakable: true };
}

const numberLine = (kind: FormKind, d: DossierForForms) => `Số: ${d.code}/${FORM_TEXTS[d.ruleVersion].numberSuffix[kind]}`;

/**
 * The dossier as it stood when a form was issued: the last `action` entry, the log up to it, and the
 * appointment then in force (the latest `appointmentAt` the log had recorded by that entry).
 */
export function asIssued(d: DossierForForms, action: string): { issuing: LoggedAction; log: LoggedAction[]; acceptedAt: Date | null; appointmentAt: Date | null } | null {
  const issuing = [...d.actions].reverse().find((a) => a.action === action);
  if (!issuing) return null;
  const log = d.actions.filter((a) => a.seq <= issuing.seq);
  const withAppointment = [...log].reverse().find((a) => typeof a.payload.appointmentAt === 'string');
  return {
    issuing,
    log,
    acceptedAt: log.find((a) => a.action === 'accept')?.at ?? null,
    appointmentAt: withAppointment ? new Date(String(withAppointment.payload.appointmentAt)) : null,
  };
}

export function docDefinition(content: Content[], page: 'A5' | 'A4-landscape' = 'A5'): TDocumentDefinitions {
  const a5 = page === 'A5';
  return {
    pageSize: a5 ? 'A5' : 'A4',
    pageOrientation: a5 ? 'portrait' : 'landscape',
    pageMargins: a5 ? [36, 28, 28, 28] : [42, 36, 36, 36],
    defaultStyle: { font: 'DejaVu', fontSize: a5 ? 9 : 10, lineHeight: 1.2 },
    info: { title: 'motcua', creator: 'motcua', producer: 'motcua' },
    content,
  };
}

export class FormNotAvailable extends Error {}

function receipt(d: DossierForForms): TDocumentDefinitions {
  const at = asIssued(d, 'accept');
  if (!at || !at.acceptedAt) throw new FormNotAvailable('the dossier has not been accepted');
  const received = (code: string) => {
    const files = d.attachments.filter((a) => a.componentCode === code && a.actionSeq <= at.issuing.seq).length;
    if (d.paperKept.includes(code)) return 'Bản giấy, lưu tại Bộ phận Một cửa';
    return files > 0 ? `Tệp điện tử (${files})` : '—';
  };
  const rows: TableCell[][] = [
    [cell('STT', { bold: true }), cell('Tên giấy tờ', { bold: true }), cell('Bản chính', { bold: true }), cell('Bản sao', { bold: true }), cell('Hình thức nhận', { bold: true })],
    ...d.components.map((c, i) => [cell(String(i + 1)), cell(c.name), cell(String(c.originals)), cell(String(c.copies)), cell(received(c.code))]),
  ];
  return docDefinition([
    ...header(d.receivingOrg, 'receipt', d.ruleVersion, at.acceptedAt, numberLine('receipt', d)),
    text(`Mã hồ sơ: ${d.code}`, { alignment: 'center', bold: true, margin: [0, 0, 0, 6] }),
    text(`${d.receivingOrg.name} tiếp nhận hồ sơ của:`),
    ...applicantLines(d),
    text('1. Thành phần hồ sơ nộp gồm:', { margin: [0, 4, 0, 2] }),
    { table: { headerRows: 1, widths: [18, '*', 34, 30, 76], body: rows }, fontSize: 8 },
    text('2. Số lượng hồ sơ: 01 (bộ)', { margin: [0, 4, 0, 0] }),
    text(`3. Thời gian giải quyết hồ sơ theo quy định là: ${d.durationLabel}`),
    text(`4. Thời gian nhận hồ sơ: ${vnTime(at.acceptedAt)}`),
    text(`5. Thời gian trả kết quả giải quyết hồ sơ: ${at.appointmentAt ? vnTime(at.appointmentAt) : '—'}`, { bold: true }),
    text(`6. Nơi nhận kết quả: ${d.receivingOrg.name}${d.receivingOrg.address ? `, ${d.receivingOrg.address}` : ''}`),
    {
      columns: [
        { width: 70, qr: d.lookupUrl, fit: 66 } as unknown as Content,
        { width: '*', stack: [text(`Mã tra cứu: ${d.lookupSecret}`, { bold: true }), text('Tra cứu tình trạng hồ sơ bằng mã hồ sơ và mã tra cứu, hoặc quét mã QR:', { fontSize: 8 }), text(d.lookupUrl, { fontSize: 7 })], margin: [6, 8, 0, 0] },
      ],
      margin: [0, 6, 0, 0],
    },
    signatures('receipt', d, [null, nameOf(at.issuing)]),
  ]);
}

function supplementRequest(d: DossierForForms): TDocumentDefinitions {
  const at = asIssued(d, 'request_supplement');
  if (!at) throw new FormNotAvailable('no supplement was requested');
  const req = at.issuing;
  const items = (req.payload.items as Array<{ name: string; reason: string }>) ?? [];
  const guide = nameOf(req);
  return docDefinition([
    ...header(d.receivingOrg, 'supplement-request', d.ruleVersion, req.at, numberLine('supplement-request', d)),
    text(`Kính gửi: ${d.applicant.fullName}`, { alignment: 'center', margin: [0, 0, 0, 6] }),
    text(`${vnDate(d.actions[0]!.at, true)}, ${d.receivingOrg.name} tiếp nhận hồ sơ mã ${d.code} của ông/bà.`),
    ...applicantLines(d),
    text('Sau khi xem xét, đề nghị ông/bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:', { margin: [0, 4, 0, 2] }),
    {
      table: {
        headerRows: 1,
        widths: [18, '*', '*'],
        body: [[cell('STT', { bold: true }), cell('Thành phần cần bổ sung, hoàn thiện', { bold: true }), cell('Nội dung, lý do', { bold: true })], ...items.map((it, i) => [cell(String(i + 1)), cell(it.name), cell(it.reason)])],
      },
      fontSize: 8,
    },
    text(`Lý do: ${sentence(String(req.payload.reason ?? ''))}.`, { margin: [0, 4, 0, 0] }),
    text(`Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ ${guide ?? 'cán bộ tiếp nhận'}${d.receivingOrg.phone ? `, số điện thoại ${d.receivingOrg.phone}` : ''} để được hướng dẫn.`),
    text(FORM_TEXTS[d.ruleVersion].supplementWaiting, { italics: true, fontSize: 8 }),
    signatures('supplement-request', d, [null, guide]),
  ]);
}

function rejection(d: DossierForForms): TDocumentDefinitions {
  const at = asIssued(d, 'reject');
  if (!at) throw new FormNotAvailable('the dossier was not rejected');
  const rej = at.issuing;
  return docDefinition([
    ...header(d.receivingOrg, 'rejection', d.ruleVersion, rej.at, numberLine('rejection', d)),
    text(`Kính gửi: ${d.applicant.fullName}`, { alignment: 'center', margin: [0, 0, 0, 6] }),
    text(`${d.receivingOrg.name} nhận được hồ sơ mã ${d.code} của:`),
    ...applicantLines(d),
    text(`Qua nghiên cứu, xem xét, ${d.receivingOrg.name} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`, { margin: [0, 4, 0, 0] }),
    text(`${sentence(String(rej.payload.reason ?? ''))}.`, { bold: true, margin: [10, 3, 0, 3] }),
    text('Xin thông báo để ông/bà được biết và thực hiện.'),
    signatures('rejection', d, [null, nameOf(rej)]),
  ]);
}

function apology(d: DossierForForms): TDocumentDefinitions {
  const at = asIssued(d, 'apologize');
  if (!at || !at.acceptedAt) throw new FormNotAvailable('no apology was recorded');
  const ap = at.issuing;
  return docDefinition([
    ...header(d.receivingOrg, 'apology', d.ruleVersion, ap.at, numberLine('apology', d)),
    text(`Kính gửi: ${d.applicant.fullName}`, { alignment: 'center', margin: [0, 0, 0, 6] }),
    text(`${vnDate(at.acceptedAt, true)}, ${d.receivingOrg.name} tiếp nhận giải quyết hồ sơ của ông/bà. Mã hồ sơ: ${d.code}.`),
    text(`Nội dung yêu cầu giải quyết: ${sentence(d.procedureName)}.`),
    text(`Thời gian hẹn trả kết quả: ${vnTime(new Date(String(ap.payload.previousAppointmentAt)))}.`),
    text(`Tuy nhiên đến nay, hồ sơ của ông/bà chưa được giải quyết đúng hẹn. Lý do: ${sentence(String(ap.payload.reason ?? ''))}.`, { margin: [0, 4, 0, 0] }),
    text(FORM_TEXTS[d.ruleVersion].apologyPromise(d.receivingOrg.name)),
    text(vnTime(new Date(String(ap.payload.appointmentAt))), { bold: true, alignment: 'center', margin: [0, 4, 0, 4] }),
    text('Mong nhận được sự thông cảm của ông/bà.'),
    signatures('apology', d, [null, nameOf(ap)]),
  ]);
}

function stopNotice(d: DossierForForms): TDocumentDefinitions {
  const at = asIssued(d, 'stop');
  if (!at) throw new FormNotAvailable('the dossier was not stopped');
  const st = at.issuing;
  return docDefinition([
    ...header(d.receivingOrg, 'stop-notice', d.ruleVersion, st.at, numberLine('stop-notice', d)),
    text(`Kính gửi: ${d.applicant.fullName}`, { alignment: 'center', margin: [0, 0, 0, 6] }),
    text(`${d.receivingOrg.name} thông báo dừng giải quyết hồ sơ mã ${d.code}:`),
    ...applicantLines(d),
    text(`Lý do dừng giải quyết: ${sentence(String(st.payload.reason ?? ''))}.`, { bold: true, margin: [0, 4, 0, 4] }),
    text('Xin thông báo để ông/bà được biết.'),
    signatures('stop-notice', d, [null, nameOf(st)]),
  ]);
}

const CONTROLLED = ['hand_over', 'return_to_step', 'complete', 'return_result', 'request_supplement', 'supplement'];

function controlSheet(d: DossierForForms): TDocumentDefinitions {
  const accepted = asIssued(d, 'accept');
  if (!accepted) throw new FormNotAvailable('the dossier has not been accepted');
  const orgName = (id: unknown) => (typeof id === 'string' ? d.orgNames[id] ?? id : '');
  const rows: TableCell[][] = [[cell('Tên cơ quan, bộ phận', { bold: true }), cell('Thời gian giao, nhận hồ sơ', { bold: true }), cell('Kết quả (trước / đúng / quá hạn)', { bold: true }), cell('Người giao, nhận / Ghi chú', { bold: true })]];
  const accept = accepted.issuing;
  rows.push([cell(`1. Giao: Bộ phận tiếp nhận và trả kết quả — ${d.receivingOrg.name}`), cell(formatVietnamDateTime(accept.at)), cell(''), cell(nameOf(accept) ?? '')]);
  let n = 1;
  for (const a of d.actions) {
    if (!CONTROLLED.includes(a.action)) continue;
    n += 1;
    // The sender is the unit that held the dossier (logged as fromOrgId by the domain, imported histories
    // included); the actor's own unit is only a fallback for entries written before that fact existed.
    const from = orgName(a.payload.fromOrgId) || a.actorOrgName || '';
    const to = orgName(a.payload.toOrgId);
    const stepName = typeof a.payload.toStep === 'number' ? d.stepNames[a.payload.toStep] ?? '' : '';
    const channel = String(a.payload.channel ?? '');
    const what: Record<string, string> = {
      hand_over: `Giao: ${from} → Nhận: ${to}${stepName ? ` (${stepName})` : ''}`,
      return_to_step: `Trả lại: ${from} → ${to}${stepName ? ` (${stepName})` : ''}`,
      complete: `Có kết quả: ${from}`,
      return_result: `Trả kết quả cho người nộp (${CHANNEL_NAMES_VI[channel] ?? channel})`,
      request_supplement: 'Yêu cầu bổ sung, hoàn thiện (tạm dừng tính thời gian)',
      supplement: 'Người nộp bổ sung hồ sơ (tiếp tục tính thời gian)',
    };
    const t = (a.payload.stepTimeliness ?? a.payload.timeliness) as string | undefined;
    rows.push([cell(`${n}. ${what[a.action]}`), cell(formatVietnamDateTime(a.at)), cell(t ? TIMELINESS_VI[t] ?? t : ''), cell(nameOf(a) ?? '')]);
  }
  return docDefinition([
    ...header(d.receivingOrg, 'control-sheet', d.ruleVersion, accept.at),
    text(`Mã hồ sơ: ${d.code}`, { alignment: 'center', bold: true }),
    text(`(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả) — Thủ tục: ${d.procedureName}`, { alignment: 'center', italics: true, fontSize: 8, margin: [0, 0, 0, 4] }),
    text(`Cơ quan (bộ phận) giải quyết hồ sơ: ${d.receivingOrg.name}`),
    text(`Cơ quan phối hợp giải quyết hồ sơ: ${[...new Set(Object.values(d.orgNames))].filter((n2) => n2 !== d.receivingOrg.name).join('; ') || 'không'}`, { margin: [0, 0, 0, 4] }),
    { table: { headerRows: 1, widths: ['*', 62, 52, 70], body: rows }, fontSize: 7.5 },
  ]);
}

export function buildForm(kind: (typeof FORM_KINDS)[number], d: DossierForForms): TDocumentDefinitions {
  switch (kind) {
    case 'receipt':
      return receipt(d);
    case 'supplement-request':
      return supplementRequest(d);
    case 'rejection':
      return rejection(d);
    case 'apology':
      return apology(d);
    case 'stop-notice':
      return stopNotice(d);
    case 'control-sheet':
      return controlSheet(d);
  }
}

export async function renderPdf(dd: TDocumentDefinitions): Promise<Buffer> {
  return engine.createPdf(dd).getBuffer();
}
