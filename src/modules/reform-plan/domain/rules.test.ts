import { describe, expect, it } from 'vitest';
import { DEFAULT_LIGHT_RULES, gapOf, inspectedShareOf, lightOf, meets, orderTasks, reportPeriod, taskStatus, worstLight } from './rules.ts';

describe('targets: met, gap and traffic light', () => {
  it('compares in all four directions, a strict comparison missed at the threshold itself', () => {
    expect(meets(0.98, '>=', 0.98)).toBe(true);
    expect(meets(0.6, '>', 0.6)).toBe(false);
    expect(meets(0.039, '<', 0.04)).toBe(true);
    expect(meets(0.04, '<', 0.04)).toBe(false);
    expect(meets(5, '<=', 5)).toBe(true);
    expect(gapOf(0.6, '>', 0.6)).toBe(0);
  });

  it('green when met, amber within 2 points of the threshold, red beyond, none without a value', () => {
    expect(lightOf(0.985, '>=', 0.98, 'share')).toBe('green');
    expect(lightOf(0.965, '>=', 0.98, 'share')).toBe('amber'); // 1.5 points short
    expect(lightOf(0.96, '>=', 0.98, 'share')).toBe('amber'); // exactly 2 points short
    expect(lightOf(0.955, '>=', 0.98, 'share')).toBe('red');
    expect(lightOf(0.05, '<', 0.04, 'share')).toBe('amber');
    expect(lightOf(0.07, '<', 0.04, 'share')).toBe('red');
    expect(lightOf(78.5, '>=', 80, 'points')).toBe('amber');
    expect(lightOf(6, '<=', 5, 'rank')).toBe('amber');
    expect(lightOf(9, '<=', 5, 'rank')).toBe('red');
    expect(lightOf(null, '>=', 0.98, 'share')).toBe('none');
    expect(gapOf(0.955, '>=', 0.98)).toBe(0.025);
  });

  it('takes the rules as data: a plan with a 5-point amber band', () => {
    const wide = { amberWithin: { ...DEFAULT_LIGHT_RULES.amberWithin, share: 0.05 } };
    expect(lightOf(0.94, '>=', 0.98, 'share', wide)).toBe('amber');
    expect(lightOf(0.94, '>=', 0.98, 'share')).toBe('red');
  });

  it('a target split by field takes its worst measured field', () => {
    expect(worstLight(['green', 'amber', 'none'])).toBe('amber');
    expect(worstLight(['green', 'red', 'amber'])).toBe('red');
    expect(worstLight(['none', 'none'])).toBe('none');
  });
});

describe('tasks', () => {
  const today = '2025-07-01';
  it('status from the latest progress and the deadline', () => {
    expect(taskStatus({ deadline: '2025-06-30', percent: 100 }, today)).toBe('done');
    expect(taskStatus({ deadline: '2025-06-30', percent: 60 }, today)).toBe('late');
    expect(taskStatus({ deadline: '2025-06-30', percent: null }, today)).toBe('late');
    expect(taskStatus({ deadline: '2025-07-01', percent: 10 }, today)).toBe('in_progress'); // due today: not late yet
    expect(taskStatus({ deadline: '2025-09-30', percent: 0 }, today)).toBe('not_started');
  });

  it('late tasks first (longest overdue first), then open ones by deadline, done last', () => {
    const t = (id: string, status: 'late' | 'done' | 'in_progress' | 'not_started', deadline: string, position = 0) => ({ id, status, deadline, position });
    const ordered = orderTasks([t('a', 'done', '2025-01-31'), t('b', 'in_progress', '2025-12-31'), t('c', 'late', '2025-06-30'), t('d', 'not_started', '2025-08-31'), t('e', 'late', '2025-03-31')]);
    expect(ordered.map((x) => x.id)).toEqual(['e', 'c', 'b', 'd', 'a']);
  });
});

describe('inspections and report periods', () => {
  it('share of units inspected: distinct units in scope over units in scope', () => {
    expect(inspectedShareOf(['a', 'a', 'b', 'x'], ['a', 'b', 'c', 'd', 'e'])).toEqual({ numerator: 2, denominator: 5, value: 0.4 });
    expect(inspectedShareOf([], [])).toEqual({ numerator: 0, denominator: 0, value: null });
  });

  it('quarters, halves and the year of the plan; another year or a bad code is refused', () => {
    expect(reportPeriod(2025, '2025-Q2')).toMatchObject({ kind: 'quarter', from: '2025-04-01', to: '2025-06-30', labelVi: 'Quý II năm 2025' });
    expect(reportPeriod(2024, '2024-Q1')?.to).toBe('2024-03-31');
    expect(reportPeriod(2025, '2025-H2')).toMatchObject({ kind: 'half', from: '2025-07-01', to: '2025-12-31' });
    expect(reportPeriod(2025, '2025')).toMatchObject({ kind: 'year', from: '2025-01-01', to: '2025-12-31' });
    expect(reportPeriod(2025, '2026-Q1')).toBeNull();
    expect(reportPeriod(2025, '2025-Q5')).toBeNull();
  });
});
