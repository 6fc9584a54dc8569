import { describe, expect, it } from 'vitest';
import { validateSet, leafCodes, type CriterionRow } from './criteria.ts';
import { REFERENCE_SETS } from './reference-sets.ts';
import { bandOf, competitionRanks, pointsFor, shareGoodOrBetter, totals } from './scoring.ts';
import { decideResubmit, decideReturn } from './workflow.ts';

const row = (code: string, max: number, method: CriterionRow['method'] = null, measure: string | null = null): CriterionRow => ({ code, name: `Tiêu chí ${code}`, nameEn: null, max, method, measure, target: null, note: null });
const known = (m: string) => ['on_time_share', 'index766'].includes(m.split(':')[0]!);

describe('PAR criteria sets', () => {
  it('ships reference sets that pass their own checks and sum to 100', () => {
    expect(REFERENCE_SETS.map((s) => s.id)).toEqual(['2025-department', '2025-ward', '2026-department', '2026-ward']);
    for (const s of REFERENCE_SETS) {
      expect(validateSet(s.rows, () => true)).toEqual([]);
      expect(s.rows.filter((r) => !r.code.includes('.')).length).toBe(8);
    }
  });

  it('reports each problem by spreadsheet row and column', () => {
    const rows = [row('1', 60), row('1.1', 30, 'manual'), row('1.2', 20, 'computed', 'no_such'), row('2', 40), row('2.1', 40), row('3.1', 5, 'manual'), row('1.1', 1, 'manual'), row('x', 1)];
    const issues = validateSet(rows, known).map((i) => `${i.row}${i.column}`);
    // 1 = 30 + 20 ≠ 60 (row 2); 1.2's measure unknown (row 4); 2.1 leaf without method (row 6);
    // 3.1 without parent (row 7); 1.1 repeated (row 8); "x" not a code (row 9).
    expect(issues.sort()).toEqual(['2C', '4E', '6D', '7A', '8A', '9A'].sort());
  });

  it('checks that the areas sum to 100 once the tree is sound', () => {
    expect(validateSet([row('1', 50), row('1.1', 50, 'manual')], known).map((i) => i.message.en)).toEqual(['The areas add up to 50, not 100']);
    expect(validateSet([row('1', 100), row('1.1', 100, 'computed', 'on_time_share:dat-dai')], known)).toEqual([]);
  });
});

describe('PAR scoring', () => {
  it('turns a ratio into points, with a target giving full points early', () => {
    expect(pointsFor({ max: 8, target: null }, 0.975)).toBe(7.8);
    expect(pointsFor({ max: 3, target: 0.5 }, 0.25)).toBe(1.5);
    expect(pointsFor({ max: 3, target: 0.5 }, 0.8)).toBe(3);
    expect(pointsFor({ max: 3, target: null }, null)).toBeNull();
  });

  it('sums leaves into areas and a total', () => {
    const rows = [row('1', 60), row('1.1', 30, 'manual'), row('1.2', 30), row('1.2.1', 30, 'manual'), row('2', 40), row('2.1', 40, 'manual')];
    expect([...leafCodes(rows)]).toEqual(['1.1', '1.2.1', '2.1']);
    const t = totals(rows, (c) => ({ '1.1': 25.5, '1.2.1': 10, '2.1': null })[c] ?? null);
    expect(t).toEqual({ total: 35.5, areas: [{ code: '1', name: 'Tiêu chí 1', max: 60, score: 35.5 }, { code: '2', name: 'Tiêu chí 2', max: 40, score: 0 }] });
  });

  it('ranks by competition ranking and bands by thresholds (hand-computed)', () => {
    expect(competitionRanks([85, 92, 60, 85, 92.001])).toEqual([3, 1, 5, 3, 1]);
    const t = { excellent: 90, good: 80, fair: 70, average: 50 };
    expect([95, 90, 89.99, 80, 70, 69.5, 50, 49.99].map((x) => bandOf(x, t))).toEqual(['excellent', 'excellent', 'good', 'good', 'fair', 'average', 'average', 'weak']);
    expect(shareGoodOrBetter(['excellent', 'good', 'good', 'average'])).toEqual({ share: 0.75, count: 3, of: 4, met: false });
    expect(shareGoodOrBetter(['excellent', 'good', 'good', 'good', 'good', 'good', 'good', 'good', 'good', 'fair'])).toMatchObject({ share: 0.9, met: true });
  });
});

describe('PAR workflow rules', () => {
  it('returns a leaf once, refuses a second return, and resubmits only a returned leaf', () => {
    const first = decideReturn({ returns: 0, state: 'open' });
    expect(first).toEqual({ returns: 1, state: 'returned' });
    expect(decideResubmit(first)).toEqual({ state: 'resubmitted' });
    expect(() => decideReturn({ returns: 1, state: 'resubmitted' })).toThrow(/once/);
    expect(() => decideResubmit({ state: 'resubmitted' })).toThrow(/not returned/);
  });
});
