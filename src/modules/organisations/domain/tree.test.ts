import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OrgTree, TREE_EPOCH, applyMove, dayBefore, moveProblems, stretchesOf, vietnamDayOf, type IsoDay, type Move, type ParentPeriod, type UnitDates } from './tree.ts';

const DAYS: IsoDay[] = ['2025-07-01', '2025-12-01', '2026-03-01', '2026-07-01', '2027-01-01'];
const open = (id: string): UnitDates => ({ id, effectiveFrom: null, effectiveTo: null });

/** A random tree: unit i (i ≥ 1) under a unit j < i since the epoch; unit 0 is the root. */
const arbTree = fc.integer({ min: 2, max: 12 }).chain((n) =>
  fc.tuple(
    fc.constant(n),
    fc.array(fc.nat(), { minLength: n - 1, maxLength: n - 1 }).map((picks) => picks.map((p, i) => ({ orgId: `u${i + 1}`, parentId: `u${p % (i + 1)}`, validFrom: TREE_EPOCH, validTo: null }) as ParentPeriod)),
  ),
);
const arbMoves = (n: number) =>
  fc.array(
    fc.record({ org: fc.integer({ min: 0, max: n - 1 }), parent: fc.integer({ min: 0, max: n - 1 }), day: fc.constantFrom(...DAYS) }).map((m): Move => ({ orgId: `u${m.org}`, parentId: `u${m.parent}`, effectiveFrom: m.day })),
    { maxLength: 15 },
  );

/** Apply every allowed move in turn; return the final periods and what was refused. */
function play(n: number, start: ParentPeriod[], moves: Move[]) {
  const units = Array.from({ length: n }, (_, i) => open(`u${i}`));
  let periods = start;
  const refused: Array<{ move: Move; tree: OrgTree }> = [];
  for (const move of moves) {
    const tree = new OrgTree(units, periods);
    if (moveProblems(tree, move).length === 0) periods = applyMove(periods, move);
    else refused.push({ move, tree });
  }
  return { tree: new OrgTree(units, periods), refused, units };
}

/** The subtree by definition: every unit whose chain of parents valid on the day reaches the root. */
function reachedThroughParents(periods: readonly ParentPeriod[], n: number, root: string, day: IsoDay): Set<string> {
  const parentOf = (id: string) => periods.find((p) => p.orgId === id && p.validFrom <= day && (p.validTo === null || day < p.validTo))?.parentId ?? null;
  const out = new Set<string>();
  for (let i = 0; i < n; i++) {
    const seen = new Set<string>();
    for (let u: string | null = `u${i}`; u !== null && !seen.has(u); u = parentOf(u)) {
      seen.add(u);
      if (u === root) {
        out.add(`u${i}`);
        break;
      }
    }
  }
  return out;
}

describe('organisation tree over time', () => {
  it('the subtree of a unit on a day is exactly the set reached through the parents valid that day', () => {
    fc.assert(
      fc.property(
        arbTree.chain(([n, periods]) => fc.tuple(fc.constant(n), fc.constant(periods), arbMoves(n), fc.integer({ min: 0, max: n - 1 }), fc.constantFrom('2020-01-01', ...DAYS, '2026-05-15'))),
        ([n, periods, moves, rootIndex, day]) => {
          const { tree } = play(n, periods, moves);
          const root = `u${rootIndex}`;
          expect(new Set(tree.subtreeOn(root, day))).toEqual(reachedThroughParents(tree.periods, n, root, day));
          for (let i = 0; i < n; i++) expect(tree.covers(root, `u${i}`, day)).toBe(reachedThroughParents(tree.periods, n, root, day).has(`u${i}`));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a period cut into stretches: every day of it lies in exactly one stretch, whose units are the subtree of that day', () => {
    // Days around the moves' dates, so that stretches start on them and in between.
    const ALL_DAYS: IsoDay[] = [];
    for (let t = Date.parse('2025-06-28T00:00:00Z'); t <= Date.parse('2027-01-03T00:00:00Z'); t += 86_400_000 * 3) ALL_DAYS.push(new Date(t).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        arbTree.chain(([n, periods]) =>
          fc.tuple(fc.constant(n), fc.constant(periods), arbMoves(n), fc.integer({ min: 0, max: n - 1 }), fc.constantFrom(...ALL_DAYS), fc.integer({ min: 0, max: 600 })),
        ),
        ([n, periods, moves, rootIndex, from, length]) => {
          const { tree } = play(n, periods, moves);
          const root = `u${rootIndex}`;
          const to = new Date(Date.parse(`${from}T00:00:00Z`) + length * 86_400_000).toISOString().slice(0, 10);
          const stretches = stretchesOf(tree, from, to, (day) => tree.subtreeOn(root, day));
          expect(stretches[0]!.from).toBe(from);
          expect(stretches.at(-1)!.to).toBe(to);
          for (let i = 1; i < stretches.length; i++) {
            expect(dayBefore(stretches[i]!.from)).toBe(stretches[i - 1]!.to);
            // Joined when equal: two neighbours never have the same units.
            expect(new Set(stretches[i]!.ids)).not.toEqual(new Set(stretches[i - 1]!.ids));
          }
          for (const day of [from, to, ...DAYS.filter((d) => d >= from && d <= to), ...ALL_DAYS.filter((d) => d >= from && d <= to)]) {
            const holding = stretches.filter((s) => s.from <= day && day <= s.to);
            expect(holding).toHaveLength(1);
            expect(new Set(holding[0]!.ids)).toEqual(reachedThroughParents(tree.periods, n, root, day));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a unit is never its own ancestor on any day: a move that would make a cycle is refused', () => {
    fc.assert(
      fc.property(
        arbTree.chain(([n, periods]) => fc.tuple(fc.constant(n), fc.constant(periods), arbMoves(n))),
        ([n, periods, moves]) => {
          const { tree, refused } = play(n, periods, moves);
          for (const day of [TREE_EPOCH, ...DAYS]) {
            for (let i = 0; i < n; i++) {
              // ancestorsOn stops at a repeat; a cycle would show as the unit among its own ancestors.
              expect(tree.ancestorsOn(`u${i}`, day)).not.toContain(`u${i}`);
              expect(tree.ancestorsOn(`u${i}`, day).at(-1) ?? 'u0').toBe('u0');
            }
          }
          // Every refusal for a cycle is right: applying it anyway would put a unit under itself on some day.
          for (const { move, tree: before } of refused) {
            if (!moveProblems(before, move).some((p) => p.reason === 'cycle')) continue;
            const forced = new OrgTree(Array.from({ length: n }, (_, i) => open(`u${i}`)), applyMove(before.periods, move));
            const looped = [move.effectiveFrom, ...DAYS].some((d) => d >= move.effectiveFrom && reachedThroughParents(forced.periods, n, move.orgId, d).has(move.parentId));
            expect(looped).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('periods of a unit never overlap after any sequence of moves', () => {
    fc.assert(
      fc.property(
        arbTree.chain(([n, periods]) => fc.tuple(fc.constant(n), fc.constant(periods), arbMoves(n))),
        ([n, periods, moves]) => {
          const { tree } = play(n, periods, moves);
          for (let i = 0; i < n; i++) {
            const own = tree.periodsOfUnit(`u${i}`);
            for (let k = 1; k < own.length; k++) expect(own[k - 1]!.validTo).toBe(own[k]!.validFrom);
            if (own.length > 0) expect(own.at(-1)!.validTo).toBeNull();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads days as Vietnam calendar days (UTC+7): a move on 1 December applies from 00:00 there', () => {
    expect(vietnamDayOf(new Date('2026-11-30T16:59:59Z'))).toBe('2026-11-30');
    expect(vietnamDayOf(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
    expect(vietnamDayOf(new Date('2026-12-01T00:00:00+07:00'))).toBe('2026-12-01');
    expect(vietnamDayOf(new Date('2025-12-31T23:30:00+07:00'))).toBe('2025-12-31');
  });

  describe('a move', () => {
    const units = ['city', 'a', 'b', 'a1'].map(open);
    const periods: ParentPeriod[] = [
      { orgId: 'a', parentId: 'city', validFrom: TREE_EPOCH, validTo: null },
      { orgId: 'b', parentId: 'city', validFrom: TREE_EPOCH, validTo: null },
      { orgId: 'a1', parentId: 'a', validFrom: TREE_EPOCH, validTo: null },
    ];
    const tree = new OrgTree(units, periods);

    it('takes effect from its day: before it the old parent, from it the new one', () => {
      const after = new OrgTree(units, applyMove(periods, { orgId: 'a1', parentId: 'b', effectiveFrom: '2026-03-01' }));
      expect(after.parentOn('a1', '2026-02-28')).toBe('a');
      expect(after.parentOn('a1', '2026-03-01')).toBe('b');
      expect(after.subtreeOn('a', '2026-02-28')).toEqual(['a', 'a1']);
      expect(after.subtreeOn('a', '2026-03-01')).toEqual(['a']);
      expect(after.subtreeOn('b', '2026-03-01')).toEqual(['b', 'a1']);
      expect(after.subtreeOn('city', '2026-03-01').sort()).toEqual(['a', 'a1', 'b', 'city']);
    });

    it('is refused under itself or its own unit, under an unknown or closed parent, for the root, a closed unit, or before its period', () => {
      const reasons = (m: Move, t = tree) => moveProblems(t, m).map((p) => `${p.field}:${p.reason}`);
      expect(reasons({ orgId: 'a', parentId: 'a1', effectiveFrom: '2026-03-01' })).toEqual(['parentId:cycle']);
      expect(reasons({ orgId: 'a', parentId: 'a', effectiveFrom: '2026-03-01' })).toEqual(['parentId:cycle']);
      expect(reasons({ orgId: 'a1', parentId: 'nowhere', effectiveFrom: '2026-03-01' })).toEqual(['parentId:unknown-parent']);
      expect(reasons({ orgId: 'a1', parentId: 'a', effectiveFrom: '2026-03-01' })).toEqual(['parentId:same-parent']);
      expect(reasons({ orgId: 'city', parentId: 'a', effectiveFrom: '2026-03-01' })).toContain('id:root');
      const closed = new OrgTree([...units.filter((u) => u.id !== 'b'), { id: 'b', effectiveFrom: null, effectiveTo: '2026-01-01' }], periods);
      expect(reasons({ orgId: 'a1', parentId: 'b', effectiveFrom: '2026-03-01' }, closed)).toEqual(['parentId:parent-closed']);
      expect(reasons({ orgId: 'b', parentId: 'a', effectiveFrom: '2026-03-01' }, closed)).toEqual(['id:unit-closed']);
      const moved = new OrgTree(units, applyMove(periods, { orgId: 'a1', parentId: 'b', effectiveFrom: '2026-03-01' }));
      expect(reasons({ orgId: 'a1', parentId: 'a', effectiveFrom: '2026-02-01' }, moved)).toEqual(['effectiveFrom:before-current-period']);
    });

    it('refuses a cycle that would appear only on a later day, through a move already planned', () => {
      // b goes under a1 from 2026-06-01; moving a under b from 2026-03-01 would loop from June on.
      const planned = applyMove(periods, { orgId: 'b', parentId: 'a1', effectiveFrom: '2026-06-01' });
      const t = new OrgTree(units, planned);
      expect(moveProblems(t, { orgId: 'a', parentId: 'b', effectiveFrom: '2026-03-01' }).map((p) => p.reason)).toEqual(['cycle']);
    });

    it('on the day the current period began replaces that period rather than keeping one of no days', () => {
      const once = applyMove(periods, { orgId: 'a1', parentId: 'b', effectiveFrom: '2026-03-01' });
      const twice = applyMove(once, { orgId: 'a1', parentId: 'city', effectiveFrom: '2026-03-01' });
      expect(twice.filter((p) => p.orgId === 'a1')).toEqual([
        { orgId: 'a1', parentId: 'a', validFrom: TREE_EPOCH, validTo: '2026-03-01' },
        { orgId: 'a1', parentId: 'city', validFrom: '2026-03-01', validTo: null },
      ]);
    });
  });
});
