/**
 * A criteria set as XLSX, in the layout officials use: sheet "Tiêu chí", one row per criterion — Mã, Tên tiêu chí,
 * Điểm tối đa, Phương pháp (Tự chấm / Tính tự động / Điều tra XHH), Chỉ số, Mục tiêu, Ghi chú, Tên tiếng Anh — and
 * sheet "Thông tin" with the set's name and band thresholds. Export then import gives the same set back
 * (test/par-index.api.test.ts). exceljs is loaded on first use (it is large).
 */
import type { CellValue } from 'exceljs';
import { cellText } from '../../platform/xlsx/cell-text.ts';
import { COLUMNS, METHOD_LABELS, type BandThresholds, type CriterionRow, type ParMethod, type RowIssue } from './domain/criteria.ts';

const CRITERIA_SHEET = 'Tiêu chí';
const INFO_SHEET = 'Thông tin';
const BAND_ROWS: Array<[keyof BandThresholds, string]> = [['excellent', 'Xuất sắc (từ điểm)'], ['good', 'Tốt (từ điểm)'], ['fair', 'Khá (từ điểm)'], ['average', 'Trung bình (từ điểm)']];

export async function setToXlsx(set: { name: string; rows: CriterionRow[]; bands: BandThresholds }): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'motcua';
  const ws = wb.addWorksheet(CRITERIA_SHEET);
  ws.columns = COLUMNS.map((c, i) => ({ header: c.head, width: [10, 70, 12, 16, 26, 10, 40, 50][i] }));
  for (const r of set.rows) {
    // Codes are text: "1.10" must not become the number 1.1.
    ws.addRow([r.code, r.name, r.max, r.method ? METHOD_LABELS[r.method] : null, r.measure, r.target, r.note, r.nameEn]);
  }
  ws.getColumn(1).numFmt = '@';
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const info = wb.addWorksheet(INFO_SHEET);
  info.addRow(['Tên bộ tiêu chí', set.name]);
  for (const [k, label] of BAND_ROWS) info.addRow([label, set.bands[k]]);
  info.getColumn(1).width = 24;
  info.getColumn(2).width = 60;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A cell's text or number (src/platform/xlsx/cell-text.ts); a boolean cell reads "true"/"false". */
const plain = (v: CellValue): string | number | null => cellText(v);
const num = (v: string | number | null): number | null => (v === null ? null : typeof v === 'number' ? v : /^-?\d+([.,]\d+)?$/.test(v) ? Number(v.replace(',', '.')) : NaN);
const METHOD_WORDS = new Map<string, ParMethod>([
  ...(Object.entries(METHOD_LABELS) as Array<[ParMethod, string]>).map(([k, v]) => [v.toLowerCase(), k] as [string, ParMethod]),
  ['manual', 'manual'], ['computed', 'computed'], ['survey', 'survey'],
]);

export interface ParsedSet {
  name: string | null;
  bands: BandThresholds | null;
  rows: CriterionRow[];
  issues: RowIssue[];
}

/** Reads a workbook in the layout above; cell problems come back as issues by row and column, never as an exception. */
export async function setFromXlsx(bytes: Buffer): Promise<ParsedSet> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { name: null, bands: null, rows: [], issues: [{ row: 1, column: 'A', message: { vi: 'Tệp không phải bảng tính XLSX đọc được', en: 'The file is not a readable XLSX workbook' } }] };
  }
  const ws = wb.getWorksheet(CRITERIA_SHEET) ?? wb.worksheets[0];
  if (!ws) return { name: null, bands: null, rows: [], issues: [{ row: 1, column: 'A', message: { vi: 'Bảng tính không có trang nào', en: 'The workbook has no sheet' } }] };
  const issues: RowIssue[] = [];
  COLUMNS.forEach((c, i) => {
    const head = plain(ws.getRow(1).getCell(i + 1).value);
    if (String(head ?? '').toLowerCase() !== c.head.toLowerCase() && !(i >= 5 && head === null)) {
      issues.push({ row: 1, column: c.letter, message: { vi: `Tiêu đề cột phải là "${c.head}"`, en: `The column heading must be "${c.head}"` } });
    }
  });
  if (issues.length) return { name: null, bands: null, rows: [], issues };
  const rows: CriterionRow[] = [];
  for (let n = 2; n <= ws.rowCount; n++) {
    const cells = COLUMNS.map((_, i) => plain(ws.getRow(n).getCell(i + 1).value));
    if (cells.every((c) => c === null)) continue;
    // Row numbers in issues must be the sheet's: validateSet counts from the array, so blank rows are refused here.
    if (rows.length !== n - 2) {
      issues.push({ row: n, column: 'A', message: { vi: 'Có dòng trống phía trên; xóa dòng trống giữa bảng', en: 'A blank row above; remove blank rows inside the table' } });
      break;
    }
    const at = (i: number): string | number | null => cells[i] ?? null;
    const [code, name, max, method, measure, target, note, nameEn] = [at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7)];
    const m = method === null ? null : METHOD_WORDS.get(String(method).toLowerCase()) ?? null;
    if (method !== null && !m) issues.push({ row: n, column: 'D', message: { vi: `Phương pháp "${method}" không hợp lệ (Tự chấm, Tính tự động, Điều tra XHH)`, en: `Method "${method}" is not one of Tự chấm, Tính tự động, Điều tra XHH` } });
    const maxN = num(max);
    if (maxN === null || Number.isNaN(maxN)) issues.push({ row: n, column: 'C', message: { vi: 'Điểm tối đa phải là số', en: 'Maximum points must be a number' } });
    let targetN = num(target);
    if (typeof target === 'string' && /^\d+([.,]\d+)?\s*%$/.test(target)) targetN = Number(target.replace('%', '').replace(',', '.').trim()) / 100;
    if (targetN !== null && Number.isNaN(targetN)) issues.push({ row: n, column: 'F', message: { vi: 'Mục tiêu phải là số (0,5 hoặc 50%)', en: 'The target must be a number (0.5 or 50%)' } });
    rows.push({
      code: code === null ? '' : String(code),
      name: name === null ? '' : String(name),
      nameEn: nameEn === null ? null : String(nameEn),
      max: maxN === null || Number.isNaN(maxN) ? NaN : maxN,
      method: m,
      measure: measure === null ? null : String(measure),
      target: targetN === null || Number.isNaN(targetN) ? null : targetN,
      note: note === null ? null : String(note),
    });
  }
  let name: string | null = null;
  let bands: BandThresholds | null = null;
  const info = wb.getWorksheet(INFO_SHEET);
  if (info) {
    name = (plain(info.getRow(1).getCell(2).value) as string | null) ?? null;
    const b: Partial<BandThresholds> = {};
    BAND_ROWS.forEach(([k], i) => {
      const v = num(plain(info.getRow(i + 2).getCell(2).value));
      if (v !== null && !Number.isNaN(v)) b[k] = v;
    });
    if (Object.keys(b).length === 4) bands = b as BandThresholds;
  }
  return { name: name === null ? null : String(name), bands, rows, issues };
}
