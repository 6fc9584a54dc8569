/**
 * Days off and compensatory working days announced by the government for civil servants, for the
 * years we have the announcements of. Shipped as seed data for the calendar_years table, where an
 * administrator edits them and adds new years. Years not listed are derived (holidays.ts).
 *
 * Transcribed from the announcements for civil servants (Tết, 30/4–1/5 swaps with a Saturday worked,
 * 2/9 with its adjacent day). An administrator should check each year against the published notice;
 * the entries carry no notice number because we could not confirm the numbers offline.
 */
import type { YearSchedule } from './holidays.ts';

export const OFFICIAL_YEARS: YearSchedule[] = [
  {
    year: 2024,
    source: 'official',
    daysOff: [
      { date: '2024-01-01', name: 'Tết Dương lịch' },
      { date: '2024-02-08', name: 'Tết Nguyên đán (29 tháng Chạp)' },
      { date: '2024-02-09', name: 'Tết Nguyên đán (30 tháng Chạp)' },
      { date: '2024-02-12', name: 'Tết Nguyên đán (mùng 3)' },
      { date: '2024-02-13', name: 'Tết Nguyên đán (mùng 4)' },
      { date: '2024-02-14', name: 'Tết Nguyên đán (mùng 5)' },
      { date: '2024-04-18', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
      { date: '2024-04-29', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 04/5)' },
      { date: '2024-04-30', name: 'Ngày Chiến thắng (30/4)' },
      { date: '2024-05-01', name: 'Ngày Quốc tế Lao động (1/5)' },
      { date: '2024-09-02', name: 'Quốc khánh (2/9)' },
      { date: '2024-09-03', name: 'Quốc khánh (ngày liền kề)' },
    ],
    workingDays: [{ date: '2024-05-04', name: 'Làm bù cho ngày 29/4' }],
  },
  {
    year: 2025,
    source: 'official',
    daysOff: [
      { date: '2025-01-01', name: 'Tết Dương lịch' },
      { date: '2025-01-27', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 15/2)' },
      { date: '2025-01-28', name: 'Tết Nguyên đán (29 tháng Chạp)' },
      { date: '2025-01-29', name: 'Tết Nguyên đán (mùng 1)' },
      { date: '2025-01-30', name: 'Tết Nguyên đán (mùng 2)' },
      { date: '2025-01-31', name: 'Tết Nguyên đán (mùng 3)' },
      { date: '2025-04-07', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
      { date: '2025-04-30', name: 'Ngày Chiến thắng (30/4)' },
      { date: '2025-05-01', name: 'Ngày Quốc tế Lao động (1/5)' },
      { date: '2025-05-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)' },
      { date: '2025-09-01', name: 'Quốc khánh (ngày liền kề)' },
      { date: '2025-09-02', name: 'Quốc khánh (2/9)' },
    ],
    workingDays: [
      { date: '2025-02-15', name: 'Làm bù cho ngày 27/01' },
      { date: '2025-04-26', name: 'Làm bù cho ngày 02/5' },
    ],
  },
];
