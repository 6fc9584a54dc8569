/**
 * Issue 14, fault 8: each role opens the desk on its own work queue (a specialist used to land on
 * "awaiting acceptance", empty for them). Checked against the lifecycle: the landing queue is the status
 * of a dossier waiting for that role's step, where the role has actions to take.
 */
import { describe, expect, it } from 'vitest';
import { landingQueue, queueFor } from '../../web/src/desk/queues.ts';
import { availableActions, decide, openDossier } from '../../src/modules/dossiers/domain/lifecycle.ts';
import type { ActorPosition } from '../../src/modules/dossiers/domain/policy.ts';
import type { DossierState, Role, StepRole } from '../../src/modules/dossiers/domain/types.ts';
import { DEFAULT_WEEKLY_HOURS, WorkingCalendar } from '../../src/modules/calendar/domain/working-calendar.ts';
import { OFFICIAL_YEARS } from '../../src/modules/calendar/domain/official-years.ts';

const cal = new WorkingCalendar({ weeklyHours: DEFAULT_WEEKLY_HOURS, cutoffMinute: null, yearSchedules: Object.fromEntries(OFFICIAL_YEARS.map((y) => [y.year, y])) });
const officer = (role: Role): ActorPosition => ({ userId: role, role, isApplicant: false, coversReceivingOrg: true, coversCurrentOrg: true });
const at = (minutes: number) => new Date(Date.parse('2026-11-23T08:00:00+07:00') + minutes * 60_000);

/** A dossier of a reception → specialist → leader process, at the step of `role` (reception: just submitted). */
function waitingFor(role: Role): DossierState {
  let s = openDossier({
    receivingOrgId: 'ward',
    submittedAt: at(0),
    process: { duration: { value: 3, unit: 'working_days' }, steps: (['reception', 'specialist', 'leader'] as StepRole[]).map((r, i) => ({ name: `Bước ${i}`, orgId: 'ward', role: r, durationHours: 8 })) },
  });
  const step = (actor: Role, action: 'accept' | 'hand_over', m: number) => (s = decide(s, { action }, { now: at(m), actor: officer(actor), calendarOf: () => cal }).state);
  if (role === 'reception') return s;
  step('reception', 'accept', 10);
  step('reception', 'hand_over', 20);
  if (role === 'leader') step('specialist', 'hand_over', 30);
  return s;
}

describe('where each role lands on the desk', () => {
  it.each(['reception', 'specialist', 'leader'] as Role[])('%s lands on the queue of the dossiers waiting for its step', (role) => {
    const s = waitingFor(role);
    expect(availableActions(s, officer(role)).length).toBeGreaterThan(0);
    expect(landingQueue(role)).toBe(s.status);
    expect(queueFor(null, role)).toBe(s.status);
  });

  it('a specialist does not land on "awaiting acceptance"; an administrator sees everything; the address wins', () => {
    expect(landingQueue('specialist')).not.toBe('submitted');
    expect(landingQueue('admin')).toBe('all');
    expect(queueFor('late', 'specialist')).toBe('late');
    expect(queueFor('nonsense', 'leader')).toBe('processing');
  });
});
