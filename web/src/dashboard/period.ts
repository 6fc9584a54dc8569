/** The dashboard's period: a month (the default, this month in Vietnam) or a free from–to range of days. */

export interface Period {
  from: string;
  to: string;
  /** For headings and file names: "2026-11", or "2026-11-01_2026-11-20". */
  label: string;
  /** The month the 766 index is computed for (the index is monthly): the period's, or the month of `to`. */
  indexMonth: string;
  isMonth: boolean;
}

/** Today in Vietnam (UTC+7, no daylight saving), whatever the browser's time zone. */
export const vietnamToday = (now = Date.now()) => new Date(now + 7 * 3600_000).toISOString().slice(0, 10);

const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

export function monthPeriod(month: string): Period {
  return { from: `${month}-01`, to: lastDay(month), label: month, indexMonth: month, isMonth: true };
}

export function rangePeriod(from: string, to: string): Period {
  return { from, to, label: `${from}_${to}`, indexMonth: to.slice(0, 7), isMonth: false };
}

/** The first day of the month eleven months before `to`'s: the trend shows twelve months. */
export function trendStart(to: string): string {
  const [y, m] = to.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 10);
}

/** The twelve month keys ending with `to`'s month, so months without dossiers show as zero. */
export function trendMonths(to: string): string[] {
  const [y, m] = to.split('-').map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(y, m - 12 + i, 1)).toISOString().slice(0, 7));
}
