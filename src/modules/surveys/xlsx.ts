/**
 * One-sheet XLSX files on the server, for the sample export: it holds personal data, so it is written
 * where the request is permission-checked and audited rather than assembled in the browser from an API
 * answer. exceljs is loaded on the first export (it is large and most processes never export).
 * Text stays text: a cell starting with "=" is a string cell, never a formula, so no escaping is needed.
 */
export async function xlsxSheet(name: string, head: string[], rows: Array<Array<string | number | null>>): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'motcua';
  const ws = wb.addWorksheet(name.slice(0, 31));
  ws.columns = head.map((h, i) => ({ header: h, width: Math.min(60, Math.max(12, h.length + 2, ...rows.slice(0, 200).map((r) => String(r[i] ?? '').length + 2))) }));
  for (const r of rows) ws.addRow(r.map((v) => v ?? null));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
