/**
 * One rule per question (issue 13, item 3): is a dossier late, which dossiers were received in a
 * period, and which count for the 766 progress criterion. Pure functions of a dossier's facts and an
 * instant passed in (no clock); `../timeliness-sql.ts` generates the matching SQL from the same
 * constants, and `test/timeliness-rule.test.ts` checks on random dossiers that both give one answer.
 * It imports no store code, so the web app may import it too (today the desk shows the server's `clock`).
 *
 * The rule (docs/measurement.md):
 * - no clock before acceptance (a dossier waiting for acceptance or refused at intake is not judged);
 * - a second supplement request (a leader's override) makes the dossier late, paused or not (domain §1);
 * - paused for a supplement: the law stops the clock (Decree 61/2018, and the 766 index subtracts the
 *   waiting time), so a dossier paused BEFORE its due time is not late while it waits — it is `paused`
 *   and counts as within the deadline; one paused AFTER its due time was already late and stays late
 *   (resuming keeps its old appointment, see `resumeDue`);
 * - otherwise late once the instant is after the due time (the due instant itself is still on time).
 */
import { classifyFinish, type Timeliness } from '../../calendar/domain/deadlines.ts';
import { dayNumberOf } from '../../calendar/domain/local-time.ts';

/** Where an open dossier stands, without a calendar: the part every figure needs. */
export const STANDINGS = ['within', 'paused', 'late'] as const;
export type Standing = (typeof STANDINGS)[number];

/** Where an open dossier stands as the desk shows it: `within` split by the due-soon threshold. */
export type OpenClock = 'on_time' | 'due_soon' | 'paused' | 'late';

/** Working minutes before the due time under which an open dossier is shown as due soon (one working day). */
export const DUE_SOON_MINUTES = 8 * 60;

/** The facts of a dossier the rule reads (columns of `dossiers`, camel-cased). */
export interface ClockFacts {
  status: string;
  acceptedAt: Date | null;
  dueAt: Date | null;
  pausedAt: Date | null;
  forcedOverdue: boolean;
  finishedAt: Date | null;
}

/** Accepted by `asOf` and not finished by it: the dossiers whose clock the rule judges. */
export function isOpenAt(d: ClockFacts, asOf: Date): boolean {
  if (!d.acceptedAt || !d.dueAt || d.acceptedAt.getTime() > asOf.getTime()) return false;
  return !d.finishedAt || d.finishedAt.getTime() > asOf.getTime();
}

/** The standing of a dossier open at `asOf`, or null when it is not open then (not accepted, or finished). */
export function standingAt(d: ClockFacts, asOf: Date): Standing | null {
  if (!isOpenAt(d, asOf)) return null;
  const due = d.dueAt!.getTime();
  if (d.forcedOverdue) return 'late';
  if (d.pausedAt && d.pausedAt.getTime() <= asOf.getTime()) return d.pausedAt.getTime() > due ? 'late' : 'paused';
  return asOf.getTime() > due ? 'late' : 'within';
}

/** Late at `asOf`: open and late. */
export const isLateAt = (d: ClockFacts, asOf: Date): boolean => standingAt(d, asOf) === 'late';

/**
 * The desk's answer: the standing, with `within` split into due soon (at most one working day left,
 * counted with the receiving organisation's calendar by the caller) and on time.
 */
export function openClock(standing: Standing | null, workingMinutesLeft: number | null): OpenClock | null {
  if (standing === null || standing === 'paused' || standing === 'late') return standing;
  return isDueSoon(workingMinutesLeft) ? 'due_soon' : 'on_time';
}

/** Due within one working day and not yet late (the desk's amber, and the summary's "due soon" count). */
export function isDueSoon(workingMinutesLeft: number | null): boolean {
  return workingMinutesLeft !== null && workingMinutesLeft >= 0 && workingMinutesLeft <= DUE_SOON_MINUTES;
}

/** The answer of the older `openTimeliness` field: a paused dossier not late is within its deadline. */
export function openTimelinessOf(standing: Standing | null): 'within_deadline' | 'overdue' | null {
  if (standing === null) return null;
  return standing === 'late' ? 'overdue' : 'within_deadline';
}

/**
 * Timeliness of a dossier finished (completed or stopped) at `finishedAt`: a second supplement request
 * makes it late; a dossier finished while paused is judged at the instant its clock stopped.
 */
export function finishedTimeliness(d: { dueAt: Date; pausedAt: Date | null; forcedOverdue: boolean }, finishedAt: Date): Timeliness {
  if (d.forcedOverdue) return 'late';
  const judgedAt = d.pausedAt && d.pausedAt.getTime() < finishedAt.getTime() ? d.pausedAt : finishedAt;
  return classifyFinish(d.dueAt, judgedAt);
}

/**
 * Finished with a result (completed, then possibly returned). A stopped or withdrawn dossier also has a
 * finish instant, and the index judges its timeliness (domain §2), but it has no result: the register
 * shows neither a result date nor early / on time / late for it as if it had one (issue 14).
 */
export const finishedWithResult = (d: { status: string }): boolean => d.status === 'completed' || d.status === 'returned';

/** A period of whole local days [from, to], as day numbers (see local-time.ts). */
export interface DayPeriod {
  fromDay: number;
  toDay: number;
}

/** Received in the period: submitted on one of its local days (the `received` counter's day). */
export function receivedIn(d: { submittedAt: Date }, p: DayPeriod): boolean {
  const day = dayNumberOf(d.submittedAt);
  return day >= p.fromDay && day <= p.toDay;
}

/** Refused at intake (Form 03): a refusal is only possible before acceptance, so every `rejected` dossier. */
export const refusedAtIntake = (d: { status: string }): boolean => d.status === 'rejected';

/**
 * The dossiers the 766 progress criterion (2.1) is about: received in the period, less those refused at
 * intake, which never entered processing (issue 14).
 */
export const countsForProgress = (d: { status: string; submittedAt: Date }, p: DayPeriod): boolean => receivedIn(d, p) && !refusedAtIntake(d);

/**
 * Counted as "early or on time, including open within the deadline" by the progress criterion: finished
 * early or on time, or open at the period's end and not late (running within its deadline, or paused
 * before its due time).
 */
export function goodForProgress(d: ClockFacts & { timeliness: string | null }, periodEnd: Date): boolean {
  const standing = standingAt(d, periodEnd);
  if (standing !== null) return standing !== 'late';
  return d.finishedAt !== null && d.finishedAt.getTime() <= periodEnd.getTime() && (d.timeliness === 'early' || d.timeliness === 'on_time');
}
