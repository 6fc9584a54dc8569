/**
 * Working time of an organisation: weekly hours, days off, compensatory working days and an optional
 * daily cut-off. All deadline arithmetic goes through here, to the minute.
 *
 * Peers have failed exactly here (OpenCPS parsed its configured hours wrongly and never applied
 * them), so this module is pure and property-tested: an instant in, an instant out, no clock.
 */
import { deriveYearSchedule, type YearSchedule } from './holidays.ts';
import {
  DAY_MS,
  MINUTE_MS,
  fromLocalMs,
  localMs,
  parseIsoDate,
  weekdayOf,
  ymdOf,
  type DayNumber,
} from './local-time.ts';

/** [start, end) in minutes after local midnight, e.g. [450, 690] for 07:30–11:30. */
export type Period = readonly [number, number];

export interface CalendarSettings {
  /** Index 0 = Sunday … 6 = Saturday; an empty list is a weekly rest day. */
  weeklyHours: readonly (readonly Period[])[];
  /** Hours of a compensatory working day; defaults to Monday's. */
  compensatoryDayHours?: readonly Period[];
  /** Acceptances at or after this minute of a working day count from the next working day; null = off. */
  cutoffMinute: number | null;
  /** Announced schedules by year; other years are derived from the Labour Code. */
  yearSchedules: Readonly<Record<number, YearSchedule>>;
}

export const DEFAULT_WEEKLY_HOURS: readonly (readonly Period[])[] = [
  [],
  [[450, 690], [780, 1020]],
  [[450, 690], [780, 1020]],
  [[450, 690], [780, 1020]],
  [[450, 690], [780, 1020]],
  [[450, 690], [780, 1020]],
  [],
];

/** A working day is counted as 8 working hours (domain §2). */
export const WORKING_DAY_MINUTES = 480;

interface DayPlan {
  periods: readonly Period[];
  name?: string;
}

export class CalendarError extends Error {}

/** Longest span we will scan for working time before deciding the calendar has none. */
const MAX_SCAN_DAYS = 3660;

export class WorkingCalendar {
  private readonly years = new Map<number, { off: Map<DayNumber, string>; on: Map<DayNumber, string> }>();

  constructor(readonly settings: CalendarSettings) {
    validateSettings(settings);
  }

  /** The year's schedule: the announced one if there is one, else derived from the Labour Code. */
  yearSchedule(year: number): YearSchedule {
    return this.settings.yearSchedules[year] ?? deriveYearSchedule(year, this.weeklyRestDays());
  }

  weeklyRestDays(): number[] {
    return this.settings.weeklyHours.flatMap((p, i) => (p.length === 0 ? [i] : []));
  }

  private year(year: number) {
    let y = this.years.get(year);
    if (!y) {
      const s = this.yearSchedule(year);
      const toMap = (days: YearSchedule['daysOff']) => {
        const m = new Map<DayNumber, string>();
        for (const d of days) {
          const n = parseIsoDate(d.date);
          if (n !== null) m.set(n, d.name);
        }
        return m;
      };
      y = { off: toMap(s.daysOff), on: toMap(s.workingDays) };
      this.years.set(year, y);
    }
    return y;
  }

  dayPlan(day: DayNumber): DayPlan {
    const y = this.year(ymdOf(day).year);
    const off = y.off.get(day);
    if (off !== undefined) return { periods: [], name: off };
    const on = y.on.get(day);
    if (on !== undefined) {
      return { periods: this.settings.compensatoryDayHours ?? this.settings.weeklyHours[1] ?? [], name: on };
    }
    return { periods: this.settings.weeklyHours[weekdayOf(day)] ?? [] };
  }

  isWorkingDay(day: DayNumber): boolean {
    return this.dayPlan(day).periods.length > 0;
  }

  /** True when the instant lies inside a working period (start inclusive, end exclusive). */
  isWorkingInstant(instant: Date): boolean {
    const ms = localMs(instant);
    const day = Math.floor(ms / DAY_MS);
    const minute = (ms - day * DAY_MS) / MINUTE_MS;
    return this.dayPlan(day).periods.some(([s, e]) => minute >= s && minute < e);
  }

  /** Where the clock starts for something accepted at `instant`, applying the daily cut-off. */
  clockStart(instant: Date): Date {
    const cutoff = this.settings.cutoffMinute;
    if (cutoff === null) return instant;
    const ms = localMs(instant);
    const day = Math.floor(ms / DAY_MS);
    if (this.isWorkingDay(day) && ms - day * DAY_MS >= cutoff * MINUTE_MS) {
      return fromLocalMs((day + 1) * DAY_MS);
    }
    return instant;
  }

  /**
   * The instant at which `minutes` of working time have elapsed after `start`. Time outside working
   * periods does not count, so a start at 18:00 counts from the next morning. A result that lands
   * exactly on the end of a period stays there (17:00), it is not pushed to the next morning.
   */
  addWorkingMinutes(start: Date, minutes: number): Date {
    if (!Number.isFinite(minutes) || minutes < 0) throw new CalendarError(`invalid working minutes: ${minutes}`);
    if (minutes === 0) return start;
    let remaining = minutes * MINUTE_MS;
    const t = localMs(start);
    const first = Math.floor(t / DAY_MS);
    for (let day = first; day < first + MAX_SCAN_DAYS; day++) {
      for (const [s, e] of this.dayPlan(day).periods) {
        const ps = day * DAY_MS + s * MINUTE_MS;
        const pe = day * DAY_MS + e * MINUTE_MS;
        if (t >= pe) continue;
        const from = Math.max(t, ps);
        const available = pe - from;
        if (remaining <= available) return fromLocalMs(from + remaining);
        remaining -= available;
      }
    }
    throw new CalendarError('the calendar has no working time in the next ten years');
  }

  /** Working minutes between two instants (negative when `to` is before `from`). */
  workingMinutesBetween(from: Date, to: Date): number {
    if (to.getTime() < from.getTime()) return -this.workingMinutesBetween(to, from);
    const a = localMs(from);
    const b = localMs(to);
    let total = 0;
    for (let day = Math.floor(a / DAY_MS); day * DAY_MS < b; day++) {
      for (const [s, e] of this.dayPlan(day).periods) {
        const ps = day * DAY_MS + s * MINUTE_MS;
        const pe = day * DAY_MS + e * MINUTE_MS;
        const lo = Math.max(a, ps);
        const hi = Math.min(b, pe);
        if (hi > lo) total += hi - lo;
      }
    }
    return total / MINUTE_MS;
  }

  /**
   * End of working hours on the first working day on or after `day` (Civil Code 2015, Art. 148: a
   * period ending on a day off ends at the end of the next working day).
   */
  endOfWorkingDayOnOrAfter(day: DayNumber): Date {
    for (let d = day; d < day + MAX_SCAN_DAYS; d++) {
      const periods = this.dayPlan(d).periods;
      const last = periods[periods.length - 1];
      if (last) return fromLocalMs(d * DAY_MS + last[1] * MINUTE_MS);
    }
    throw new CalendarError('the calendar has no working day in the next ten years');
  }
}

function validateSettings(s: CalendarSettings): void {
  if (s.weeklyHours.length !== 7) throw new CalendarError('weeklyHours needs 7 entries, Sunday first');
  const check = (periods: readonly Period[], where: string) => {
    let prevEnd = -1;
    for (const [start, end] of periods) {
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > 1440 || start >= end || start < prevEnd) {
        throw new CalendarError(`invalid working periods on ${where}`);
      }
      prevEnd = end;
    }
  };
  s.weeklyHours.forEach((p, i) => check(p, `weekday ${i}`));
  if (s.compensatoryDayHours) check(s.compensatoryDayHours, 'compensatory days');
  if (s.weeklyHours.every((p) => p.length === 0)) throw new CalendarError('the week has no working time');
  if (s.cutoffMinute !== null && (!Number.isInteger(s.cutoffMinute) || s.cutoffMinute < 0 || s.cutoffMinute > 1440)) {
    throw new CalendarError('invalid cut-off minute');
  }
}

/** "07:30-11:30,13:00-17:00" → periods. Throws CalendarError on anything malformed. */
export function parsePeriods(text: string): Period[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const m = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(part);
    if (!m) throw new CalendarError(`invalid working period "${part}", expected HH:MM-HH:MM`);
    const start = Number(m[1]) * 60 + Number(m[2]);
    const end = Number(m[3]) * 60 + Number(m[4]);
    if (Number(m[2]) > 59 || Number(m[4]) > 59 || start >= end || end > 1440) {
      throw new CalendarError(`invalid working period "${part}"`);
    }
    return [start, end] as const;
  });
}
