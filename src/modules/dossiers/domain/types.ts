import type { Duration } from '../../calendar/domain/deadlines.ts';
import type { RuleVersion } from '../../calendar/domain/rule-version.ts';
import type { Timeliness } from '../../calendar/domain/deadlines.ts';

import { ROLES, type Role } from '../../../kernel/roles.ts';

// The roles are the kernel's (every module speaks of them); re-exported here for the lifecycle's readers.
export { ROLES, type Role };

export const DOSSIER_STATUSES = [
  'submitted',
  'awaiting_supplement',
  'processing',
  'completed',
  'returned',
  'rejected',
  'stopped',
  'withdrawn',
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

export const TERMINAL_STATUSES: readonly DossierStatus[] = ['returned', 'rejected', 'stopped', 'withdrawn'];

export const STATUS_LABELS: Record<DossierStatus, { vi: string; en: string }> = {
  submitted: { vi: 'Chờ tiếp nhận', en: 'Awaiting acceptance' },
  awaiting_supplement: { vi: 'Chờ bổ sung', en: 'Awaiting supplement' },
  processing: { vi: 'Đang giải quyết', en: 'In progress' },
  completed: { vi: 'Đã có kết quả, chờ trả', en: 'Result ready' },
  returned: { vi: 'Đã trả kết quả', en: 'Result returned' },
  rejected: { vi: 'Từ chối tiếp nhận', en: 'Rejected' },
  stopped: { vi: 'Dừng giải quyết', en: 'Stopped' },
  withdrawn: { vi: 'Đã rút hồ sơ', en: 'Withdrawn' },
};

export const ACTIONS = [
  'accept',
  'request_supplement',
  'supplement',
  'reject',
  'hand_over',
  'return_to_step',
  'apologize',
  'stop',
  'complete',
  'return_result',
  'withdraw',
  'rate',
] as const;
export type ActionName = (typeof ACTIONS)[number];
/** Actions recorded in the log but not requested through the action endpoint. */
export type LoggedAction = ActionName | 'submit' | 'transferred_by_reorganisation';

export const ACTION_LABELS: Record<LoggedAction, { vi: string; en: string }> = {
  submit: { vi: 'Nộp hồ sơ', en: 'Submitted' },
  accept: { vi: 'Tiếp nhận hồ sơ', en: 'Accepted' },
  request_supplement: { vi: 'Yêu cầu bổ sung, hoàn thiện', en: 'Supplement requested' },
  supplement: { vi: 'Bổ sung hồ sơ', en: 'Supplemented' },
  reject: { vi: 'Từ chối tiếp nhận', en: 'Rejected' },
  hand_over: { vi: 'Chuyển xử lý', en: 'Handed over' },
  return_to_step: { vi: 'Trả lại bước trước', en: 'Returned to an earlier step' },
  apologize: { vi: 'Xin lỗi và hẹn lại', en: 'Apology and new appointment' },
  stop: { vi: 'Dừng giải quyết', en: 'Stopped' },
  complete: { vi: 'Hoàn thành, có kết quả', en: 'Completed' },
  return_result: { vi: 'Trả kết quả', en: 'Result returned' },
  withdraw: { vi: 'Rút hồ sơ', en: 'Withdrawn' },
  rate: { vi: 'Đánh giá sự hài lòng', en: 'Rated' },
  transferred_by_reorganisation: { vi: 'Chuyển sang đơn vị kế thừa do sắp xếp tổ chức', en: 'Transferred to the successor unit by a reorganisation' },
};

export const RATING_LEVELS = ['dissatisfied', 'satisfied', 'very_satisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];
export const RATING_LABELS: Record<RatingLevel, { vi: string; en: string }> = {
  dissatisfied: { vi: 'Không hài lòng', en: 'Dissatisfied' },
  satisfied: { vi: 'Hài lòng', en: 'Satisfied' },
  very_satisfied: { vi: 'Rất hài lòng', en: 'Very satisfied' },
};

export type StepRole = 'reception' | 'specialist' | 'leader';

export interface ProcessStep {
  name: string;
  orgId: string;
  role: StepRole;
  /** Working hours allotted to the step. */
  durationHours: number;
}

/** The procedure's process as snapshotted on the dossier when it is received. */
export interface ProcessSnapshot {
  duration: Duration;
  steps: ProcessStep[];
}

export type ReturnChannel = 'counter' | 'online' | 'post';

export interface DossierState {
  status: DossierStatus;
  receivingOrgId: string;
  currentOrgId: string;
  /** Index into process.steps; -1 before acceptance. */
  currentStep: number;
  process: ProcessSnapshot;
  ruleVersion: RuleVersion;
  submittedAt: Date;
  acceptedAt: Date | null;
  /** Statutory due instant, moved only by supplement pauses. Timeliness is judged against it. */
  dueAt: Date | null;
  /** The appointment given to the applicant: the due instant, or a later one after an apology. */
  appointmentAt: Date | null;
  stepStartedAt: Date | null;
  stepDueAt: Date | null;
  pausedAt: Date | null;
  pausedRemainingMinutes: number | null;
  pausedStepRemainingMinutes: number | null;
  /** Working minutes spent waiting for supplements after acceptance (not counted as handling time). */
  pausedMinutesTotal: number;
  /** Status to go back to when the applicant supplements. */
  resumeStatus: 'submitted' | 'processing' | null;
  supplementRequests: number;
  /** A second supplement request (allowed by a leader) counts the dossier as overdue (domain §1). */
  forcedOverdue: boolean;
  apologies: number;
  finishedAt: Date | null;
  timeliness: Timeliness | null;
  resultUploadId: string | null;
  returnChannel: ReturnChannel | null;
  /** The applicant's rating of the handling, once, after the result is returned. */
  ratingLevel: RatingLevel | null;
}

/**
 * Who may read the free text of an action (its note, reason, summary or comment): officers only
 * (`internal`), or the applicant too (`applicant`, shown in the citizen's view and the public lookup).
 */
export const NOTE_VISIBILITIES = ['internal', 'applicant'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

/**
 * The visibility of each action's notes when the officer does not choose one, and whether they may.
 * What the applicant must be told (what to supplement, why a dossier is rejected or stopped, why the
 * appointment moves) is always applicant-visible; the applicant's own words are theirs to see; notes
 * between officers (acceptance, hand-over, return to a step) stay internal unless the officer says so.
 */
export const NOTE_VISIBILITY_RULES: Record<LoggedAction, { default: NoteVisibility; choosable: boolean }> = {
  submit: { default: 'applicant', choosable: false },
  accept: { default: 'internal', choosable: true },
  request_supplement: { default: 'applicant', choosable: false },
  supplement: { default: 'applicant', choosable: false },
  reject: { default: 'applicant', choosable: false },
  hand_over: { default: 'internal', choosable: true },
  return_to_step: { default: 'internal', choosable: true },
  apologize: { default: 'applicant', choosable: false },
  stop: { default: 'applicant', choosable: false },
  complete: { default: 'internal', choosable: true },
  return_result: { default: 'applicant', choosable: true },
  withdraw: { default: 'applicant', choosable: false },
  rate: { default: 'applicant', choosable: false },
  transferred_by_reorganisation: { default: 'applicant', choosable: false },
};

/** Payload members that hold a person's free text, hidden from the applicant when internal. */
export const NOTE_FIELDS = ['note', 'reason', 'summary', 'comment'] as const;

/** The visibility of a logged entry's notes; entries logged before visibilities existed get their action's default. */
export function noteVisibilityOf(action: string, payload: unknown): NoteVisibility {
  const recorded = (payload as { noteVisibility?: unknown } | null)?.noteVisibility;
  if (recorded === 'internal' || recorded === 'applicant') return recorded;
  return NOTE_VISIBILITY_RULES[action as LoggedAction]?.default ?? 'internal';
}
