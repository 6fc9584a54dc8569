/** The desk's register (sổ theo dõi hồ sơ): Form 06 of Circular 01/2018, Form 07 of Circular 03/2025; A4 landscape. */
import { formatVietnamDateTime } from '../calendar/domain/local-time.ts';
import type { RuleVersion } from '../calendar/domain/rule-version.ts';
import { cell, docDefinition, header, text, type OrgInfo, type TableCell, type TDocumentDefinitions } from './forms.ts';

export interface RegisterRow {
  code: string;
  procedureName: string;
  applicantName: string;
  applicantContact: string;
  handlingOrg: string;
  receivedAt: Date | null;
  appointmentAt: Date | null;
  /** When the result was ready ("Có kết quả"); null for a dossier stopped, refused or withdrawn: it has no result. */
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
      { table: { headerRows: 1, widths: [16, 110, '*', 24, 60, 70, 60, 46, 46, 46, 46, 76], body }, fontSize: 7 },
    ],
    'A4-landscape',
  );
}
