/**
 * Issue 14, fault 3: the actions offered for a dossier (the view's `availableActions`, which the desk
 * and the portal show) are exactly those `decide` accepts now. Property test over reachable states
 * (random histories, processes of 1 to 4 steps with random roles) and actor positions.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { availableActions, decide, openDossier, type Command } from './lifecycle.ts';
import type { ActorPosition } from './policy.ts';
import { ACTIONS, type ActionName, type DossierState, type Role, type StepRole } from './types.ts';
import { DEFAULT_WEEKLY_HOURS, WorkingCalendar } from '../../calendar/domain/working-calendar.ts';
import { OFFICIAL_YEARS } from '../../calendar/domain/official-years.ts';
import { DomainError } from '../../../kernel/errors.ts';

const cal = new WorkingCalendar({ weeklyHours: DEFAULT_WEEKLY_HOURS, cutoffMinute: null, yearSchedules: Object.fromEntries(OFFICIAL_YEARS.map((y) => [y.year, y])) });
const calendarOf = () => cal;
const START = new Date('2026-11-23T08:00:00+07:00');
const STEP_ROLES: StepRole[] = ['reception', 'specialist', 'leader'];

const ACTORS: ActorPosition[] = [
  ...(['reception', 'specialist', 'leader', 'admin'] as Role[]).flatMap((role) => [
    { userId: role, role, isApplicant: false, coversReceivingOrg: true, coversCurrentOrg: true },
    { userId: `${role}-r`, role, isApplicant: false, coversReceivingOrg: true, coversCurrentOrg: false },
    { userId: `${role}-c`, role, isApplicant: false, coversReceivingOrg: false, coversCurrentOrg: true },
  ]),
  { userId: 'c', role: 'citizen', isApplicant: true, coversReceivingOrg: false, coversCurrentOrg: false },
  { userId: 'c2', role: 'citizen', isApplicant: false, coversReceivingOrg: false, coversCurrentOrg: false },
];

/** A command for `action` whose payload is valid for this state, so only state and position decide. */
function validCommand(action: ActionName, s: DossierState, actor: ActorPosition, now: Date): Command {
  switch (action) {
    case 'accept': return { action };
    case 'request_supplement': return { action, reason: 'Thiếu giấy tờ', items: [{ name: 'Bản sao', reason: 'Chưa nộp' }], override: actor.role === 'leader' };
    case 'supplement': return { action, attachments: [] };
    case 'reject': return { action, reason: 'Không đủ điều kiện' };
    case 'hand_over': return { action };
    case 'return_to_step': return { action, toStep: 0, reason: 'Làm lại' };
    case 'apologize': {
      const after = Math.max(s.appointmentAt?.getTime() ?? 0, now.getTime());
      return { action, reason: 'Trễ hạn', newAppointmentAt: new Date(after + 3_600_000) };
    }
    case 'stop': return { action, reason: 'Dừng' };
    case 'complete': return { action, resultUploadId: 'upl_x' };
    case 'return_result': return { action, channel: 'counter' };
    case 'withdraw': return { action };
    case 'rate': return { action, level: 'satisfied' };
  }
}

function accepts(s: DossierState, action: ActionName, actor: ActorPosition, now: Date): boolean {
  try {
    decide(s, validCommand(action, s, actor, now), { now, actor, calendarOf });
    return true;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return false;
  }
}

const arbProcess = fc.array(fc.constantFrom(...STEP_ROLES), { minLength: 1, maxLength: 4 });
const arbHistory = fc.array(fc.tuple(fc.nat(ACTORS.length - 1), fc.nat(ACTIONS.length - 1), fc.integer({ min: 1, max: 600 })), { maxLength: 14 });

/** The states a history reaches: each command that `decide` refuses is skipped. */
function statesOf(roles: StepRole[], history: Array<[number, number, number]>): Array<{ s: DossierState; now: Date }> {
  let s = openDossier({ receivingOrgId: 'ward', submittedAt: START, process: { duration: { value: 3, unit: 'working_days' }, steps: roles.map((role, i) => ({ name: `Bước ${i + 1}`, orgId: 'ward', role, durationHours: 8 })) } });
  let now = START;
  const out = [{ s, now }];
  for (const [a, c, minutes] of history) {
    now = new Date(now.getTime() + minutes * 60_000);
    const actor = ACTORS[a]!;
    try {
      s = decide(s, validCommand(ACTIONS[c]!, s, actor, now), { now, actor, calendarOf }).state;
      out.push({ s, now });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
  }
  return out;
}

describe('availableActions is what decide accepts', () => {
  it('offers every action decide accepts, and only those, for every reachable state and actor', () => {
    fc.assert(
      fc.property(arbProcess, arbHistory, (roles, history) => {
        for (const { s, now } of statesOf(roles, history)) {
          for (const actor of ACTORS) {
            const offered = availableActions(s, actor);
            const accepted = ACTIONS.filter((a) => accepts(s, a, actor, now));
            expect(offered, `${actor.userId} at step ${s.currentStep}/${s.process.steps.length} in ${s.status}`).toEqual(accepted);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not offer "complete" to the specialist at the second of three steps, nor hand-over at the last', () => {
    const [specialistAt2] = statesOf(['reception', 'specialist', 'specialist'], [[0, ACTIONS.indexOf('accept'), 5], [0, ACTIONS.indexOf('hand_over'), 5]]).slice(-1);
    expect(specialistAt2!.s.currentStep).toBe(1);
    const specialist = ACTORS.find((a) => a.userId === 'specialist')!;
    expect(availableActions(specialistAt2!.s, specialist)).not.toContain('complete');
    expect(availableActions(specialistAt2!.s, specialist)).toContain('hand_over');
    const SPECIALIST = ACTORS.indexOf(specialist);
    const [atLast] = statesOf(['reception', 'specialist', 'specialist'], [[0, ACTIONS.indexOf('accept'), 5], [0, ACTIONS.indexOf('hand_over'), 5], [SPECIALIST, ACTIONS.indexOf('hand_over'), 5]]).slice(-1);
    expect(atLast!.s.currentStep).toBe(2);
    expect(availableActions(atLast!.s, specialist)).toContain('complete');
    expect(availableActions(atLast!.s, specialist)).not.toContain('hand_over');
  });
});
