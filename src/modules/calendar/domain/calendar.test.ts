import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lunarNewYear, lunarToSolar, solarToLunar } from './lunar.ts';
import { deriveYearSchedule, statutoryHolidays } from './holidays.ts';
import { OFFICIAL_YEARS } from './official-years.ts';
import { DEFAULT_WEEKLY_HOURS, WorkingCalendar, parsePeriods } from './working-calendar.ts';
import { classifyFinish, computeDue, parseDuration, remainingWorkingMinutes, resumeDue } from './deadlines.ts';
import { dayNumberFromYmd, formatVietnamIso, isoDate, parseIsoDate } from './local-time.ts';
import { ruleVersionAt } from './rule-version.ts';

/** An instant given in Vietnam local time. */
const vn = (s: string) => new Date(`${s}+07:00`);
const official = Object.fromEntries(OFFICIAL_YEARS.map((y) => [y.year, y]));
const calendar = new WorkingCalendar({ weeklyHours: DEFAULT_WEEKLY_HOURS, cutoffMinute: null, yearSchedules: official });

describe('Vietnamese lunar calendar (UTC+7)', () => {
  it.each([
    [1985, '1985-01-21'],
    [2007, '2007-02-17'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2030, '2030-02-02'],
  ])('Tết %i is %s', (year, iso) => {
    const d = lunarNewYear(year);
    expect(isoDate(dayNumberFromYmd(d.year, d.month, d.day))).toBe(iso);
  });

  it('differs from the Chinese calendar (UTC+8) where it should', () => {
    expect(lunarNewYear(1985, 8)).toEqual({ year: 1985, month: 2, day: 20 });
    expect(lunarNewYear(2007, 8)).toEqual({ year: 2007, month: 2, day: 18 });
    expect(lunarNewYear(2030, 8)).toEqual({ year: 2030, month: 2, day: 3 });
  });

  it.each([
    [2024, { year: 2024, month: 4, day: 18 }],
    [2025, { year: 2025, month: 4, day: 7 }],
    [2026, { year: 2026, month: 4, day: 26 }],
  ])('Giỗ Tổ Hùng Vương %i', (year, expected) => {
    expect(lunarToSolar({ year, month: 3, day: 10, leap: false })).toEqual(expected);
  });

  it('gives the last days of long months their day 30 (regression: 7/5/2054 and 9/4/2062 came out as day 0)', () => {
    expect(solarToLunar({ year: 2054, month: 5, day: 7 })).toEqual({ year: 2054, month: 3, day: 30, leap: false });
    expect(solarToLunar({ year: 2062, month: 4, day: 9 })).toEqual({ year: 2062, month: 2, day: 30, leap: false });
  });

  it('round-trips every single day from 1900 to 2199', () => {
    let mismatches = 0;
    for (let day = dayNumberFromYmd(1900, 1, 1); day <= dayNumberFromYmd(2199, 12, 31); day++) {
      const [y, m, d] = isoDate(day).split('-').map(Number) as [number, number, number];
      const lunar = solarToLunar({ year: y, month: m, day: d });
      const back = lunarToSolar(lunar);
      if (lunar.day < 1 || lunar.day > 30 || !back || back.year !== y || back.month !== m || back.day !== d) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});

describe('holidays', () => {
  it('derives the Labour Code holidays with compensation for 2026', () => {
    const s = deriveYearSchedule(2026);
    const dates = s.daysOff.map((d) => d.date);
    // Tết Bính Ngọ: 16/2 (last day of the lunar year) to 20/2 (mùng 4), all weekdays.
    expect(dates).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-20', '2026-04-30', '2026-05-01', '2026-09-02']));
    // Giỗ Tổ falls on Sunday 26/4/2026 and is compensated on Monday 27/4.
    expect(dates).toContain('2026-04-26');
    expect(s.daysOff.find((d) => d.date === '2026-04-27')?.name).toMatch(/^Nghỉ bù Giỗ Tổ/);
    expect(s.source).toBe('derived');
  });

  it('gives every statutory holiday its day: each one on a rest day or on another holiday is compensated once (every year 1900–2199)', () => {
    for (let year = 1900; year <= 2199; year++) {
      const s = deriveYearSchedule(year);
      const holidays = statutoryHolidays(year);
      const off = s.daysOff.map((d) => parseIsoDate(d.date)!);
      expect(new Set(off).size).toBe(off.length);
      expect(holidays.length).toBe(11);
      const days = new Set(holidays.map((h) => h.day));
      const coinciding = holidays.length - days.size;
      const onRest = holidays.filter((h, i) => [0, 6].includes(new Date(h.day * 86_400_000).getUTCDay()) && holidays.findIndex((x) => x.day === h.day) === i).length;
      const compensations = s.daysOff.filter((d) => d.name.startsWith('Nghỉ bù')).length;
      expect(compensations, String(year)).toBe(onRest + coinciding);
      // Every holiday plus every compensation is a distinct day off.
      expect(off.length, String(year)).toBe(days.size + compensations);
      // No compensation lands on a weekly rest day.
      for (const d of s.daysOff.filter((x) => x.name.startsWith('Nghỉ bù'))) expect([0, 6]).not.toContain(new Date(parseIsoDate(d.date)! * 86_400_000).getUTCDay());
    }
  });

  it('gives a second day when Giỗ Tổ falls on 30/4 (1947)', () => {
    const s = deriveYearSchedule(1947);
    expect(s.daysOff.find((d) => d.date === '1947-04-30')?.name).toBe('Giỗ Tổ Hùng Vương (10/3 Âm lịch); Ngày Chiến thắng (30/4)');
    expect(s.daysOff.find((d) => d.date === '1947-05-02')?.name).toBe('Nghỉ bù Ngày Chiến thắng (30/4) (trùng ngày lễ khác)');
  });

  it('uses the announced schedule where there is one: Saturday 4/5/2024 is a working day', () => {
    expect(calendar.isWorkingDay(dayNumberFromYmd(2024, 5, 4))).toBe(true);
    expect(calendar.isWorkingDay(dayNumberFromYmd(2024, 4, 29))).toBe(false);
    expect(calendar.isWorkingDay(dayNumberFromYmd(2025, 1, 27))).toBe(false);
    expect(calendar.isWorkingDay(dayNumberFromYmd(2025, 2, 15))).toBe(true);
  });
});

describe('working time', () => {
  it('parses working periods and rejects nonsense', () => {
    expect(parsePeriods('07:30-11:30,13:00-17:00')).toEqual([[450, 690], [780, 1020]]);
    expect(() => parsePeriods('17:00-07:30')).toThrow();
    expect(() => parsePeriods('7h30-11h')).toThrow();
  });

  it('counts 1 working day from Friday 16:00 to Monday 16:00', () => {
    const due = computeDue(calendar, vn('2026-11-20T16:00:00'), { value: 1, unit: 'working_days' });
    expect(formatVietnamIso(due)).toBe('2026-11-23T16:00:00+07:00');
  });

  it('skips the lunch break: 2 working hours from 10:30 end at 14:00', () => {
    const due = computeDue(calendar, vn('2026-11-23T10:30:00'), { value: 2, unit: 'working_hours' });
    expect(formatVietnamIso(due)).toBe('2026-11-23T14:00:00+07:00');
  });

  it('starts an acceptance after hours at the next working period', () => {
    const due = computeDue(calendar, vn('2026-11-23T18:45:00'), { value: 4, unit: 'working_hours' });
    expect(formatVietnamIso(due)).toBe('2026-11-24T11:30:00+07:00');
  });

  it('stops on the end of a period rather than the next morning', () => {
    const due = computeDue(calendar, vn('2026-11-23T07:30:00'), { value: 1, unit: 'working_days' });
    expect(formatVietnamIso(due)).toBe('2026-11-23T17:00:00+07:00');
  });

  it('jumps Tết Bính Ngọ: 3 working days from Thursday 12/2/2026 09:00', () => {
    // 12/2 (rest of day), 13/2, then 14–22/2 off, back on Monday 23/2.
    const due = computeDue(calendar, vn('2026-02-12T09:00:00'), { value: 3, unit: 'working_days' });
    expect(formatVietnamIso(due)).toBe('2026-02-24T09:00:00+07:00');
  });

  it('counts a Saturday worked by swap (4/5/2024)', () => {
    const due = computeDue(calendar, vn('2024-05-03T17:00:00'), { value: 1, unit: 'working_days' });
    expect(formatVietnamIso(due)).toBe('2024-05-04T17:00:00+07:00');
  });

  it('applies a daily cut-off only when configured', () => {
    const cut = new WorkingCalendar({ ...calendar.settings, cutoffMinute: 15 * 60 });
    const start = vn('2026-11-23T15:30:00');
    expect(formatVietnamIso(computeDue(cut, start, { value: 1, unit: 'working_hours' }))).toBe('2026-11-24T08:30:00+07:00');
    expect(formatVietnamIso(computeDue(calendar, start, { value: 1, unit: 'working_hours' }))).toBe('2026-11-23T16:30:00+07:00');
  });

  it('honours configured Saturday morning hours', () => {
    const hours = [...DEFAULT_WEEKLY_HOURS];
    hours[6] = parsePeriods('07:30-11:30');
    const sat = new WorkingCalendar({ ...calendar.settings, weeklyHours: hours });
    const due = computeDue(sat, vn('2026-11-20T16:00:00'), { value: 4, unit: 'working_hours' });
    expect(formatVietnamIso(due)).toBe('2026-11-21T10:30:00+07:00');
  });

  it('ends calendar-day periods at the end of the next working day (Civil Code Art. 148)', () => {
    // 30 days from 2/4/2026 is Saturday 2/5; the next working day is Monday 4/5.
    const due = computeDue(calendar, vn('2026-04-02T10:00:00'), { value: 30, unit: 'calendar_days' });
    expect(formatVietnamIso(due)).toBe('2026-05-04T17:00:00+07:00');
    const months = computeDue(calendar, vn('2026-01-31T10:00:00'), { value: 1, unit: 'months' });
    expect(formatVietnamIso(months)).toBe('2026-03-02T17:00:00+07:00');
  });

  const instant = fc
    .integer({ min: vn('2023-06-01T00:00:00').getTime(), max: vn('2027-06-01T00:00:00').getTime() })
    .map((ms) => new Date(Math.floor(ms / 60_000) * 60_000));
  const minutes = fc.integer({ min: 1, max: 60 * 480 });

  it('adding m working minutes spans exactly m working minutes (property)', () => {
    fc.assert(
      fc.property(instant, minutes, (start, m) => {
        const due = calendar.addWorkingMinutes(start, m);
        expect(due.getTime()).toBeGreaterThan(start.getTime());
        expect(calendar.workingMinutesBetween(start, due)).toBeCloseTo(m, 6);
      }),
    );
  });

  it('is additive: add(add(t, a), b) = add(t, a + b) (property)', () => {
    fc.assert(
      fc.property(instant, minutes, minutes, (t, a, b) => {
        const twoSteps = calendar.addWorkingMinutes(calendar.addWorkingMinutes(t, a), b);
        expect(twoSteps.getTime()).toBe(calendar.addWorkingMinutes(t, a + b).getTime());
      }),
    );
  });

  it('is monotonic and lands inside a working period or on its end (property)', () => {
    fc.assert(
      fc.property(instant, minutes, minutes, (t, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const d1 = calendar.addWorkingMinutes(t, lo);
        const d2 = calendar.addWorkingMinutes(t, hi);
        expect(d1.getTime()).toBeLessThanOrEqual(d2.getTime());
        const justBefore = new Date(d2.getTime() - 1);
        expect(calendar.isWorkingInstant(justBefore)).toBe(true);
      }),
    );
  });

  it('a supplement pause keeps the working time left (property)', () => {
    fc.assert(
      fc.property(instant, minutes, fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 200_000 }), (accepted, m, untilPause, pauseLength) => {
        const due = calendar.addWorkingMinutes(accepted, m);
        const pausedAt = new Date(accepted.getTime() + untilPause * 60_000);
        const resumedAt = new Date(pausedAt.getTime() + pauseLength * 60_000);
        const left = remainingWorkingMinutes(calendar, pausedAt, due);
        const newDue = resumeDue(calendar, resumedAt, left, due);
        if (left > 0) {
          expect(calendar.workingMinutesBetween(resumedAt, newDue)).toBeCloseTo(left, 6);
          // Working time counted before and after the pause adds up to the statutory duration.
          const used = calendar.workingMinutesBetween(accepted, pausedAt);
          expect(used + left).toBeCloseTo(m, 6);
        } else {
          expect(newDue).toEqual(due);
        }
      }),
    );
  });
});

describe('durations, timeliness and rule versions', () => {
  it('parses the CLI units', () => {
    expect(parseDuration('15wd')).toEqual({ value: 15, unit: 'working_days' });
    expect(parseDuration('0.5wd')).toEqual({ value: 0.5, unit: 'working_days' });
    expect(parseDuration('4wh')).toEqual({ value: 4, unit: 'working_hours' });
    expect(parseDuration('30d')).toEqual({ value: 30, unit: 'calendar_days' });
    expect(parseDuration('1.5d')).toBeNull();
    expect(parseDuration('15')).toBeNull();
  });

  it('classifies early, on time and late', () => {
    const due = vn('2026-11-25T17:00:00');
    expect(classifyFinish(due, vn('2026-11-24T16:00:00'))).toBe('early');
    expect(classifyFinish(due, vn('2026-11-25T09:00:00'))).toBe('on_time');
    expect(classifyFinish(due, vn('2026-11-25T17:00:00'))).toBe('on_time');
    expect(classifyFinish(due, vn('2026-11-25T17:00:01'))).toBe('late');
  });

  it('switches to Decree 118/2025 on 1 July 2025, Vietnam time', () => {
    expect(ruleVersionAt(vn('2025-06-30T23:59:59'))).toBe('nd61-2018');
    expect(ruleVersionAt(vn('2025-07-01T00:00:00'))).toBe('nd118-2025');
  });
});
