/**
 * Local civil time in Vietnam. Asia/Ho_Chi_Minh has been a fixed UTC+7 with no daylight saving since
 * 1975, so local time is a constant offset from UTC. We rely on that instead of the server's time zone
 * or locale, which may be anything.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const VIETNAM_OFFSET_MS = 7 * HOUR_MS;

/** Days since 1970-01-01 of a local calendar date. */
export type DayNumber = number;

export function localMs(instant: Date): number {
  return instant.getTime() + VIETNAM_OFFSET_MS;
}

export function fromLocalMs(ms: number): Date {
  return new Date(ms - VIETNAM_OFFSET_MS);
}

export function dayNumberOf(instant: Date): DayNumber {
  return Math.floor(localMs(instant) / DAY_MS);
}

export function dayNumberFromYmd(year: number, month: number, day: number): DayNumber {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function ymdOf(day: DayNumber): { year: number; month: number; day: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: DayNumber): number {
  return new Date(day * DAY_MS).getUTCDay();
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO date (YYYY-MM-DD) of a day number. */
export function isoDate(day: DayNumber): string {
  const { year, month, day: d } = ymdOf(day);
  return `${pad(year, 4)}-${pad(month)}-${pad(d)}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict ISO date; returns null for anything else, including 2025-02-30. */
export function parseIsoDate(text: string): DayNumber | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = dayNumberFromYmd(y, mo, d);
  const back = ymdOf(day);
  return back.year === y && back.month === mo && back.day === d ? day : null;
}

/** ISO 8601 with the +07:00 offset, to the second, e.g. 2026-03-02T17:00:00+07:00. */
export function formatVietnamIso(instant: Date): string {
  const d = new Date(localMs(instant));
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+07:00`
  );
}

/** dd/MM/yyyy HH:mm in Vietnam time, as printed on Vietnamese forms. */
export function formatVietnamDateTime(instant: Date): string {
  const d = new Date(localMs(instant));
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Local midnight of a day, as an instant. */
export function startOfDay(day: DayNumber): Date {
  return fromLocalMs(day * DAY_MS);
}
