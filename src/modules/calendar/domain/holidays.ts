/**
 * Public holidays under the Labour Code 2019, Art. 112, and their compensation.
 *
 * The government announces each year's exact days off (Tết, National Day) and swapped working
 * days; those announcements are data (see official-years.ts and the calendar_years table). For a
 * year without an announcement we derive a default from the code's rules, so every year has a
 * calendar.
 */
import { lunarNewYear, lunarToSolar } from './lunar.ts';
import { dayNumberFromYmd, isoDate, weekdayOf, type DayNumber } from './local-time.ts';

export interface CalendarDay {
  date: string; // ISO date
  name: string; // Vietnamese name, as printed in notices
}

export interface YearSchedule {
  year: number;
  /** Days off: public holidays, compensatory days off and swapped days off. */
  daysOff: CalendarDay[];
  /** Compensatory working days (e.g. a Saturday worked to bridge a holiday). */
  workingDays: CalendarDay[];
  /** 'official' when entered from the government's announcement; 'derived' when computed here. */
  source: 'official' | 'derived';
  note?: string;
}

const TET_DAY_NAMES = ['Tết Nguyên đán (mùng 1)', 'Tết Nguyên đán (mùng 2)', 'Tết Nguyên đán (mùng 3)', 'Tết Nguyên đán (mùng 4)'];

/** The statutory holidays of a year, before compensation, in date order. */
export function statutoryHolidays(year: number): Array<{ day: DayNumber; name: string }> {
  const out: Array<{ day: DayNumber; name: string }> = [];
  out.push({ day: dayNumberFromYmd(year, 1, 1), name: 'Tết Dương lịch' });

  const tet = lunarNewYear(year);
  const tetDay = dayNumberFromYmd(tet.year, tet.month, tet.day);
  // Five days: the last day of the old lunar year and the first four of the new one.
  out.push({ day: tetDay - 1, name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)' });
  TET_DAY_NAMES.forEach((name, i) => out.push({ day: tetDay + i, name }));

  const hung = lunarToSolar({ year, month: 3, day: 10, leap: false });
  if (hung) out.push({ day: dayNumberFromYmd(hung.year, hung.month, hung.day), name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' });

  out.push({ day: dayNumberFromYmd(year, 4, 30), name: 'Ngày Chiến thắng (30/4)' });
  out.push({ day: dayNumberFromYmd(year, 5, 1), name: 'Ngày Quốc tế Lao động (1/5)' });

  const national = dayNumberFromYmd(year, 9, 2);
  out.push({ day: national, name: 'Quốc khánh (2/9)' });
  out.push({ day: adjacentNationalDay(national), name: 'Quốc khánh (ngày liền kề)' });

  return out.filter((h) => Number.isFinite(h.day)).sort((a, b) => a.day - b.day);
}

/**
 * The day adjacent to 2/9 that the code adds. The government picks it each year; by default we pick
 * the neighbour that joins the holiday to a weekend (a Monday or a Friday), else the day before.
 */
function adjacentNationalDay(national: DayNumber): DayNumber {
  const before = national - 1;
  const after = national + 1;
  if (weekdayOf(after) === 5 || weekdayOf(after) === 2) return after; // 2/9 on Thursday or Monday
  return before;
}

/**
 * Derives a year's days off from the code: every statutory holiday, and for each one that falls on a
 * weekly rest day, a compensatory day off on the next working day (Art. 112(3)).
 */
export function deriveYearSchedule(year: number, weeklyRestDays: readonly number[] = [0, 6]): YearSchedule {
  const holidays = statutoryHolidays(year);
  const off = new Map<DayNumber, string>();
  const isRest = (d: DayNumber) => weeklyRestDays.includes(weekdayOf(d));
  const nextFree = (from: DayNumber) => {
    let d = from + 1;
    while (isRest(d) || off.has(d)) d++;
    return d;
  };
  const owed: string[] = [];
  for (const h of holidays) {
    const already = off.get(h.day);
    if (already !== undefined) {
      // Two holidays on one day (Giỗ Tổ on 30/4, as in 1947): each is owed, so the second is given
      // on the next working day. Our default; the government's notice for such a year overrides it.
      off.set(h.day, `${already}; ${h.name}`);
      owed.push(h.name);
    } else {
      off.set(h.day, h.name);
    }
  }
  for (const h of holidays) {
    if (isRest(h.day) && !owed.includes(h.name)) off.set(nextFree(h.day), `Nghỉ bù ${h.name}`);
  }
  for (const name of owed) {
    const h = holidays.find((x) => x.name === name)!;
    off.set(nextFree(h.day), `Nghỉ bù ${name} (trùng ngày lễ khác)`);
  }
  const daysOff = [...off.entries()]
    .sort(([a], [b]) => a - b)
    .map(([day, name]) => ({ date: isoDate(day), name }));
  return { year, daysOff, workingDays: [], source: 'derived' };
}
