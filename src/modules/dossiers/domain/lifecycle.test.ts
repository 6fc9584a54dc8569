import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decide, availableActions, apologyChoices, latestApologyAppointment, openDossier, type Command } from './lifecycle.ts';
import type { ActorPosition } from './policy.ts';
import { DOSSIER_STATUSES, TERMINAL_STATUSES, type DossierState, type Role } from './types.ts';
import { DEFAULT_WEEKLY_HOURS, WorkingCalendar } from '../../calendar/domain/working-calendar.ts';
import { OFFICIAL_YEARS } from '../../calendar/domain/official-years.ts';
import { formatVietnamIso } from '../../calendar/domain/local-time.ts';
import { DomainError } from '../../../kernel/errors.ts';

const vn = (s: string) => new Date(`${s}+07:00`);
const cal = new WorkingCalendar({
  weeklyHours: DEFAULT_WEEKLY_HOURS,
  cutoffMinute: null,
  yearSchedules: Object.fromEntries(OFFICIAL_YEARS.map((y) => [y.year, y])),
});
const calendarOf = () => cal;

function newDossier(submittedAt = vn('2026-11-23T08:00:00')): DossierState {
  return openDossier({
    receivingOrgId: 'ward',
    submittedAt,
    process: {
      duration: { value: 3, unit: 'working_days' },
      steps: [
        { name: 'Tiếp nhận', orgId: 'ward', role: 'reception', durationHours: 4 },
        { name: 'Thẩm định', orgId: 'ward', role: 'specialist', durationHours: 16 },
        { name: 'Phê duyệt', orgId: 'ward', role: 'leader', durationHours: 4 },
      ],
    },
  });
}

const officer = (role: Role): ActorPosition => ({ userId: role, role, isApplicant: false, coversReceivingOrg: true, coversCurrentOrg: true });
const citizen: ActorPosition = { userId: 'c', role: 'citizen', isApplicant: true, coversReceivingOrg: false, coversCurrentOrg: false };
const stranger: ActorPosition = { userId: 'x', role: 'reception', isApplicant: false, coversReceivingOrg: false, coversCurrentOrg: false };

function run(state: DossierState, steps: Array<[ActorPosition, Command, string]>): DossierState {
  return steps.reduce((s, [actor, cmd, at]) => decide(s, cmd, { now: vn(at), actor, calendarOf }).state, state);
}

describe('dossier lifecycle', () => {
  it('accept computes the appointment in working time and starts step 0', () => {
    const s = run(newDossier(), [[officer('reception'), { action: 'accept' }, '2026-11-23T09:00:00']]);
    expect(s.status).toBe('processing');
    expect(formatVietnamIso(s.dueAt!)).toBe('2026-11-26T09:00:00+07:00');
    expect(s.appointmentAt).toEqual(s.dueAt);
    expect(s.currentStep).toBe(0);
    expect(formatVietnamIso(s.stepDueAt!)).toBe('2026-11-23T14:30:00+07:00');
    expect(s.ruleVersion).toBe('nd118-2025');
  });

  it('keeps Decree 61/2018 for a dossier accepted before 1 July 2025', () => {
    const s = run(newDossier(vn('2025-06-30T08:00:00')), [[officer('reception'), { action: 'accept' }, '2025-06-30T09:00:00']]);
    expect(s.ruleVersion).toBe('nd61-2018');
  });

  it('pauses the clock during a supplement and resumes with the time left', () => {
    const s = run(newDossier(), [
      [officer('reception'), { action: 'accept' }, '2026-11-23T09:00:00'],
      [officer('reception'), { action: 'hand_over' }, '2026-11-23T10:00:00'],
      // 1 working day used (Mon 09:00 → Tue 09:00); 2 left.
      [officer('specialist'), { action: 'request_supplement', reason: 'Thiếu bản sao', items: [{ name: 'Bản sao hợp đồng thuê nhà', reason: 'Chưa có' }] }, '2026-11-24T09:00:00'],
    ]);
    expect(s.status).toBe('awaiting_supplement');
    expect(s.pausedRemainingMinutes).toBe(960);
    const resumed = run(s, [[citizen, { action: 'supplement', attachments: [] }, '2026-11-30T13:00:00']]);
    expect(resumed.status).toBe('processing');
    // Resumed Monday 30/11 13:00 with 16 working hours left: 4 h Monday, 8 h Tuesday, 4 h Wednesday → 11:30.
    expect(formatVietnamIso(resumed.dueAt!)).toBe('2026-12-02T11:30:00+07:00');
    // Decree 118/2025 (Art. 19): the applicant's appointment counts the 3 working days again from the
    // complete dossier (Mon 30/11 13:00: 4 h Mon, 8 h Tue, 8 h Wed, 4 h Thu → Thu 03/12 11:30); the index keeps the paused due time above.
    expect(resumed.ruleVersion).toBe('nd118-2025');
    expect(formatVietnamIso(resumed.appointmentAt!)).toBe('2026-12-03T11:30:00+07:00');
  });

  it('under Decree 61/2018 the appointment after a supplement is the resumed due time', () => {
    const s = run(newDossier(vn('2025-06-02T08:00:00')), [
      [officer('reception'), { action: 'accept' }, '2025-06-02T09:00:00'],
      [officer('reception'), { action: 'hand_over' }, '2025-06-02T10:00:00'],
      [officer('specialist'), { action: 'request_supplement', reason: 'Thiếu bản sao', items: [{ name: 'Bản sao', reason: 'Chưa có' }] }, '2025-06-03T09:00:00'],
      [citizen, { action: 'supplement', attachments: [] }, '2025-06-09T13:00:00'],
    ]);
    expect(s.ruleVersion).toBe('nd61-2018');
    // 16 working hours left from Mon 09/06 13:00 → Wed 11/06 11:30; the appointment is that due time.
    expect(formatVietnamIso(s.dueAt!)).toBe('2025-06-11T11:30:00+07:00');
    expect(s.appointmentAt).toEqual(s.dueAt);
  });

  it('refuses a second supplement request unless a leader overrides, which counts as overdue', () => {
    const s = run(newDossier(), [
      [officer('reception'), { action: 'request_supplement', reason: 'Thiếu', items: [{ name: 'Giấy tờ', reason: 'Thiếu' }] }, '2026-11-23T08:30:00'],
      [citizen, { action: 'supplement', attachments: [] }, '2026-11-23T09:00:00'],
      [officer('reception'), { action: 'accept' }, '2026-11-23T09:30:00'],
    ]);
    const again: Command = { action: 'request_supplement', reason: 'Lại thiếu', items: [{ name: 'X', reason: 'Y' }] };
    expect(() => decide(s, again, { now: vn('2026-11-23T10:00:00'), actor: officer('reception'), calendarOf })).toThrow(/once/);
    expect(() => decide(s, { ...again, override: true }, { now: vn('2026-11-23T10:00:00'), actor: officer('reception'), calendarOf })).toThrow(/leader/);
    const forced = decide(s, { ...again, override: true }, { now: vn('2026-11-23T10:00:00'), actor: officer('leader'), calendarOf }).state;
    expect(forced.forcedOverdue).toBe(true);
    const done = run(forced, [
      [citizen, { action: 'supplement', attachments: [] }, '2026-11-23T11:00:00'],
      [officer('leader'), { action: 'hand_over', toStep: 2 }, '2026-11-23T13:00:00'],
      [officer('leader'), { action: 'complete', resultUploadId: 'u1' }, '2026-11-23T14:00:00'],
    ]);
    // Finished well before the due time, yet late because of the second request.
    expect(done.timeliness).toBe('late');
  });

  it('runs the whole path to a returned result, early', () => {
    const s = run(newDossier(), [
      [officer('reception'), { action: 'accept' }, '2026-11-23T09:00:00'],
      [officer('reception'), { action: 'hand_over' }, '2026-11-23T10:00:00'],
      [officer('specialist'), { action: 'hand_over' }, '2026-11-24T10:00:00'],
      [officer('leader'), { action: 'complete', resultUploadId: 'u1' }, '2026-11-24T15:00:00'],
      [officer('reception'), { action: 'return_result', channel: 'counter' }, '2026-11-25T08:00:00'],
    ]);
    expect(s.status).toBe('returned');
    expect(s.timeliness).toBe('early');
  });

  it('the postal system actor may only return a result by post with a tracking code (issue 17)', () => {
    const postal: ActorPosition = { userId: 'system:delivery', role: 'reception', system: 'delivery', isApplicant: false, coversReceivingOrg: false, coversCurrentOrg: false };
    const completed = run(newDossier(), [
      [officer('reception'), { action: 'accept' }, '2026-11-23T09:00:00'],
      [officer('reception'), { action: 'hand_over' }, '2026-11-23T10:00:00'],
      [officer('specialist'), { action: 'hand_over' }, '2026-11-24T10:00:00'],
      [officer('leader'), { action: 'complete', resultUploadId: 'u1' }, '2026-11-24T15:00:00'],
    ]);
    const at = { now: vn('2026-11-26T10:00:00'), actor: postal, calendarOf };
    const refused = (cmd: Command, state = completed) => {
      try {
        decide(state, cmd, at);
        return null;
      } catch (e) {
        return (e as DomainError).status;
      }
    };
    expect(refused({ action: 'return_result', channel: 'counter' })).toBe(403);
    expect(refused({ action: 'return_result', channel: 'post' })).toBe(403);
    expect(refused({ action: 'stop', reason: 'x' }, run(newDossier(), [[officer('reception'), { action: 'accept' }, '2026-11-23T09:00:00']]))).toBe(403);
    expect(availableActions(completed, postal)).toEqual(['return_result']);
    const returned = decide(completed, { action: 'return_result', channel: 'post', postalTrackingCode: 'VTP123' }, at).state;
    expect(returned.status).toBe('returned');
    expect(returned.returnChannel).toBe('post');
  });

  it('checks roles against the step: a specialist cannot hand over the reception step', () => {
    const s = run(newDossier(), [[officer('reception'), { action: 'accept' }, '2026-11-23T09:00:00']]);
    expect(() => decide(s, { action: 'hand_over' }, { now: vn('2026-11-23T10:00:00'), actor: officer('specialist'), calendarOf })).toThrow(/reception/);
  });

  it('answers 403 before 409: an outsider learns nothing about state', () => {
    const s = newDossier();
    try {
      decide(s, { action: 'complete', resultUploadId: 'u' }, { now: vn('2026-11-23T10:00:00'), actor: stranger, calendarOf });
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).status).toBe(403);
    }
  });

  it('an apology needs a later appointment, and timeliness stays judged on the statutory due', () => {
    let s = run(newDossier(), [[officer('reception'), { action: 'accept' }, '2026-11-23T09:00:00']]);
    expect(() => decide(s, { action: 'apologize', reason: 'x', newAppointmentAt: vn('2026-11-25T09:00:00') }, { now: vn('2026-11-24T09:00:00'), actor: officer('reception'), calendarOf })).toThrow(DomainError);
    s = run(s, [
      [officer('reception'), { action: 'apologize', reason: 'Chờ xác minh', newAppointmentAt: vn('2026-12-01T09:00:00') }, '2026-11-25T09:00:00'],
      [officer('leader'), { action: 'hand_over', toStep: 2 }, '2026-11-27T09:00:00'],
      [officer('leader'), { action: 'complete', resultUploadId: 'u' }, '2026-11-27T10:00:00'],
    ]);
    expect(s.apologies).toBe(1);
    expect(s.timeliness).toBe('late');
  });

  it('hands over only to the unit the process snapshot names for the step (or a sub-unit of it)', () => {
    const s = run(newDossier(), [[officer('reception'), { action: 'accept' }, '2026-11-23T09:00:00']]);
    const ctx = { now: vn('2026-11-23T10:00:00'), actor: officer('reception'), calendarOf };
    expect(() => decide(s, { action: 'hand_over', toOrgId: 'justice' }, ctx)).toThrow(expect.objectContaining({ code: 'hand-over-outside-process', status: 422 }));
    expect(decide(s, { action: 'hand_over', toOrgId: 'ward' }, ctx).state.currentOrgId).toBe('ward');
    const within = (org: string, unit: string) => org === unit || org === `${unit}/office`;
    expect(decide(s, { action: 'hand_over', toOrgId: 'ward/office' }, { ...ctx, isWithin: within }).state.currentOrgId).toBe('ward/office');
    expect(() => decide(s, { action: 'hand_over', toOrgId: 'ward/office' }, ctx)).toThrow(DomainError);
  });

  it('an apology may move the appointment by at most the rule’s limit', () => {
    const s = run(newDossier(), [[officer('reception'), { action: 'accept' }, '2026-11-23T09:00:00']]);
    const ctx = { now: vn('2026-11-24T09:00:00'), actor: officer('reception'), calendarOf };
    const latest = latestApologyAppointment(s.appointmentAt!, s.process.duration, cal);
    expect(formatVietnamIso(latest)).toBe('2027-11-26T17:00:00+07:00'); // twelve months outweigh three working days
    expect(decide(s, { action: 'apologize', reason: 'x', newAppointmentAt: latest }, ctx).state.appointmentAt).toEqual(latest);
    expect(() => decide(s, { action: 'apologize', reason: 'x', newAppointmentAt: new Date(latest.getTime() + 60_000) }, ctx)).toThrow(expect.objectContaining({ code: 'appointment-too-far' }));
    expect(() => decide(s, { action: 'apologize', reason: 'x', newAppointmentAt: new Date('9999-12-31T10:00:00Z') }, ctx)).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: 'newAppointmentAt' })] }));
  });

  it('the apology choices the desk offers are exactly what the server accepts, at any time before or after the appointment', () => {
    const accepted = run(newDossier(), [[officer('reception'), { action: 'accept' }, '2026-11-23T09:00:00']]);
    // From the acceptance to two weeks after the appointment, at any second (a page loaded at 16:59:30).
    const start = vn('2026-11-23T09:00:00').getTime();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 21 * 86_400 }), (seconds) => {
        const now = new Date(start + seconds * 1000);
        const ctx = { now, actor: officer('reception'), calendarOf };
        const choices = apologyChoices(accepted, now, cal)!;
        const apologize = (at: Date) => decide(accepted, { action: 'apologize', reason: 'x', newAppointmentAt: at }, ctx);
        // Whole minutes: a datetime-local field holds no seconds.
        for (const at of [choices.earliestAt, choices.suggestedAt, choices.latestAt]) expect(at.getTime() % 60_000).toBe(0);
        expect(choices.earliestAt <= choices.suggestedAt && choices.suggestedAt <= choices.latestAt).toBe(true);
        expect(apologize(choices.suggestedAt).state.appointmentAt).toEqual(choices.suggestedAt);
        expect(apologize(choices.earliestAt).state.appointmentAt).toEqual(choices.earliestAt);
        expect(apologize(choices.latestAt).state.appointmentAt).toEqual(choices.latestAt);
        expect(() => apologize(new Date(choices.earliestAt.getTime() - 60_000))).toThrow(DomainError);
      }),
      { numRuns: 200 },
    );
    // Not in a state that takes an apology: nothing to offer.
    expect(apologyChoices(newDossier(), vn('2026-11-23T09:00:00'), cal)).toBeNull();
  });

  it('offers only the actions allowed now', () => {
    expect(availableActions(newDossier(), officer('reception'))).toEqual(['accept', 'request_supplement', 'reject']);
    expect(availableActions(newDossier(), citizen)).toEqual(['withdraw']);
    expect(availableActions(newDossier(), stranger)).toEqual([]);
  });

  const commands: Command[] = [
    { action: 'accept' },
    { action: 'request_supplement', reason: 'r', items: [{ name: 'n', reason: 'r' }] },
    { action: 'request_supplement', reason: 'r', items: [{ name: 'n', reason: 'r' }], override: true },
    { action: 'supplement', attachments: [] },
    { action: 'reject', reason: 'r' },
    { action: 'hand_over' },
    { action: 'hand_over', toStep: 2 },
    { action: 'return_to_step', toStep: 0, reason: 'r' },
    { action: 'stop', reason: 'r' },
    { action: 'complete', resultUploadId: 'u' },
    { action: 'return_result', channel: 'online' },
    { action: 'withdraw' },
  ];
  const actors = [officer('reception'), officer('specialist'), officer('leader'), citizen, stranger];

  it('keeps its invariants under any sequence of actions (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...commands), fc.constantFrom(...actors), fc.integer({ min: 1, max: 3 * 24 * 60 })), { maxLength: 30 }),
        (seq) => {
          let s = newDossier();
          let now = s.submittedAt.getTime();
          for (const [cmd, actor, gapMinutes] of seq) {
            now += gapMinutes * 60_000;
            const before = s;
            try {
              s = decide(s, cmd, { now: new Date(now), actor, calendarOf }).state;
            } catch (e) {
              expect(e).toBeInstanceOf(DomainError);
              expect(s).toBe(before);
              continue;
            }
            expect(TERMINAL_STATUSES).not.toContain(before.status);
            expect(DOSSIER_STATUSES).toContain(s.status);
            if (s.supplementRequests > 1) expect(s.forcedOverdue).toBe(true);
            if (s.status === 'processing') {
              expect(s.dueAt).not.toBeNull();
              expect(s.pausedAt).toBeNull();
              expect(s.currentStep).toBeGreaterThanOrEqual(0);
              expect(s.currentStep).toBeLessThan(s.process.steps.length);
            }
            if (s.status === 'awaiting_supplement' && s.resumeStatus === 'processing') expect(s.pausedAt).not.toBeNull();
            if (s.acceptedAt) expect(s.dueAt!.getTime()).toBeGreaterThan(s.acceptedAt.getTime());
            if (['completed', 'returned', 'stopped'].includes(s.status)) expect(s.timeliness).not.toBeNull();
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
