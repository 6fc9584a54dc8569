/**
 * Scores, totals, bands and ranks of the PAR Index (docs/par-index.md). Pure: no clock, no I/O.
 */
import { areaOf, BANDS, type Band, type BandThresholds, type CriterionRow } from './criteria.ts';

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Points of a computed or survey leaf from its ratio (0..1): max × ratio, or, with a target,
 * min(max, max × ratio / target) — the 766 index's way of giving full points at the target. null: no data.
 */
export function pointsFor(leaf: Pick<CriterionRow, 'max' | 'target'>, ratio: number | null): number | null {
  if (ratio === null || !Number.isFinite(ratio)) return null;
  const r = Math.max(0, Math.min(1, ratio));
  return round2(leaf.target ? Math.min(leaf.max, (leaf.max * r) / leaf.target) : leaf.max * r);
}

/** The band of a total: the first whose threshold the total reaches. */
export function bandOf(total: number, t: BandThresholds): Band {
  if (total >= t.excellent) return 'excellent';
  if (total >= t.good) return 'good';
  if (total >= t.fair) return 'fair';
  if (total >= t.average) return 'average';
  return 'weak';
}
export const goodOrBetter = (b: Band) => BANDS.indexOf(b) <= BANDS.indexOf('good');

/** Total and per-area sums of leaf scores (a leaf without a score counts 0). */
export function totals(rows: readonly CriterionRow[], scoreOf: (code: string) => number | null): { total: number; areas: Array<{ code: string; name: string; max: number; score: number }> } {
  const areas = rows.filter((r) => !r.code.includes('.')).map((a) => ({ code: a.code, name: a.name, max: a.max, score: 0 }));
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const parents = new Set(rows.map((r) => r.code.slice(0, Math.max(0, r.code.lastIndexOf('.')))).filter(Boolean));
  for (const r of rows) {
    if (parents.has(r.code)) continue;
    const area = byCode.get(areaOf(r.code));
    if (area) area.score = round2(area.score + (scoreOf(r.code) ?? 0));
  }
  return { total: round2(areas.reduce((s, a) => s + a.score, 0)), areas };
}

/** Competition ranking ("1224"): equal totals share a rank, the next rank skips. Input order is kept. */
export function competitionRanks(totalsIn: readonly number[]): number[] {
  return totalsIn.map((t) => 1 + totalsIn.filter((o) => round2(o) > round2(t)).length);
}

/** Share of units rated good or better, and whether it meets the target (the city's ≥ 90 %). */
export function shareGoodOrBetter(bands: readonly Band[], target = 0.9): { share: number | null; count: number; of: number; met: boolean | null } {
  if (!bands.length) return { share: null, count: 0, of: 0, met: null };
  const count = bands.filter(goodOrBetter).length;
  const share = Math.round((count / bands.length) * 10_000) / 10_000;
  return { share, count, of: bands.length, met: share >= target };
}
