/**
 * The dashboard's table export (web/src/lib/export-table.ts): cell values by column type, the CSV text
 * (BOM, quoting, CRLF), file names, and an XLSX written and read back with exceljs: numbers are numbers,
 * rates numbers with a percent format, dates date cells with Vietnam's wall-clock date, whatever the
 * machine's time zone.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvField, csvValue, fileName, sheetName, slug, toCsv, xlsxBytes, xlsxValue, type ExportTable } from '../web/src/lib/export-table.ts';

interface Row {
  name: string;
  n: number;
  rate: number | null;
  day: string;
  at: string | null;
}

const table: ExportTable<Row> = {
  name: 'thu-tuc',
  columns: [
    { header: 'Thủ tục', type: 'text', value: (r) => r.name },
    { header: 'Tiếp nhận', type: 'int', value: (r) => r.n },
    { header: 'Đúng hạn', type: 'rate', value: (r) => r.rate },
    { header: 'Ngày nộp', type: 'date', value: (r) => r.day },
    { header: 'Hạn xử lý', type: 'datetime', value: (r) => r.at },
  ],
  rows: [
    // 23:30 UTC on 30 November is 06:30 on 1 December in Vietnam.
    { name: 'Đăng ký hộ kinh doanh, "cá thể"', n: 1234, rate: 0.975, day: '2026-11-30T23:30:00Z', at: '2026-12-03T17:00:00+07:00' },
    { name: 'Cấp phép\nxây dựng', n: 0, rate: null, day: '2026-11-02', at: null },
  ],
};

describe('cell values by column type', () => {
  it('makes numbers of numeric columns and Vietnam wall-clock dates of date columns', () => {
    expect(xlsxValue('int', 1234)).toBe(1234);
    expect(xlsxValue('rate', '0.5')).toBe(0.5);
    expect(xlsxValue('int', 'abc')).toBeNull();
    expect(xlsxValue('text', null)).toBeNull();
    expect(xlsxValue('date', '2026-11-30T23:30:00Z')).toEqual(new Date(Date.UTC(2026, 11, 1)));
    expect(xlsxValue('datetime', '2026-12-03T17:00:00+07:00')).toEqual(new Date(Date.UTC(2026, 11, 3, 17, 0)));
    expect(xlsxValue('date', '2026-11-02')).toEqual(new Date(Date.UTC(2026, 10, 2)));
  });

  it('writes CSV cells plainly: ISO dates, rates as percentages, empty for nothing', () => {
    expect(csvValue('rate', 0.975)).toBe('97.5');
    expect(csvValue('rate', 1 / 3)).toBe('33.3');
    expect(csvValue('date', '2026-11-30T23:30:00Z')).toBe('2026-12-01');
    expect(csvValue('datetime', '2026-12-03T17:00:00+07:00')).toBe('2026-12-03 17:00');
    expect(csvValue('int', null)).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
  });
});

describe('the CSV file', () => {
  it('has a BOM, a header row (rates marked %), quoted fields and CRLF line ends', () => {
    expect(toCsv(table)).toBe(
      '\uFEFFThủ tục,Tiếp nhận,Đúng hạn (%),Ngày nộp,Hạn xử lý\r\n' +
        '"Đăng ký hộ kinh doanh, ""cá thể""",1234,97.5,2026-12-01,2026-12-03 17:00\r\n' +
        '"Cấp phép\nxây dựng",0,,2026-11-02,\r\n',
    );
  });
});

describe('names', () => {
  it('makes file and sheet names from Vietnamese text', () => {
    expect(slug('Ủy ban nhân dân Phường Sài Gòn')).toBe('uy-ban-nhan-dan-phuong-sai-gon');
    expect(slug('Đường')).toBe('duong');
    expect(fileName('phuong-sai-gon', '2026-11', 'thu-tuc', 'xlsx')).toBe('motcua-phuong-sai-gon-2026-11-thu-tuc.xlsx');
    expect(fileName('hcm', '2026-11-01_2026-11-20', 'don-vi', 'csv')).toBe('motcua-hcm-2026-11-01-2026-11-20-don-vi.csv');
    expect(sheetName('Theo thủ tục: [a/b]*?')).toBe('Theo thủ tục   a b   ');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
  });
});

describe('the XLSX file', () => {
  it('holds text, numbers, percent-formatted rates and dd/mm/yyyy dates that read back as written', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsxBytes(table, 'Theo thủ tục'));
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Theo thủ tục');
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['Thủ tục', 'Tiếp nhận', 'Đúng hạn', 'Ngày nộp', 'Hạn xử lý']);
    const r = ws.getRow(2);
    expect(r.getCell(1).value).toBe('Đăng ký hộ kinh doanh, "cá thể"');
    expect(r.getCell(2).value).toBe(1234);
    expect(r.getCell(2).numFmt).toBe('#,##0');
    expect(r.getCell(3).value).toBe(0.975);
    expect(r.getCell(3).numFmt).toBe('0.0%');
    expect(r.getCell(4).value).toEqual(new Date(Date.UTC(2026, 11, 1)));
    expect(r.getCell(4).numFmt).toBe('dd/mm/yyyy');
    expect(r.getCell(5).value).toEqual(new Date(Date.UTC(2026, 11, 3, 17)));
    expect(r.getCell(5).numFmt).toBe('dd/mm/yyyy hh:mm');
    // Nothing is an empty cell, not a zero or a blank string.
    expect(ws.getRow(3).getCell(3).value).toBeNull();
    expect(ws.getRow(3).getCell(2).value).toBe(0);
  });
});
