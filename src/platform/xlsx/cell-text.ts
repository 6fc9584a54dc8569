/**
 * One reader of exceljs cells for the modules that import spreadsheets (par-index criteria sets, the
 * national catalogue's export): a cell's text or number, whatever exceljs made of it.
 */
import type { CellValue } from 'exceljs';

/**
 * Trimmed text (null when blank) or a number; rich text joined, a formula's result, a hyperlink's text,
 * a date as YYYY-MM-DD. A boolean cell reads as `booleanText` says, which is each importer's own meaning
 * (the default, String, gives "true"/"false").
 */
export function cellText(v: CellValue, booleanText: (b: boolean) => string = String): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'boolean') return booleanText(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return cellText(v.richText.map((t) => t.text).join(''), booleanText);
    if ('result' in v) return cellText((v.result ?? null) as CellValue, booleanText);
    if ('text' in v) return cellText(String(v.text), booleanText);
  }
  return null;
}
