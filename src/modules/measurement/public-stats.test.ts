import { describe, expect, it } from 'vitest';
import { csvCell, toCsv, type PublicRow } from './public-stats.ts';

const row = (orgName: string): PublicRow => ({
  period: '2026-11', orgId: 'phuong-x', orgName, agencyEid: null, received: 3, refusedAtIntake: 0, receivedOnline: 1, finishedEarly: 0, finishedOnTime: 1,
  finishedLate: 0, onTimeRate: -0.5, rated: 0, satisfiedOrBetter: null, index766: null, index766MeasuredPoints: null, index766NoDataPoints: null,
});

describe('open-data CSV', () => {
  it('escapes text a spreadsheet would run as a formula', () => {
    for (const [text, cell] of [
      ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
      ['+1+cmd', "'+1+cmd"],
      ['-2+3', "'-2+3"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\t=1', "'\t=1"],
      ['\r=1', `"'\r=1"`],
      ['UBND Phường Sài Gòn', 'UBND Phường Sài Gòn'],
    ] as const) {
      expect(csvCell(text)).toBe(cell);
    }
    expect(csvCell(-3)).toBe('-3');
    const csv = toCsv([row('=1+1')]);
    expect(csv).toContain(",'=1+1,");
    expect(csv).toContain(',-0.5,');
  });
});
