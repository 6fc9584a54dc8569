/**
 * The reform plan's pure rules (no I/O; the day is passed in): whether a target is met, its gap and its
 * traffic light; a task's status and the order tasks are shown in; the share of units inspected.
 */

export type Comparison = '>=' | '<=' | '<' | '>';
export type MeasureUnit = 'share' | 'points' | 'rank';
export type Light = 'green' | 'amber' | 'red' | 'none';

/**
 * Traffic-light rules, stored with each plan as data: amber when a target is missed by no more than
 * `amberWithin` of its unit (0.02 = 2 percentage points for shares, 2 points for an index, 2 places for a
 * rank); red beyond that; green when met; none without a value.
 */
export interface LightRules {
  amberWithin: Record<MeasureUnit, number>;
}
export const DEFAULT_LIGHT_RULES: LightRules = { amberWithin: { share: 0.02, points: 2, rank: 2 } };

const EPS = 1e-9;

export function meets(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case '>=':
      return value >= threshold - EPS;
    case '>':
      return value > threshold + EPS;
    case '<=':
      return value <= threshold + EPS;
    case '<':
      return value < threshold - EPS;
  }
}

/**
 * How far the value still is from the threshold, in the measure's unit: 0 when met, else the distance
 * to the threshold (a strict comparison missed at the threshold itself has a gap of 0 but is not met).
 */
export function gapOf(value: number, comparison: Comparison, threshold: number): number {
  if (meets(value, comparison, threshold)) return 0;
  return round4(Math.abs(threshold - value));
}

export function lightOf(value: number | null, comparison: Comparison, threshold: number, unit: MeasureUnit, rules: LightRules = DEFAULT_LIGHT_RULES): Light {
  if (value === null || !Number.isFinite(value)) return 'none';
  if (meets(value, comparison, threshold)) return 'green';
  return gapOf(value, comparison, threshold) <= rules.amberWithin[unit] + EPS ? 'amber' : 'red';
}

const LIGHT_ORDER: Record<Light, number> = { red: 0, amber: 1, green: 2, none: 3 };

/** A target split into rows (one per field): its light is its worst row's; rows without a value do not count. */
export function worstLight(lights: Light[]): Light {
  const measured = lights.filter((l) => l !== 'none');
  if (!measured.length) return 'none';
  return measured.reduce((a, b) => (LIGHT_ORDER[b] < LIGHT_ORDER[a] ? b : a));
}

export const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
export const share = (num: number, den: number): number | null => (den > 0 ? round4(num / den) : null);

export type TaskStatus = 'not_started' | 'in_progress' | 'done' | 'late';

/** A task's status from its latest progress and its deadline, on `today` (YYYY-MM-DD, Vietnam). */
export function taskStatus(task: { deadline: string; percent: number | null }, today: string): TaskStatus {
  if (task.percent === 100) return 'done';
  if (task.deadline < today) return 'late';
  return task.percent !== null && task.percent > 0 ? 'in_progress' : 'not_started';
}

const STATUS_ORDER: Record<TaskStatus, number> = { late: 0, in_progress: 1, not_started: 2, done: 3 };

/** Late tasks first (the longest overdue first), then open tasks by deadline, done ones last. */
export function orderTasks<T extends { status: TaskStatus; deadline: string; position: number }>(tasks: T[]): T[] {
  return [...tasks].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.deadline.localeCompare(b.deadline) || a.position - b.position);
}

/** Distinct units inspected in the year among those in scope, over the units in scope. */
export function inspectedShareOf(inspectedOrgIds: readonly string[], unitsInScope: readonly string[]): { numerator: number; denominator: number; value: number | null } {
  const inScope = new Set(unitsInScope);
  const inspected = new Set(inspectedOrgIds.filter((id) => inScope.has(id)));
  return { numerator: inspected.size, denominator: inScope.size, value: share(inspected.size, inScope.size) };
}

export type ReportPeriod = { kind: 'quarter' | 'half' | 'year'; code: string; from: string; to: string; labelVi: string; labelEn: string };

/** "2025-Q2", "2025-H1" or "2025" within the plan's year → its dates and names; null when malformed or another year. */
export function reportPeriod(year: number, code: string): ReportPeriod | null {
  let m = /^(\d{4})-Q([1-4])$/.exec(code);
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = (mo: number) => new Date(Date.UTC(year, mo, 0)).getUTCDate();
  if (m && Number(m[1]) === year) {
    const q = Number(m[2]);
    return { kind: 'quarter', code, from: `${year}-${pad(q * 3 - 2)}-01`, to: `${year}-${pad(q * 3)}-${lastDay(q * 3)}`, labelVi: `Quý ${['I', 'II', 'III', 'IV'][q - 1]} năm ${year}`, labelEn: `Q${q} ${year}` };
  }
  m = /^(\d{4})-H([12])$/.exec(code);
  if (m && Number(m[1]) === year) {
    const h = Number(m[2]);
    return { kind: 'half', code, from: `${year}-${h === 1 ? '01' : '07'}-01`, to: `${year}-${h === 1 ? '06-30' : '12-31'}`, labelVi: h === 1 ? `6 tháng đầu năm ${year}` : `6 tháng cuối năm ${year}`, labelEn: `${h === 1 ? 'First' : 'Second'} half of ${year}` };
  }
  if (code === String(year)) return { kind: 'year', code, from: `${year}-01-01`, to: `${year}-12-31`, labelVi: `Năm ${year}`, labelEn: `Year ${year}` };
  return null;
}
