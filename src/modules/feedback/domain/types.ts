/** Feedback (PAKN) states, actions and the item as the domain sees it (domain §7). */

export const FEEDBACK_STATUSES = ['waiting', 'processing', 'waiting_for_info', 'processed', 'waiting_to_publish', 'published', 'returned', 'rejected'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** Not yet answered, returned or rejected: the handling deadline runs. */
export const OPEN_STATUSES: readonly FeedbackStatus[] = ['waiting', 'processing', 'waiting_for_info', 'processed'];

export const FEEDBACK_ACTIONS = ['accept', 'assign', 'transfer', 'request_info', 'provide_info', 'answer', 'send_back', 'approve', 'publish', 'reject', 'return', 'rate', 'reopen'] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];

/** Actions of the sender (signed-in citizen, or the holder of the secret given at intake). */
export const SENDER_ACTIONS: readonly FeedbackAction[] = ['provide_info', 'rate', 'reopen'];

export type Rating = 'satisfied' | 'dissatisfied';

/** Deadlines in working days (and the reopening period in calendar days), by rule version. */
export interface FeedbackRule {
  version: string;
  effectiveFrom: string; // ISO day
  rejectDays: number;
  infoDays: number;
  handleDays: number;
  publishDays: number;
  reopenDays: number;
}

export interface FeedbackState {
  status: FeedbackStatus;
  orgId: string;
  assigneeId: string | null;
  answer: string | null;
  consentPublish: boolean;
  clockStartAt: Date;
  rejectDueAt: Date;
  infoDueAt: Date;
  handleDueAt: Date;
  infoRequested: boolean;
  handledAt: Date | null;
  handledOnTime: boolean | null;
  handledWorkingDays: number | null;
  publishDueAt: Date | null;
  publishedAt: Date | null;
  rating: Rating | null;
  ratedAt: Date | null;
  reopened: boolean;
}

export type FeedbackCommand =
  | { action: 'accept'; note?: string }
  | { action: 'assign'; assigneeId: string; note?: string }
  | { action: 'transfer'; toOrgId: string; note: string }
  | { action: 'request_info'; note: string }
  | { action: 'provide_info'; content: string }
  | { action: 'answer'; answer: string }
  | { action: 'send_back'; note: string }
  | { action: 'approve'; note?: string }
  | { action: 'publish' }
  | { action: 'reject'; reason: string }
  | { action: 'return'; reason: string }
  | { action: 'rate'; rating: Rating }
  | { action: 'reopen'; reason: string };

/** Who acts: the sender, or an officer with their role and whether the item's unit is in their subtree. */
export type FeedbackActor =
  | { kind: 'sender' }
  | { kind: 'staff'; id: string; role: 'reception' | 'specialist' | 'leader' | 'manager' | 'admin'; inScope: boolean };
