import { describe, expect, it } from 'vitest';
import type { CellValue } from 'exceljs';
import { cellText } from './cell-text.ts';

describe('cellText', () => {
  it('reads what exceljs makes of a cell as trimmed text or a number', () => {
    expect(cellText(null)).toBeNull();
    expect(cellText('  ')).toBeNull();
    expect(cellText(' 1.10 ')).toBe('1.10');
    expect(cellText(5)).toBe(5);
    expect(cellText(new Date('2026-11-02T00:00:00Z'))).toBe('2026-11-02');
    expect(cellText({ richText: [{ text: 'Tờ ' }, { text: 'khai ' }] } as CellValue)).toBe('Tờ khai');
    expect(cellText({ formula: 'A1*2', result: 4 } as CellValue)).toBe(4);
    expect(cellText({ text: ' Cổng ', hyperlink: 'https://example.vn' } as CellValue)).toBe('Cổng');
  });

  it("reads a boolean as the importer says, String's by default, also inside a formula's result", () => {
    expect(cellText(true)).toBe('true');
    const coKhong = (b: boolean) => (b ? 'Có' : 'Không');
    expect(cellText(true, coKhong)).toBe('Có');
    expect(cellText({ formula: 'TRUE()', result: false } as CellValue, coKhong)).toBe('Không');
  });
});
