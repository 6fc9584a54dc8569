/**
 * Every table of the dashboard downloads as XLSX and CSV through this one module (issue 14). A table is
 * its columns (header, type, value) and rows. The pure parts — cell values by column type, the CSV text,
 * file names — are unit-tested (test/export-table.test.ts); the XLSX writer loads exceljs on the first
 * click, so it is a chunk of its own and never in the portal's bundle.
 *
 * XLSX: numbers are numeric cells; rates (0–1) are numbers with a percent format; dates and date-times are
 * date cells formatted dd/mm/yyyy (hh:mm), holding Vietnam's wall-clock time (a spreadsheet has no time
 * zone). CSV: UTF-8 with a BOM (so Excel reads the diacritics), commas, RFC 4180 quoting, CRLF; numbers
 * with a decimal point, rates as percentages (header "… (%)"), dates as ISO yyyy-mm-dd (hh:mm), which every
 * tool reads the same way.
 */

export type ColumnType = 'text' | 'int' | 'number' | 'rate' | 'date' | 'datetime';

export interface Column<R> {
  header: string;
  type: ColumnType;
  /** Text, a number, an ISO date (2026-11-03) or instant (2026-11-03T08:00:00+07:00), or null for an empty cell. */
  value: (row: R) => string | number | null | undefined;
}

export interface ExportTable<R> {
  /** Short name for the file and the sheet: "don-vi", "thu-tuc"… */
  name: string;
  columns: Array<Column<R>>;
  rows: R[];
}

/** Vietnam's wall-clock fields of an ISO date or instant, whatever the device's time zone (UTC+7, no daylight saving). */
function vietnamFields(iso: string): [number, number, number, number, number] | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (day) return [Number(day[1]), Number(day[2]), Number(day[3]), 0, 0];
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const vn = new Date(t + 7 * 3600_000);
  return [vn.getUTCFullYear(), vn.getUTCMonth() + 1, vn.getUTCDate(), vn.getUTCHours(), vn.getUTCMinutes()];
}

/**
 * The value an XLSX cell holds: a number for numeric columns, a Date whose UTC fields are Vietnam's wall
 * clock for date columns (exceljs writes a Date's UTC fields as the cell's date), text otherwise.
 */
export function xlsxValue(type: ColumnType, raw: string | number | null | undefined): string | number | Date | null {
  if (raw === null || raw === undefined || raw === '') return null;
  switch (type) {
    case 'int':
    case 'number':
    case 'rate': {
      const n = typeof raw === 'number' ? raw : Number(raw);
      return Number.isFinite(n) ? n : null;
    }
    case 'date':
    case 'datetime': {
      const f = vietnamFields(String(raw));
      if (!f) return null;
      return new Date(Date.UTC(f[0], f[1] - 1, f[2], type === 'date' ? 0 : f[3], type === 'date' ? 0 : f[4]));
    }
    default:
      return String(raw);
  }
}

/** Excel number formats by column type. */
export const NUMBER_FORMATS: Record<ColumnType, string | undefined> = {
  text: undefined,
  int: '#,##0',
  number: '#,##0.0#',
  rate: '0.0%',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** The text a CSV cell holds (before quoting). */
export function csvValue(type: ColumnType, raw: string | number | null | undefined): string {
  const v = xlsxValue(type, raw);
  if (v === null) return '';
  if (v instanceof Date) {
    const day = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    return type === 'date' ? day : `${day} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}`;
  }
  // Rates as percentages with one decimal (0.975 → 97.5); rounding through integers avoids 97.50000000000001.
  if (type === 'rate' && typeof v === 'number') return String(Math.round(v * 1000) / 10);
  return String(v);
}

/** RFC 4180: quote a field holding a comma, a quote or a line break; double the quotes inside. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvHeader = <R>(c: Column<R>) => (c.type === 'rate' ? `${c.header} (%)` : c.header);

/** The whole CSV file: BOM, header row, one line per row, CRLF. */
export function toCsv<R>(table: ExportTable<R>): string {
  const lines = [table.columns.map((c) => csvField(csvHeader(c))).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvField(csvValue(c.type, c.value(row)))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Letters, digits and dashes only: "Phường Sài Gòn" → "phuong-sai-gon". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\u0111/g, 'd') // đ (not a combining mark, so NFD keeps it)
    .replace(/\u0110/g, 'D') // Đ
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** motcua-<unit>-<period>-<table>.<ext> */
export function fileName(unit: string, period: string, table: string, ext: 'xlsx' | 'csv'): string {
  return `motcua-${[unit, period, table].map(slug).filter(Boolean).join('-')}.${ext}`;
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ */
export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1';
}

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadCsv<R>(table: ExportTable<R>, name: string): void {
  save(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }), name);
}

export async function xlsxBytes<R>(table: ExportTable<R>, title: string): Promise<ArrayBuffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'motcua';
  const ws = wb.addWorksheet(sheetName(title));
  ws.columns = table.columns.map((c) => ({
    header: c.header,
    width: Math.min(60, Math.max(12, c.header.length + 2, ...table.rows.slice(0, 200).map((r) => String(c.value(r) ?? '').length + 2))),
    style: NUMBER_FORMATS[c.type] ? { numFmt: NUMBER_FORMATS[c.type] } : {},
  }));
  for (const row of table.rows) ws.addRow(table.columns.map((c) => xlsxValue(c.type, c.value(row))));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}

export async function downloadXlsx<R>(table: ExportTable<R>, title: string, name: string): Promise<void> {
  const bytes = await xlsxBytes(table, title);
  save(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), name);
}
