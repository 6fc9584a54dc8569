/**
 * The one-stop lifecycle (domain §1) as a pure function: state + command + context → new state and
 * the facts to append to the action log, or a typed DomainError. No clock, no database: the service
 * passes `now` and the organisations' calendars.
 */
import { classifyFinish, computeDue, remainingWorkingMinutes, resumeDue, type Duration } from '../../calendar/domain/deadlines.ts';
import { ruleVersionAt, SUPPLEMENT_CLOCK } from '../../calendar/domain/rule-version.ts';
import type { WorkingCalendar } from '../../calendar/domain/working-calendar.ts';
import { DomainError, errors } from '../../../kernel/errors.ts';
import { formatVietnamIso } from '../../calendar/domain/local-time.ts';
import { finishedTimeliness } from './timeliness.ts';
import { authorize, isAuthorized, type ActorPosition } from './policy.ts';
import { ACTIONS, type ActionName, type DossierState, type DossierStatus, type ProcessSnapshot, type RatingLevel, type ReturnChannel } from './types.ts';

export interface SupplementItem {
  componentCode?: string;
  name: string;
  reason: string;
}

export type Command =
  | { action: 'accept'; note?: string }
  | { action: 'request_supplement'; reason: string; items: SupplementItem[]; override?: boolean }
  | { action: 'supplement'; note?: string; attachments: Array<{ componentCode: string; uploadId: string }> }
  | { action: 'reject'; reason: string }
  | { action: 'hand_over'; toStep?: number; toOrgId?: string; note?: string }
  | { action: 'return_to_step'; toStep: number; reason: string }
  | { action: 'apologize'; reason: string; newAppointmentAt: Date }
  | { action: 'stop'; reason: string }
  | { action: 'complete'; resultUploadId: string; summary?: string }
  | { action: 'return_result'; channel: ReturnChannel; postalTrackingCode?: string; note?: string }
  | { action: 'withdraw'; reason?: string }
  | { action: 'rate'; level: RatingLevel; comment?: string };

export interface DecisionContext {
  now: Date;
  actor: ActorPosition;
  /** Calendar of an organisation; must be defined for every organisation the process names. */
  calendarOf: (orgId: string) => WorkingCalendar;
  /**
   * Whether `orgId` is `unitId` or one of its sub-units (a hand-over may name a sub-unit of the unit
   * the process names for the step). Without it only the named unit itself is accepted.
   */
  isWithin?: (orgId: string, unitId: string) => boolean;
}

/**
 * How far an apology may move the appointment (data, domain §1): at most the later of the current
 * appointment plus the procedure's statutory duration again and the current appointment plus
 * `atLeast`. Refuses typing slips such as year 9999 while leaving room for a genuine delay.
 */
export const APOLOGY_RULE: { statutoryDurationsAgain: number; atLeast: Duration } = {
  statutoryDurationsAgain: 1,
  atLeast: { value: 12, unit: 'months' },
};

/** The latest appointment an apology may set, given the current one (see APOLOGY_RULE). */
export function latestApologyAppointment(appointment: Date, duration: Duration, calendar: WorkingCalendar, rule = APOLOGY_RULE): Date {
  const again = computeDue(calendar, appointment, { value: duration.value * rule.statutoryDurationsAgain, unit: duration.unit });
  const floor = computeDue(calendar, appointment, rule.atLeast);
  return again > floor ? again : floor;
}

/**
 * The one apology rule for a new appointment: strictly after both the current appointment and now, at
 * most latestApologyAppointment. `decide` checks it; the dossier view offers apologyChoices from it.
 */
export function apologyWindow(s: DossierState, now: Date, calendar: WorkingCalendar): { after: Date; latest: Date } | null {
  if (!s.appointmentAt) return null;
  const after = s.appointmentAt.getTime() > now.getTime() ? s.appointmentAt : now;
  return { after, latest: latestApologyAppointment(s.appointmentAt, s.process.duration, calendar) };
}

const MINUTE = 60_000;
/** The first whole minute strictly after `t` (a datetime-local field holds no seconds). */
const nextWholeMinute = (t: Date) => new Date(Math.floor(t.getTime() / MINUTE) * MINUTE + MINUTE);
const ceilToMinute = (t: Date) => new Date(Math.ceil(t.getTime() / MINUTE) * MINUTE);

/**
 * What the desk's apology form offers (issue 14, fault 2: it used to suggest dates the server refused):
 * the earliest and latest whole minutes the rule accepts now, and a suggestion: after the working time the
 * remaining steps need from then, on the receiving office's calendar, within the window. Null when the
 * dossier is not in a state that takes an apology.
 */
export function apologyChoices(s: DossierState, now: Date, calendar: WorkingCalendar): { earliestAt: Date; suggestedAt: Date; latestAt: Date } | null {
  if (!ALLOWED_FROM.apologize(s)) return null;
  const window = apologyWindow(s, now, calendar);
  if (!window) return null;
  const earliestAt = nextWholeMinute(window.after);
  const latestAt = new Date(Math.floor(window.latest.getTime() / MINUTE) * MINUTE);
  if (earliestAt > latestAt) return null;
  const remainingHours = s.process.steps.slice(Math.max(0, s.currentStep)).reduce((sum, step) => sum + step.durationHours, 0) || 8;
  const wanted = ceilToMinute(computeDue(calendar, window.after, { value: remainingHours, unit: 'working_hours' }));
  const suggestedAt = wanted < earliestAt ? earliestAt : wanted > latestAt ? latestAt : wanted;
  return { earliestAt, suggestedAt, latestAt };
}

const handOverOutsideProcess = (toOrgId: string, stepName: string, stepOrgId: string) =>
  new DomainError(
    'hand-over-outside-process',
    422,
    {
      vi: `Không thể chuyển hồ sơ cho cơ quan "${toOrgId}": quy trình nội bộ của hồ sơ giao bước "${stepName}" cho cơ quan "${stepOrgId}".`,
      en: `The dossier cannot be handed over to "${toOrgId}": its internal process assigns the step "${stepName}" to "${stepOrgId}".`,
    },
    [{ path: 'toOrgId', message: { vi: 'Cơ quan không nằm trong quy trình của thủ tục', en: 'Not an organisation of the procedure\'s process' } }],
  );

const appointmentTooFar = (latest: Date) =>
  new DomainError(
    'appointment-too-far',
    422,
    {
      vi: `Ngày hẹn mới quá xa: không được sau ${formatVietnamIso(latest)}.`,
      en: `The new appointment is too far away: it may not be after ${formatVietnamIso(latest)}.`,
    },
    [{ path: 'newAppointmentAt', message: { vi: 'Vượt quá giới hạn hẹn lại của quy định xin lỗi', en: 'Beyond the limit of the apology rule' } }],
  );

export interface Decision {
  state: DossierState;
  fromStatus: DossierStatus;
  /** Facts recorded in the action log beside the command (computed deadlines, step timing). */
  facts: Record<string, unknown>;
}

/** The state of a dossier just submitted: nothing accepted, no clock running yet. */
export function openDossier(init: { receivingOrgId: string; process: ProcessSnapshot; submittedAt: Date }): DossierState {
  return {
    status: 'submitted',
    receivingOrgId: init.receivingOrgId,
    currentOrgId: init.receivingOrgId,
    currentStep: -1,
    process: init.process,
    ruleVersion: ruleVersionAt(init.submittedAt),
    submittedAt: init.submittedAt,
    acceptedAt: null,
    dueAt: null,
    appointmentAt: null,
    stepStartedAt: null,
    stepDueAt: null,
    pausedAt: null,
    pausedRemainingMinutes: null,
    pausedStepRemainingMinutes: null,
    pausedMinutesTotal: 0,
    resumeStatus: null,
    supplementRequests: 0,
    forcedOverdue: false,
    apologies: 0,
    finishedAt: null,
    timeliness: null,
    resultUploadId: null,
    returnChannel: null,
    ratingLevel: null,
  };
}

const ALLOWED_FROM: Record<ActionName, (s: DossierState) => boolean> = {
  accept: (s) => s.status === 'submitted',
  request_supplement: (s) => s.status === 'submitted' || s.status === 'processing',
  supplement: (s) => s.status === 'awaiting_supplement',
  reject: (s) => s.status === 'submitted' || (s.status === 'awaiting_supplement' && s.resumeStatus === 'submitted'),
  hand_over: (s) => s.status === 'processing',
  return_to_step: (s) => s.status === 'processing' && s.currentStep > 0,
  apologize: (s) => s.status === 'processing' || (s.status === 'awaiting_supplement' && s.resumeStatus === 'processing'),
  stop: (s) => s.status === 'processing' || (s.status === 'awaiting_supplement' && s.resumeStatus === 'processing'),
  complete: (s) => s.status === 'processing',
  return_result: (s) => s.status === 'completed',
  withdraw: (s) => s.status === 'submitted' || s.status === 'awaiting_supplement' || s.status === 'processing',
  rate: (s) => s.status === 'returned' && s.ratingLevel === null,
};

export function isAllowedInState(action: ActionName, state: DossierState): boolean {
  return ALLOWED_FROM[action](state);
}

/**
 * Why the action cannot be done now whatever its payload — the process's step index, the supplement
 * round, the appointment — or null. `decide` raises it and `availableActions` leaves the action out,
 * so the desk offers only what the server accepts (issue 14, fault 3: "complete" at a middle step).
 */
function blockedNow(action: ActionName, state: DossierState, actor: ActorPosition, command?: Command): (() => DomainError) | null {
  const last = state.process.steps.length - 1;
  switch (action) {
    case 'accept':
      return last < 0 ? () => errors.invalidStep(0) : null;
    case 'request_supplement': {
      // A second request is the leader's override (it counts the dossier as overdue); nobody else's.
      if (state.supplementRequests < 1) return null;
      const override = command?.action === 'request_supplement' ? command.override === true : undefined;
      if (actor.role !== 'leader') return override ? () => errors.overrideNeedsLeader() : () => errors.supplementAlreadyRequested();
      return override === false ? () => errors.supplementAlreadyRequested() : null;
    }
    case 'hand_over': {
      const target = command?.action === 'hand_over' && command.toStep !== undefined ? command.toStep : state.currentStep + 1;
      return state.currentStep >= last ? () => errors.invalidStep(target) : null;
    }
    case 'apologize':
      return state.appointmentAt ? null : () => errors.noAppointment();
    case 'complete':
      return state.currentStep !== last ? () => errors.notLastStep() : null;
    default:
      return null;
  }
}

/** Actions the actor may take now, for the UI: exactly those `decide` accepts with a valid payload. */
export function availableActions(state: DossierState, actor: ActorPosition): ActionName[] {
  return ACTIONS.filter((a) => isAllowedInState(a, state) && isAuthorized(a, actor, state) && blockedNow(a, state, actor) === null);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function decide(state: DossierState, command: Command, ctx: DecisionContext): Decision {
  // Permission first (403 says nothing about state to someone who may not act), then state (409).
  authorize(command.action, ctx.actor, state);
  // The postal integration returns a result only as delivered by post, with the carrier's tracking code.
  if (ctx.actor.system === 'delivery' && (command.action !== 'return_result' || command.channel !== 'post' || !command.postalTrackingCode)) {
    throw errors.forbiddenAction(command.action);
  }
  if (!isAllowedInState(command.action, state)) throw errors.notAllowedInState(command.action, state.status);
  const blocked = blockedNow(command.action, state, ctx.actor, command);
  if (blocked) throw blocked();
  const { now } = ctx;
  const s: DossierState = { ...state };
  const facts: Record<string, unknown> = {};
  const receivingCal = ctx.calendarOf(state.receivingOrgId);

  const startStep = (index: number, orgId: string) => {
    const step = s.process.steps[index]!;
    const cal = ctx.calendarOf(orgId);
    s.currentStep = index;
    s.currentOrgId = orgId;
    s.stepStartedAt = now;
    s.stepDueAt = cal.addWorkingMinutes(cal.clockStart(now), Math.round(step.durationHours * 60));
    facts.toStep = index;
    facts.toStepName = step.name;
    facts.toOrgId = orgId;
    facts.stepDueAt = iso(s.stepDueAt);
  };
  const closeStep = () => {
    facts.fromStep = s.currentStep;
    facts.fromOrgId = s.currentOrgId;
    if (s.stepDueAt) facts.stepTimeliness = classifyFinish(s.stepDueAt, now);
  };
  const finish = (status: DossierStatus, judged: boolean) => {
    if (judged && s.acceptedAt) {
      // Handling time: working time since acceptance, less the time spent waiting for supplements.
      const waiting = s.pausedAt ? receivingCal.workingMinutesBetween(s.pausedAt, now) : 0;
      facts.handlingMinutes = Math.max(0, Math.round(receivingCal.workingMinutesBetween(s.acceptedAt, now) - s.pausedMinutesTotal - waiting));
    }
    if (judged && s.dueAt) {
      s.timeliness = finishedTimeliness({ dueAt: s.dueAt, pausedAt: s.pausedAt, forcedOverdue: s.forcedOverdue }, now);
      facts.timeliness = s.timeliness;
    }
    s.status = status;
    s.finishedAt = now;
    s.pausedAt = null;
  };

  switch (command.action) {
    case 'accept': {
      s.status = 'processing';
      s.acceptedAt = now;
      s.ruleVersion = ruleVersionAt(now);
      s.dueAt = computeDue(receivingCal, now, s.process.duration);
      s.appointmentAt = s.dueAt;
      s.resumeStatus = null;
      startStep(0, s.process.steps[0]!.orgId);
      Object.assign(facts, { dueAt: iso(s.dueAt), appointmentAt: iso(s.appointmentAt), ruleVersion: s.ruleVersion });
      break;
    }
    case 'request_supplement': {
      if (s.supplementRequests >= 1) {
        // Only a leader's explicit override gets here (blockedNow).
        s.forcedOverdue = true;
        facts.countsAsOverdue = true;
      }
      s.supplementRequests += 1;
      s.resumeStatus = s.status === 'processing' ? 'processing' : 'submitted';
      if (s.status === 'processing' && s.dueAt && s.stepDueAt) {
        s.pausedAt = now;
        s.pausedRemainingMinutes = remainingWorkingMinutes(receivingCal, now, s.dueAt);
        s.pausedStepRemainingMinutes = remainingWorkingMinutes(ctx.calendarOf(s.currentOrgId), now, s.stepDueAt);
        facts.pausedRemainingMinutes = s.pausedRemainingMinutes;
      }
      s.status = 'awaiting_supplement';
      facts.round = s.supplementRequests;
      break;
    }
    case 'supplement': {
      const resume = s.resumeStatus ?? 'submitted';
      if (resume === 'processing' && s.dueAt && s.pausedRemainingMinutes !== null) {
        s.dueAt = resumeDue(receivingCal, now, s.pausedRemainingMinutes, s.dueAt);
        if (s.stepDueAt && s.pausedStepRemainingMinutes !== null) {
          s.stepDueAt = resumeDue(ctx.calendarOf(s.currentOrgId), now, s.pausedStepRemainingMinutes, s.stepDueAt);
        }
        // The applicant's appointment follows the law of the dossier's rule version: the resumed due time
        // (pause, 2018) or the statutory duration counted again from now (restart, 2025). The index keeps
        // judging `dueAt`. An apology's later appointment stands.
        const lawDue = SUPPLEMENT_CLOCK[s.ruleVersion] === 'restart' ? computeDue(receivingCal, now, s.process.duration) : s.dueAt;
        const byLaw = lawDue > s.dueAt ? lawDue : s.dueAt;
        s.appointmentAt = s.appointmentAt && s.appointmentAt > byLaw ? s.appointmentAt : byLaw;
        Object.assign(facts, { dueAt: iso(s.dueAt), appointmentAt: iso(s.appointmentAt), stepDueAt: iso(s.stepDueAt), pausedSince: iso(s.pausedAt) });
      }
      if (resume === 'processing' && s.pausedAt) s.pausedMinutesTotal += receivingCal.workingMinutesBetween(s.pausedAt, now);
      s.status = resume;
      s.resumeStatus = null;
      s.pausedAt = null;
      s.pausedRemainingMinutes = null;
      s.pausedStepRemainingMinutes = null;
      break;
    }
    case 'reject':
      finish('rejected', false);
      break;
    case 'hand_over': {
      const target = command.toStep ?? s.currentStep + 1;
      if (!Number.isInteger(target) || target <= s.currentStep || target >= s.process.steps.length) {
        throw errors.invalidStep(target);
      }
      // Only where the process snapshot sends it (its liên thông steps included), so a dossier never
      // reaches an organisation that has no part in the procedure (issue 12, item 3).
      const step = s.process.steps[target]!;
      const within = ctx.isWithin ?? ((a: string, b: string) => a === b);
      if (command.toOrgId !== undefined && !within(command.toOrgId, step.orgId)) throw handOverOutsideProcess(command.toOrgId, step.name, step.orgId);
      closeStep();
      startStep(target, command.toOrgId ?? step.orgId);
      break;
    }
    case 'return_to_step': {
      const target = command.toStep;
      if (!Number.isInteger(target) || target < 0 || target >= s.currentStep) throw errors.invalidStep(target);
      closeStep();
      startStep(target, s.process.steps[target]!.orgId);
      break;
    }
    case 'apologize': {
      if (!s.appointmentAt) throw errors.noAppointment(); // refused by blockedNow already; narrows the type
      const next = command.newAppointmentAt;
      const window = apologyWindow(s, now, receivingCal)!;
      if (next.getTime() <= window.after.getTime()) throw errors.appointmentNotLater();
      if (next.getTime() > window.latest.getTime()) throw appointmentTooFar(window.latest);
      facts.previousAppointmentAt = iso(s.appointmentAt);
      facts.beforeDeadline = now.getTime() <= s.appointmentAt.getTime();
      s.appointmentAt = next;
      s.apologies += 1;
      facts.appointmentAt = iso(next);
      break;
    }
    case 'stop':
      finish('stopped', true);
      break;
    case 'complete': {
      closeStep();
      s.resultUploadId = command.resultUploadId;
      finish('completed', true);
      break;
    }
    case 'return_result':
      s.status = 'returned';
      s.returnChannel = command.channel;
      break;
    case 'withdraw':
      finish('withdrawn', false);
      break;
    case 'rate':
      s.ratingLevel = command.level;
      break;
  }
  return { state: s, fromStatus: state.status, facts };
}
