/** A reporting period (2026-11, 2026-Q4, 2026) as Vietnam-time instants [start, end). */
const VN = 7 * 3_600_000;
const at = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1) - VN);

export function periodBounds(period: string): { start: Date; end: Date } | null {
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return mo >= 1 && mo <= 12 ? { start: at(y, mo), end: at(y, mo + 1) } : null;
  }
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return { start: at(Number(m[1]), (Number(m[2]) - 1) * 3 + 1), end: at(Number(m[1]), Number(m[2]) * 3 + 1) };
  m = /^(\d{4})$/.exec(period);
  return m ? { start: at(Number(m[1]), 1), end: at(Number(m[1]) + 1, 1) } : null;
}
