/**
 * Decision 766 criteria 1.1 and 1.2 for one announced version of a procedure, by working days of the national
 * calendar (holidays and swapped days included: src/modules/calendar/domain/working-calendar.ts). Pure.
 *
 * 1.1 published on time: the announcing decision is dated no later than the 5th working day before the
 *     effective date (domain.md §4: "decision ≤ effective date − 5 WD for provinces").
 * 1.2 updated in the national database within 5 working days: the day it was updated there is no later than
 *     the 5th working day after the decision's date; a version never updated there is not in time.
 */
import { parseIsoDate, type DayNumber } from '../../../calendar/domain/local-time.ts';

export const PUBLICITY_WORKING_DAYS = 5;

interface Calendar {
  isWorkingDay(day: DayNumber): boolean;
}

/** The n-th working day before `day` (n ≥ 1; `day` itself not counted). */
export function workingDaysBefore(cal: Calendar, day: DayNumber, n: number): DayNumber {
  let d = day;
  for (let left = n; left > 0; ) {
    d -= 1;
    if (cal.isWorkingDay(d)) left -= 1;
  }
  return d;
}

/** The n-th working day after `day` (n ≥ 1; `day` itself not counted). */
export function workingDaysAfter(cal: Calendar, day: DayNumber, n: number): DayNumber {
  let d = day;
  for (let left = n; left > 0; ) {
    d += 1;
    if (cal.isWorkingDay(d)) left -= 1;
  }
  return d;
}

export function publishedOnTime(cal: Calendar, decisionDate: string, effectiveDate: string): boolean {
  return parseIsoDate(decisionDate)! <= workingDaysBefore(cal, parseIsoDate(effectiveDate)!, PUBLICITY_WORKING_DAYS);
}

export function updatedNationallyInTime(cal: Calendar, decisionDate: string, nationalUpdatedOn: string | null): boolean {
  if (nationalUpdatedOn === null) return false;
  return parseIsoDate(nationalUpdatedOn)! <= workingDaysAfter(cal, parseIsoDate(decisionDate)!, PUBLICITY_WORKING_DAYS);
}

export interface AnnouncedVersion {
  procedureCode: string;
  version: number;
  decisionDate: string;
  effectiveDate: string;
  nationalUpdatedOn: string | null;
}

/**
 * The versions of each procedure in force at some time in [from, to] (ISO dates, inclusive): effective on or
 * before `to`, and not replaced by the next announced version before `from`.
 */
export function inForce(versions: AnnouncedVersion[], from: string, to: string): Map<string, AnnouncedVersion[]> {
  const byCode = new Map<string, AnnouncedVersion[]>();
  for (const v of versions) byCode.set(v.procedureCode, [...(byCode.get(v.procedureCode) ?? []), v]);
  const out = new Map<string, AnnouncedVersion[]>();
  for (const [code, vs] of byCode) {
    vs.sort((a, b) => (a.effectiveDate === b.effectiveDate ? a.version - b.version : a.effectiveDate < b.effectiveDate ? -1 : 1));
    const live = vs.filter((v, i) => v.effectiveDate <= to && !(vs[i + 1] && vs[i + 1]!.effectiveDate <= from));
    if (live.length) out.set(code, live);
  }
  return out;
}

/**
 * Numerators of 1.1 and 1.2 over procedures in competence: a procedure counts when every version in force in
 * the period met the rule. Null (no data) when none of them has an announced version at all.
 */
export function publicityCounts(cal: Calendar, versions: AnnouncedVersion[], from: string, to: string): { publishedOnTime: number | null; updatedNationallyInTime: number | null } {
  if (versions.length === 0) return { publishedOnTime: null, updatedNationallyInTime: null };
  let onTime = 0;
  let updated = 0;
  for (const vs of inForce(versions, from, to).values()) {
    if (vs.every((v) => publishedOnTime(cal, v.decisionDate, v.effectiveDate))) onTime += 1;
    if (vs.every((v) => updatedNationallyInTime(cal, v.decisionDate, v.nationalUpdatedOn))) updated += 1;
  }
  return { publishedOnTime: onTime, updatedNationallyInTime: updated };
}
