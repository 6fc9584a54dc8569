/**
 * The dashboard's pure parts: the period (a month by default, a free range, the twelve trend months) and the
 * "by unit" roll-up of per-organisation figures to the children of the selected unit.
 */
import { describe, expect, it } from 'vitest';
import { monthPeriod, rangePeriod, trendMonths, trendStart, vietnamToday } from '../web/src/dashboard/period.ts';
import { unitRows } from '../web/src/dashboard/units.ts';
import type { KpiReport } from '../src/modules/measurement/contracts.ts';
import type { Organisation } from '../web/src/lib/types.ts';

describe('period', () => {
  it('is a whole month, or a range whose 766 index is the end date’s month', () => {
    expect(monthPeriod('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28', label: '2026-02', indexMonth: '2026-02', isMonth: true });
    expect(monthPeriod('2028-02').to).toBe('2028-02-29');
    expect(rangePeriod('2026-10-15', '2026-11-03')).toEqual({ from: '2026-10-15', to: '2026-11-03', label: '2026-10-15_2026-11-03', indexMonth: '2026-11', isMonth: false });
  });
  it('takes today in Vietnam, whatever the device’s zone', () => {
    expect(vietnamToday(Date.parse('2026-11-30T17:30:00Z'))).toBe('2026-12-01');
    expect(vietnamToday(Date.parse('2026-11-30T16:59:00Z'))).toBe('2026-11-30');
  });
  it('shows twelve months ending with the period’s, across a year', () => {
    expect(trendStart('2026-03-31')).toBe('2025-04-01');
    expect(trendMonths('2026-03-31')).toEqual(['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
  });
});

describe('by unit', () => {
  const org = (id: string, parentId: string | null) => ({ id, parentId, name: `Unit ${id}` }) as Organisation;
  const orgs = [org('city', null), org('ward', 'city'), org('office', 'ward'), org('other', 'city')];
  const group = (key: string, received: number, counters: Record<string, number>): KpiReport['groups'][number] =>
    ({ key, name: null, received, refusedAtIntake: 1, finished: (counters.finished_early ?? 0) + (counters.finished_on_time ?? 0) + (counters.finished_late ?? 0), counters }) as KpiReport['groups'][number];

  it('rolls each unit up to the child of the selected one, keeps the selected unit’s own row apart, and rates as the server', () => {
    const rows = unitRows(
      [
        group('ward', 3, { finished_on_time: 1, finished_late: 1, rated: 2, rated_satisfied: 1 }),
        group('office', 2, { finished_early: 1 }),
        group('city', 1, {}),
        group('other', 5, { finished_late: 3 }),
      ],
      orgs,
      'city',
    );
    expect(rows).toEqual([
      { id: 'other', name: 'Unit other', direct: false, received: 5, refusedAtIntake: 1, finished: 3, onTimeRate: 0, late: 3, satisfiedRate: null },
      { id: 'ward', name: 'Unit ward', direct: false, received: 5, refusedAtIntake: 2, finished: 3, onTimeRate: 0.6667, late: 1, satisfiedRate: 0.5 },
      { id: 'city', name: 'Unit city', direct: true, received: 1, refusedAtIntake: 1, finished: 0, onTimeRate: null, late: 0, satisfiedRate: null },
    ]);
  });
  it('leaves out units outside the selected subtree', () => {
    expect(unitRows([group('other', 5, {})], orgs, 'ward')).toEqual([]);
  });
});

describe('766 criterion names in the dashboard', () => {
  it('has an English name for every criterion the server computes, and the same Vietnamese one as the server', async () => {
    const { compute766 } = await import('../src/modules/measurement/domain/index766.ts');
    const messages = await import('../web/src/dashboard/messages.ts');
    const p = { inCompetence: 1, offeredOnline: 1, withAllParts: 1, publishedOnTime: 1, updatedNationallyInTime: 1, withOnlineDossier: 1, withFee: 1, withOnlinePayment: 1, feeDataSynced: 1, usingPopulationDb: 1 };
    const d = { received: 1, receivedOnline: 1, finishedEarly: 1, finishedOnTime: 0, finishedLate: 0, openWithinDeadline: 0, openOverdue: 0, completed: 1, withElectronicResult: 1, withDigitisedComponents: 1, syncedToNationalPortal: 1, reusingDigitisedData: 1, linkedToCitizenDataStore: 1, usingPopulationDb: 1, dissatisfied: 0, withFee: 1, paidOnline: 1 };
    const criteria = compute766({ procedures: p, dossiers: d, communes: { total: 1, offeringElectronicCopies: 1 }, feedback: { total: 1, handled: 1, handledOnTime: 1, disliked: 0, overdue: 0, repeated: 0 } });
    expect(criteria.length).toBeGreaterThan(20);
    for (const c of criteria) {
      const key = `dash.c766.${c.code}` as keyof typeof messages.vi;
      expect(messages.vi[key], c.code).toBe(c.label);
      expect(messages.en[key], c.code).toMatch(/^[A-Z][a-z]/);
    }
  });
});
