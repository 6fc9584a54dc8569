/**
 * The PAKN state machine (domain §7): waiting → processing → (waiting_for_info) → processed →
 * waiting_to_publish → published, or returned / rejected with a reason. Pure: the caller passes the
 * clock, the rule in force and the calendars; the write path (../feedback-writes.ts) records the result.
 */
import { DomainError } from '../../../kernel/errors.ts';
import { duesFrom, mayReopen, publishDue, workingDaysBetween } from './deadlines.ts';
import type { WorkingCalendar } from '../../calendar/domain/working-calendar.ts';
import type { FeedbackActor, FeedbackCommand, FeedbackRule, FeedbackState, FeedbackStatus } from './types.ts';

export interface DecideEnv {
  now: Date;
  rule: FeedbackRule;
  calendarOf: (orgId: string) => WorkingCalendar;
}

type Who = 'sender' | 'officer' | 'leader';

/** Where each action may be taken, who may take it, and where it leads (null: the status stays). */
const RULES: Record<FeedbackCommand['action'], { from: readonly FeedbackStatus[]; who: readonly Who[]; to: FeedbackStatus | null }> = {
  accept: { from: ['waiting'], who: ['officer', 'leader'], to: 'processing' },
  assign: { from: ['waiting', 'processing', 'waiting_for_info'], who: ['leader'], to: null },
  transfer: { from: ['waiting', 'processing'], who: ['officer', 'leader'], to: 'waiting' },
  request_info: { from: ['processing'], who: ['officer', 'leader'], to: 'waiting_for_info' },
  provide_info: { from: ['waiting_for_info'], who: ['sender'], to: 'processing' },
  answer: { from: ['processing'], who: ['officer', 'leader'], to: 'processed' },
  send_back: { from: ['processed'], who: ['leader'], to: 'processing' },
  approve: { from: ['processed'], who: ['leader'], to: 'waiting_to_publish' },
  publish: { from: ['waiting_to_publish'], who: ['officer', 'leader'], to: 'published' },
  reject: { from: ['waiting', 'processing'], who: ['officer', 'leader'], to: 'rejected' },
  return: { from: ['waiting', 'processing', 'waiting_for_info'], who: ['officer', 'leader'], to: 'returned' },
  rate: { from: ['waiting_to_publish', 'published'], who: ['sender'], to: null },
  reopen: { from: ['waiting_to_publish', 'published'], who: ['sender'], to: 'processing' },
};

const whoOf = (actor: FeedbackActor): Who | null => {
  if (actor.kind === 'sender') return 'sender';
  if (!actor.inScope) return null;
  if (actor.role === 'leader') return 'leader';
  if (actor.role === 'reception' || actor.role === 'specialist') return 'officer';
  return null; // managers and administrators watch; they do not handle
};

/**
 * The sender rates an answer once: a second rating is refused. Reopening clears the rating (see decide),
 * so the new answer after a reopening may be rated again. Shared by availableActions and decide.
 */
export const mayRate = (state: Pick<FeedbackState, 'rating'>) => state.rating === null;

/** The actions an actor may take now (the item view lists them). */
export function availableActions(state: FeedbackState, actor: FeedbackActor, now: Date, rule: FeedbackRule): FeedbackCommand['action'][] {
  const who = whoOf(actor);
  if (!who) return [];
  return (Object.keys(RULES) as FeedbackCommand['action'][]).filter((a) => {
    const r = RULES[a];
    if (!r.from.includes(state.status) || !r.who.includes(who)) return false;
    if (a === 'reopen') return mayReopen(state.handledAt, state.reopened, now, rule);
    if (a === 'request_info') return !state.infoRequested;
    if (a === 'rate') return mayRate(state);
    return true;
  });
}

const conflict = (code: string, vi: string, en: string) => new DomainError(code, 409, { vi, en });

export interface Decision {
  state: FeedbackState;
  from: FeedbackStatus;
}

export function decide(state: FeedbackState, command: FeedbackCommand, actor: FeedbackActor, env: DecideEnv): Decision {
  const rule = RULES[command.action];
  const who = whoOf(actor);
  if (!who || !rule.who.includes(who)) {
    throw new DomainError('forbidden', 403, { vi: `Bạn không có quyền thực hiện thao tác "${command.action}" với phản ánh này.`, en: `You may not perform "${command.action}" on this feedback.` });
  }
  if (!rule.from.includes(state.status)) {
    throw conflict('action-not-allowed-in-state', `Không thể thực hiện "${command.action}" khi phản ánh đang ở trạng thái "${state.status}".`, `The action "${command.action}" is not allowed while the feedback is "${state.status}".`);
  }
  const { now } = env;
  const next: FeedbackState = { ...state, status: rule.to ?? state.status };
  const handled = (onTimeBy: Date) => {
    next.handledAt = now;
    next.handledOnTime = now.getTime() <= onTimeBy.getTime();
    next.handledWorkingDays = workingDaysBetween(env.calendarOf(state.orgId), state.clockStartAt, now);
  };
  switch (command.action) {
    case 'accept':
      if (actor.kind === 'staff' && !state.assigneeId) next.assigneeId = actor.id;
      break;
    case 'assign':
      next.assigneeId = command.assigneeId;
      if (state.status === 'waiting') next.status = 'processing';
      break;
    case 'transfer':
      if (command.toOrgId === state.orgId) throw conflict('same-unit', 'Phản ánh đã ở đơn vị này.', 'The feedback is already at this unit.');
      // The competent unit starts afresh: its own calendar, deadlines from now, nobody assigned yet.
      Object.assign(next, duesFrom(env.calendarOf(command.toOrgId), now, env.rule), { orgId: command.toOrgId, assigneeId: null, infoRequested: false });
      break;
    case 'request_info':
      // One request for more information (the national portal's practice); it must come within the rule's days.
      if (state.infoRequested) throw conflict('info-already-requested', 'Đã yêu cầu bổ sung thông tin một lần.', 'More information was already requested once.');
      next.infoRequested = true;
      break;
    case 'answer':
      next.answer = command.answer;
      if (actor.kind === 'staff' && !state.assigneeId) next.assigneeId = actor.id;
      break;
    case 'approve': {
      handled(state.handleDueAt);
      next.publishDueAt = publishDue(env.calendarOf(state.orgId), now, env.rule);
      break;
    }
    case 'publish':
      next.publishedAt = now;
      break;
    case 'reject':
    case 'return':
      // Refusing or returning is due within the rejection deadline; later, it counts as late.
      handled(state.rejectDueAt);
      break;
    case 'rate':
      if (!mayRate(state)) {
        throw conflict('already-rated', 'Bạn đã đánh giá câu trả lời này; mỗi câu trả lời chỉ được đánh giá một lần.', 'You have already rated this answer; each answer may be rated once.');
      }
      next.rating = command.rating;
      next.ratedAt = now;
      break;
    case 'reopen':
      if (!mayReopen(state.handledAt, state.reopened, now, env.rule)) {
        throw conflict('reopen-not-allowed', `Chỉ được mở lại một lần, trong ${env.rule.reopenDays} ngày kể từ khi có trả lời.`, `Feedback may be reopened once, within ${env.rule.reopenDays} days of the answer.`);
      }
      // A reopened item counts as "repeated" (766 criterion 5.2) and is handled again on a fresh clock.
      Object.assign(next, duesFrom(env.calendarOf(state.orgId), now, env.rule), {
        reopened: true, rating: null, ratedAt: null, handledAt: null, handledOnTime: null, handledWorkingDays: null, publishDueAt: null, publishedAt: null, infoRequested: false,
      });
      break;
    case 'provide_info':
    case 'send_back':
      break;
  }
  return { state: next, from: state.status };
}
