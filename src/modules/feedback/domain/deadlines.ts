/**
 * PAKN deadlines (domain §7): working days on the unit's calendar, counted from receipt or from the last
 * transfer (a reopening restarts them too); publication counts from the approval of the answer. The
 * arithmetic is the calendar module's (computeDue), the same as dossiers'. Pure: calendars are passed in.
 */
import { computeDue } from '../../calendar/domain/deadlines.ts';
import { WORKING_DAY_MINUTES, type WorkingCalendar } from '../../calendar/domain/working-calendar.ts';
import type { FeedbackRule } from './types.ts';

/** The rule version in force at an instant (the latest whose effective day is on or before it, Vietnam time). */
export function ruleAt(rules: readonly FeedbackRule[], at: Date): FeedbackRule {
  const day = new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  const inForce = [...rules].filter((r) => r.effectiveFrom <= day).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0];
  if (!inForce) throw new Error(`no feedback rule in force on ${day}`);
  return inForce;
}

export interface ClockDues {
  clockStartAt: Date;
  rejectDueAt: Date;
  infoDueAt: Date;
  handleDueAt: Date;
}

export function duesFrom(calendar: WorkingCalendar, start: Date, rule: FeedbackRule): ClockDues {
  const wd = (value: number) => computeDue(calendar, start, { value, unit: 'working_days' });
  return { clockStartAt: start, rejectDueAt: wd(rule.rejectDays), infoDueAt: wd(rule.infoDays), handleDueAt: wd(rule.handleDays) };
}

export const publishDue = (calendar: WorkingCalendar, approvedAt: Date, rule: FeedbackRule): Date => computeDue(calendar, approvedAt, { value: rule.publishDays, unit: 'working_days' });

/** Working days (two decimals) between the clock's start and the handling: the KPIs' "average days". */
export function workingDaysBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  return Math.round((calendar.workingMinutesBetween(from, to) / WORKING_DAY_MINUTES) * 100) / 100;
}

/** The sender may reopen once, within the rule's calendar days of the approved answer. */
export function mayReopen(handledAt: Date | null, reopened: boolean, now: Date, rule: FeedbackRule): boolean {
  if (reopened || !handledAt) return false;
  return now.getTime() - handledAt.getTime() <= rule.reopenDays * 86_400_000;
}
