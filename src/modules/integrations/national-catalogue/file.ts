/**
 * Reads the national catalogue's export as JSON or XLSX into raw records (./domain/record.ts), and writes the
 * XLSX template. A file that cannot be read at all (not JSON/XLSX, wrong headings, no record) is a `FileProblem`
 * (422 for the whole file); problems in a row are reported later, by row, by checkRecord.
 *
 * JSON: `{ "thuTucHanhChinh": [ { "maTTHC": "1.001234", …, "thanhPhanHoSo": [ { "tenGiayTo", "banChinh",
 * "banSao", "batBuoc" } ] } ] }` or the array alone. XLSX: sheet "TTHC" with one procedure a row (COLUMNS) and
 * sheet "Thành phần hồ sơ" with one paper a row, keyed by Mã TTHC (COMPONENT_COLUMNS). exceljs loads on first use.
 */
import type { CellValue } from 'exceljs';
import { cellText } from '../../../platform/xlsx/cell-text.ts';
import { COLUMNS, COMPONENT_COLUMNS, fold, type RawRecord, type RowError } from './domain/record.ts';

export const PROCEDURE_SHEET = 'TTHC';
export const COMPONENT_SHEET = 'Thành phần hồ sơ';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_RECORDS = 5000;

export class FileProblem extends Error {
  constructor(readonly issues: RowError[]) {
    super('unreadable catalogue file');
  }
}

const fileIssue = (vi: string, en: string, row = 1, column = '', sheet = 'file'): FileProblem => new FileProblem([{ sheet, row, column, message: { vi, en } }]);

export function isXlsx(bytes: Buffer): boolean {
  // A ZIP archive (XLSX is one) starts with "PK\x03\x04".
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function readJson(bytes: Buffer): RawRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw fileIssue('Tệp không phải JSON hoặc XLSX đọc được', 'The file is neither readable JSON nor XLSX');
  }
  const list = Array.isArray(doc) ? doc : doc && typeof doc === 'object' && Array.isArray((doc as { thuTucHanhChinh?: unknown }).thuTucHanhChinh) ? (doc as { thuTucHanhChinh: unknown[] }).thuTucHanhChinh : null;
  if (!list) throw fileIssue('Tệp JSON phải là danh sách thủ tục hoặc có khóa "thuTucHanhChinh"', 'The JSON must be a list of procedures or have a "thuTucHanhChinh" list');
  if (list.length === 0) throw fileIssue('Tệp không có thủ tục nào', 'The file has no procedure');
  if (list.length > MAX_RECORDS) throw fileIssue(`Tệp có quá ${MAX_RECORDS} thủ tục`, `The file has more than ${MAX_RECORDS} procedures`);
  return list.map((item, i) => {
    const position = { sheet: 'json', row: i + 1, column: (key: string) => key };
    const o = item && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
    const comps = Array.isArray(o.thanhPhanHoSo) ? o.thanhPhanHoSo : [];
    return {
      position,
      values: Object.fromEntries(COLUMNS.map((c) => [c.key, o[c.key]])),
      components: comps.map((c, j) => {
        const x = c && typeof c === 'object' ? (c as Record<string, unknown>) : {};
        return { tenGiayTo: x.tenGiayTo, banChinh: x.banChinh, banSao: x.banSao, batBuoc: x.batBuoc, position: { sheet: 'json', row: i + 1, column: (key: string) => `thanhPhanHoSo.${j}.${key}` } };
      }),
    };
  });
}

/** A cell's text or number (src/platform/xlsx/cell-text.ts); a boolean cell (a ticked "Bắt buộc") reads Có/Không, as the export writes it. */
const plain = (v: CellValue): string | number | null => cellText(v, (b) => (b ? 'Có' : 'Không'));

export async function readXlsx(bytes: Buffer): Promise<{ records: RawRecord[]; issues: RowError[] }> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw fileIssue('Tệp không phải bảng tính XLSX đọc được', 'The file is not a readable XLSX workbook');
  }
  const ws = wb.getWorksheet(PROCEDURE_SHEET) ?? wb.worksheets[0];
  if (!ws) throw fileIssue('Bảng tính không có trang nào', 'The workbook has no sheet');
  // Columns are found by heading (without diacritics or case), so their order may differ from the template's.
  const columnsOf = (sheet: typeof ws, expected: ReadonlyArray<{ key: string; head: string }>, required: string[]) => {
    const at = new Map<string, number>();
    sheet.getRow(1).eachCell((cell, col) => {
      const head = plain(cell.value);
      const c = expected.find((e) => fold(e.head) === fold(String(head ?? '')));
      if (c) at.set(c.key, col);
    });
    const missing = expected.filter((e) => required.includes(e.key) && !at.has(e.key));
    if (missing.length) {
      throw new FileProblem(missing.map((m) => ({ sheet: sheet.name, row: 1, column: m.head, message: { vi: `Thiếu cột "${m.head}"`, en: `The column "${m.head}" is missing` } })));
    }
    return at;
  };
  const cols = columnsOf(ws, COLUMNS, ['maTTHC', 'tenTTHC', 'capThucHien', 'linhVuc', 'soQuyetDinh', 'ngayQuyetDinh', 'ngayHieuLuc']);
  const head = (key: string) => COLUMNS.find((c) => c.key === key)?.head ?? COMPONENT_COLUMNS.find((c) => c.key === key)?.head ?? key;
  const records: RawRecord[] = [];
  const byCode = new Map<string, RawRecord>();
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const values = Object.fromEntries([...cols].map(([key, col]) => [key, plain(row.getCell(col).value)]));
    if (Object.values(values).every((x) => x === null)) return;
    const r: RawRecord = { position: { sheet: ws.name, row: n, column: head }, values, components: [] };
    records.push(r);
    if (typeof values.maTTHC === 'string' && !byCode.has(values.maTTHC)) byCode.set(values.maTTHC, r);
  });
  if (records.length === 0) throw fileIssue('Tệp không có thủ tục nào', 'The file has no procedure', 2, head('maTTHC'), ws.name);
  if (records.length > MAX_RECORDS) throw fileIssue(`Tệp có quá ${MAX_RECORDS} thủ tục`, `The file has more than ${MAX_RECORDS} procedures`);
  // A paper nobody claims is a mistake in a row, reported with the row errors, not an unreadable file.
  const orphans: RowError[] = [];
  const cs = wb.getWorksheet(COMPONENT_SHEET);
  if (cs) {
    const ccols = columnsOf(cs, COMPONENT_COLUMNS, ['maTTHC', 'tenGiayTo']);
    cs.eachRow((row, n) => {
      if (n === 1) return;
      const get = (key: string) => (ccols.has(key) ? plain(row.getCell(ccols.get(key)!).value) : null);
      const code = get('maTTHC');
      if ([code, get('tenGiayTo'), get('banChinh'), get('banSao'), get('batBuoc')].every((x) => x === null)) return;
      const owner = typeof code === 'string' ? byCode.get(code) : undefined;
      if (!owner) {
        orphans.push({ sheet: cs.name, row: n, column: head('maTTHC'), message: { vi: `Giấy tờ của thủ tục "${String(code ?? '')}" không có trong trang ${PROCEDURE_SHEET}`, en: `A paper of procedure "${String(code ?? '')}", which is not on sheet ${PROCEDURE_SHEET}` } });
        return;
      }
      owner.components.push({ tenGiayTo: get('tenGiayTo'), banChinh: get('banChinh'), banSao: get('banSao'), batBuoc: get('batBuoc'), position: { sheet: cs.name, row: n, column: head } });
    });
  }
  return { records, issues: orphans };
}

/** The template: both sheets with their headings and one example procedure (sample data, not official). */
export async function templateXlsx(): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'motcua';
  const ws = wb.addWorksheet(PROCEDURE_SHEET);
  ws.columns = COLUMNS.map((c) => ({ header: c.head, width: Math.max(14, c.head.length + 4) }));
  ws.addRow([
    '1.001234',
    'Thủ tục mẫu (DỮ LIỆU MẪU)',
    'Cấp Xã',
    'Hộ tịch',
    'Ủy ban nhân dân cấp xã',
    50000,
    null,
    5,
    'Ngày làm việc',
    'Luật Hộ tịch 2014',
    'Giấy xác nhận',
    '1234/QĐ-UBND',
    '02/11/2026',
    '16/11/2026',
    '04/11/2026',
  ]);
  ws.getColumn(1).numFmt = '@';
  ws.getRow(1).font = { bold: true };
  const cs = wb.addWorksheet(COMPONENT_SHEET);
  cs.columns = COMPONENT_COLUMNS.map((c) => ({ header: c.head, width: c.key === 'tenGiayTo' ? 60 : 14 }));
  cs.addRow(['1.001234', 'Tờ khai theo mẫu', 1, 0, 'Có']);
  cs.addRow(['1.001234', 'Bản sao giấy tờ tùy thân', 0, 1, 'Không']);
  cs.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
