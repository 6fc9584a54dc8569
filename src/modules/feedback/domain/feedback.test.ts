import { describe, expect, it } from 'vitest';
import { DEFAULT_WEEKLY_HOURS, WorkingCalendar } from '../../calendar/domain/working-calendar.ts';
import { OFFICIAL_YEARS } from '../../calendar/domain/official-years.ts';
import { duesFrom, ruleAt } from './deadlines.ts';
import { availableActions, decide } from './lifecycle.ts';
import { maskPersonalData } from './masking.ts';
import type { FeedbackActor, FeedbackRule, FeedbackState } from './types.ts';

const vn = (s: string) => new Date(`${s}+07:00`);
const calendar = new WorkingCalendar({ weeklyHours: DEFAULT_WEEKLY_HOURS, cutoffMinute: null, yearSchedules: Object.fromEntries(OFFICIAL_YEARS.map((y) => [y.year, y])) });
const RULE: FeedbackRule = { version: 'pakn-2020', effectiveFrom: '2020-01-01', rejectDays: 2, infoDays: 5, handleDays: 15, publishDays: 2, reopenDays: 10 };
const env = (now: string) => ({ now: vn(now), rule: RULE, calendarOf: () => calendar });
const leader: FeedbackActor = { kind: 'staff', id: 'u-leader', role: 'leader', inScope: true };
const officer: FeedbackActor = { kind: 'staff', id: 'u-spec', role: 'specialist', inScope: true };

function received(at: string): FeedbackState {
  return {
    status: 'waiting', orgId: 'ward', assigneeId: null, answer: null, consentPublish: true, ...duesFrom(calendar, vn(at), RULE),
    infoRequested: false, handledAt: null, handledOnTime: null, handledWorkingDays: null, publishDueAt: null, publishedAt: null, rating: null, ratedAt: null, reopened: false,
  };
}

describe('PAKN deadlines (working days, the unit calendar)', () => {
  it('count across a weekend and the Tết 2026 week (16–20 Feb off)', () => {
    // Thu 12 Feb 09:00: working days after it are Fri 13, then Mon 23 Feb (Sat–Sun, Tết Mon–Fri, Sat–Sun off).
    const d = received('2026-02-12T09:00:00');
    expect(d.rejectDueAt).toEqual(vn('2026-02-23T09:00:00')); // 2 WD: Fri 13, Mon 23
    expect(d.infoDueAt).toEqual(vn('2026-02-26T09:00:00')); // 5 WD: 13, 23, 24, 25, 26
    expect(d.handleDueAt).toEqual(vn('2026-03-12T09:00:00')); // 15 WD: 13, 23–27, 2–6 Mar, 9–12 Mar
  });

  it('a transfer restarts the clock at the competent unit', () => {
    const s = decide(received('2026-02-12T09:00:00'), { action: 'transfer', toOrgId: 'dept', note: 'Thuộc thẩm quyền Sở' }, officer, env('2026-03-04T10:00:00')).state;
    expect(s).toMatchObject({ status: 'waiting', orgId: 'dept', assigneeId: null });
    expect(s.clockStartAt).toEqual(vn('2026-03-04T10:00:00'));
    expect(s.handleDueAt).toEqual(vn('2026-03-25T10:00:00')); // 15 WD: 5, 6, 9–13, 16–20, 23, 24, 25 Mar
    expect(s.rejectDueAt).toEqual(vn('2026-03-06T10:00:00'));
  });

  it('picks the rule version in force at receipt', () => {
    const later = { ...RULE, version: 'x', effectiveFrom: '2027-01-01', handleDays: 10 };
    expect(ruleAt([RULE, later], vn('2026-12-31T23:00:00')).version).toBe('pakn-2020');
    expect(ruleAt([RULE, later], vn('2027-01-01T00:30:00')).version).toBe('x');
  });
});

describe('PAKN state machine', () => {
  it('answer → leader approves (handled on time, publish due 2 WD later) → publish → rate → reopen once', () => {
    let s = decide(received('2026-11-23T08:00:00'), { action: 'accept' }, officer, env('2026-11-23T09:00:00')).state;
    expect(s.assigneeId).toBe('u-spec');
    s = decide(s, { action: 'answer', answer: 'Đã xử lý.' }, officer, env('2026-11-24T09:00:00')).state;
    expect(() => decide(s, { action: 'approve' }, officer, env('2026-11-24T10:00:00'))).toThrow(/may not/);
    s = decide(s, { action: 'approve' }, leader, env('2026-11-27T16:00:00')).state; // Fri
    expect(s).toMatchObject({ status: 'waiting_to_publish', handledOnTime: true });
    expect(s.publishDueAt).toEqual(vn('2026-12-01T16:00:00')); // Mon 30 Nov, Tue 1 Dec
    s = decide(s, { action: 'publish' }, officer, env('2026-11-30T08:00:00')).state;
    s = decide(s, { action: 'rate', rating: 'dissatisfied' }, { kind: 'sender' }, env('2026-11-30T09:00:00')).state;
    expect(s.rating).toBe('dissatisfied');
    s = decide(s, { action: 'reopen', reason: 'Chưa rõ' }, { kind: 'sender' }, env('2026-12-01T09:00:00')).state;
    expect(s).toMatchObject({ status: 'processing', reopened: true, rating: null, handledAt: null });
    expect(s.handleDueAt).toEqual(vn('2026-12-22T09:00:00')); // 15 WD from Tue 1 Dec 09:00
    s = decide(s, { action: 'answer', answer: 'Bổ sung.' }, officer, env('2026-12-02T09:00:00')).state;
    s = decide(s, { action: 'approve' }, leader, env('2026-12-02T10:00:00')).state;
    expect(availableActions(s, { kind: 'sender' }, vn('2026-12-03T09:00:00'), RULE)).toEqual(['rate']);
    expect(() => decide(s, { action: 'reopen', reason: 'again' }, { kind: 'sender' }, env('2026-12-03T09:00:00'))).toThrow(/once/);
  });

  it('late handling, late rejection, a second information request, an officer out of scope', () => {
    const s0 = received('2026-11-23T08:00:00');
    const late = decide(decide({ ...s0, status: 'processing' }, { action: 'answer', answer: 'x' }, officer, env('2026-11-23T09:00:00')).state, { action: 'approve' }, leader, env('2026-12-16T08:00:00')).state;
    expect(late.handledOnTime).toBe(false); // due Mon 14 Dec 08:00
    expect(decide(s0, { action: 'reject', reason: 'Không thuộc PAKN' }, officer, env('2026-11-26T08:00:00')).state.handledOnTime).toBe(false); // due Wed 25 Nov 08:00
    const asked = decide({ ...s0, status: 'processing' }, { action: 'request_info', note: 'Cần số hồ sơ' }, officer, env('2026-11-23T09:00:00')).state;
    const back = decide(asked, { action: 'provide_info', content: 'Số hồ sơ là …' }, { kind: 'sender' }, env('2026-11-24T09:00:00')).state;
    expect(() => decide(back, { action: 'request_info', note: 'again' }, officer, env('2026-11-24T10:00:00'))).toThrow(/already/);
    expect(() => decide(s0, { action: 'accept' }, { ...officer, inScope: false }, env('2026-11-23T09:00:00'))).toThrow(/may not/);
    expect(() => decide(s0, { action: 'publish' }, officer, env('2026-11-23T09:00:00'))).toThrow(/not allowed/);
  });
});

describe('masking personal data in published questions', () => {
  it('catches an ID number and phone numbers written inside the question text', () => {
    const text = 'Tôi là Nguyễn Văn An, CCCD 079090001234, số điện thoại 0901 234 567 hoặc +84 91.234.5678, cmnd cũ 024 567 890. Hồ sơ của tôi quá hạn.';
    const masked = maskPersonalData(text);
    expect(masked).not.toMatch(/079090001234|0901 234 567|91\.234\.5678|024 567 890|Nguyễn Văn An/);
    expect(masked).toContain('Hồ sơ của tôi quá hạn.');
  });

  it("removes the sender's known name, e-mail and address wherever they appear, and keeps ordinary numbers", () => {
    const masked = maskPersonalData('Chị Trần Thị Bích Ngọc ở 25 Nguyễn Trãi, Phường Bến Thành gửi từ ngoc@example.vn: nộp 3 lần, lệ phí 50.000 đồng, mã hồ sơ 000.20.01.H29-261123-0001.', {
      name: 'Trần Thị Bích Ngọc', email: 'ngoc@example.vn', address: '25 Nguyễn Trãi, Phường Bến Thành',
    });
    expect(masked).not.toMatch(/Ngọc|Nguyễn Trãi|example/);
    expect(masked).toContain('nộp 3 lần, lệ phí 50.000 đồng');
  });
});
