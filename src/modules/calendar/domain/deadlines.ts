/**
 * Statutory durations and the deadlines they produce (domain §2).
 */
import { dayNumberFromYmd, dayNumberOf, ymdOf } from './local-time.ts';
import { WORKING_DAY_MINUTES, type WorkingCalendar } from './working-calendar.ts';

export type DurationUnit = 'working_days' | 'working_hours' | 'calendar_days' | 'months';

export interface Duration {
  value: number;
  unit: DurationUnit;
}

export const DURATION_UNIT_LABELS_VI: Record<DurationUnit, string> = {
  working_days: 'ngày làm việc',
  working_hours: 'giờ làm việc',
  calendar_days: 'ngày',
  months: 'tháng',
};

/** Short forms used by the CLI and scripts: 15wd, 4wh, 30d, 2m (a half day is 0.5wd). */
const SHORT_UNITS: Record<string, DurationUnit> = { wd: 'working_days', wh: 'working_hours', d: 'calendar_days', m: 'months' };

export function parseDuration(text: string): Duration | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(wd|wh|d|m)\s*$/i.exec(text);
  if (!m) return null;
  const unit = SHORT_UNITS[m[2]!.toLowerCase()];
  const value = Number(m[1]);
  if (!unit || !Number.isFinite(value)) return null;
  if ((unit === 'calendar_days' || unit === 'months') && !Number.isInteger(value)) return null;
  return { value, unit };
}

/**
 * The longest duration accepted anywhere, about ten years in each unit. Nothing in law runs that long;
 * beyond it a deadline is a typing error, and counting working time to year 9999 would hold the server.
 */
export const MAX_DURATION: Readonly<Record<DurationUnit, number>> = { working_days: 2500, working_hours: 20_000, calendar_days: 3650, months: 120 };

export const withinMaxDuration = (d: Duration): boolean => d.value <= MAX_DURATION[d.unit];

/** Working minutes of a duration counted in working time; null for calendar units. */
export function workingMinutesOf(d: Duration): number | null {
  switch (d.unit) {
    case 'working_days':
      return Math.round(d.value * WORKING_DAY_MINUTES);
    case 'working_hours':
      return Math.round(d.value * 60);
    default:
      return null;
  }
}

/**
 * Due instant of a duration starting at `start` (the acceptance instant).
 * Working units: count working time from the clock start (cut-off applied).
 * Calendar units: the period ends at the end of working hours of its last day, or of the next working
 * day when the last day is a day off (Civil Code 2015, Art. 148).
 */
export function computeDue(calendar: WorkingCalendar, start: Date, duration: Duration): Date {
  const minutes = workingMinutesOf(duration);
  if (minutes !== null) return calendar.addWorkingMinutes(calendar.clockStart(start), minutes);
  const startDay = dayNumberOf(start);
  let lastDay: number;
  if (duration.unit === 'calendar_days') {
    lastDay = startDay + duration.value;
  } else {
    const { year, month, day } = ymdOf(startDay);
    const total = month - 1 + duration.value;
    const y = year + Math.floor(total / 12);
    const mo = (total % 12) + 1;
    const monthLength = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    lastDay = dayNumberFromYmd(y, mo, Math.min(day, monthLength));
  }
  return calendar.endOfWorkingDayOnOrAfter(lastDay);
}

/**
 * A paused clock keeps the working minutes that were left; resuming counts them again from the
 * resume instant. This is how a supplement request stops the clock (domain §2).
 */
export function remainingWorkingMinutes(calendar: WorkingCalendar, at: Date, due: Date): number {
  return calendar.workingMinutesBetween(at, due);
}

export function resumeDue(calendar: WorkingCalendar, resumedAt: Date, remainingMinutes: number, previousDue: Date): Date {
  // Paused when already overdue: the dossier stays overdue with its old appointment.
  if (remainingMinutes <= 0) return previousDue;
  return calendar.addWorkingMinutes(resumedAt, remainingMinutes);
}

export type Timeliness = 'early' | 'on_time' | 'late';

/**
 * Finished before the due day: early; by the due instant: on time; after it: late.
 * "Early" is judged by local calendar day, as the national portal counts "trước hạn".
 */
export function classifyFinish(due: Date, finishedAt: Date): Timeliness {
  if (finishedAt.getTime() > due.getTime()) return 'late';
  return dayNumberOf(finishedAt) < dayNumberOf(due) ? 'early' : 'on_time';
}


/** Whole minutes, for display ("còn 3 giờ 20 phút làm việc"). */
export function minutesUntil(calendar: WorkingCalendar, now: Date, due: Date): number {
  return Math.round(calendar.workingMinutesBetween(now, due));
}

