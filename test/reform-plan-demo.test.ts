/**
 * The seeded plan (src/demo/demo-plan.ts) on the demo city with a small demo year: the 2025 plan shows
 * every target of the city's plan (shared domain notes §5) with a live value from the dossiers, or a value
 * reported by hand (e-payment from the payments module since issue 17). The demo year ends with the
 * 2025 PAR Index of every demo unit published (src/demo/demo-par.ts): the ranking is complete, bands follow
 * the thresholds, and the plan's `par.good_share` is the share computed from those results.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers.ts';
import { demoYearPlan, seedDemoHistory } from '../src/demo/history-seed.ts';
import { DEMO_PLAN_TARGETS } from '../src/demo/demo-plan.ts';
import { demoParUnits, seedDemoPar } from '../src/demo/demo-par.ts';

describe('the seeded reform plan of the demo city', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', {}, '2025-12-22T10:00:00+07:00');
    const r = await seedDemoHistory(t.ctx, demoYearPlan(t.ctx, 400));
    expect(r.errors).toEqual([]);
  }, 300_000);
  afterAll(() => t?.close());

  it('2025: every target with a live value or one reported by hand', async () => {
    const res = await t.call('GET', '/api/plans/2025', { as: 'manager' });
    expect(res.status).toBe(200);
    const targets = res.body.targets as Array<{ measure: string; source: string; value: number | null; light: string; reason: { vi: string } | null; rows: unknown[]; name: { vi: string } }>;
    expect(targets.map((x) => x.name.vi)).toEqual(DEMO_PLAN_TARGETS.map((d) => d.vi));
    for (const x of targets) {
      expect(['live', 'manual'], x.measure).toContain(x.source);
      expect(x.value, x.measure).not.toBeNull();
      expect(x.light, x.measure).not.toBe('none');
    }
    const by = (m: string) => targets.find((x) => x.measure === m)!;
    // Wired to the PAR Index (src/par-plan-wiring.ts): live from the published 2025 results (checked below).
    expect(by('par.good_share')).toMatchObject({ source: 'live', denominator: demoParUnits().length, reason: null });
    expect(by('par.rank')).toMatchObject({ source: 'manual', value: 6, light: 'amber' });
    expect(by('dossiers.on_time_share').rows.length).toBeGreaterThan(3);
    // The inspections seeded for 2025: 6 of the 12 departments and 15 wards and communes.
    expect(res.body.inspected).toEqual({ numerator: 6, denominator: 27, value: 0.2222, unitGroup: 'all' });
    expect(by('inspections.share')).toMatchObject({ value: 0.2222, light: 'red' });
    expect(res.body.tasks.length).toBe(15);
    expect(res.body.tasks[0].status).toBe('late');
  });

  it('2025 PAR Index: every demo unit published and ranked within its group, bands by the thresholds; the plan target matches', async () => {
    type Unit = { orgId: string; total: number; rank: number; band: string };
    const all: Unit[] = [];
    for (const [group, kind] of [['department', 'department'], ['ward', 'commune']] as const) {
      const res = await t.call('GET', `/api/par/2025/results?group=${group}`);
      expect(res.status).toBe(200);
      const units = res.body.units as Unit[];
      expect(units.map((u) => u.orgId).sort()).toEqual(demoParUnits().filter((o) => o.kind === kind).map((o) => o.id).sort());
      const b = res.body.bands as { excellent: number; good: number; fair: number; average: number };
      for (const u of units) {
        // Competition ranking by hand: one more than the units with a higher total.
        expect(u.rank, u.orgId).toBe(1 + units.filter((x) => x.total > u.total).length);
        const band = u.total >= b.excellent ? 'excellent' : u.total >= b.good ? 'good' : u.total >= b.fair ? 'fair' : u.total >= b.average ? 'average' : 'weak';
        expect(u.band, `${u.orgId} ${u.total}`).toBe(band);
      }
      // The scores vary: not one total for all.
      expect(new Set(units.map((u) => u.total)).size).toBeGreaterThan(units.length / 2);
      all.push(...units);
    }
    const good = all.filter((u) => u.band === 'excellent' || u.band === 'good').length;
    const plan = await t.call('GET', '/api/plans/2025', { as: 'manager' });
    const target = plan.body.targets.find((x: { measure: string }) => x.measure === 'par.good_share');
    expect(target).toMatchObject({ source: 'live', numerator: good, denominator: all.length, value: Math.round((good / all.length) * 10_000) / 10_000 });
    // Run again (a restart resumes the demo year): nothing changes.
    expect(await seedDemoPar(t.ctx, demoYearPlan(t.ctx, 400).seed)).toBe(all.length);
    const again = (await t.call('GET', '/api/par/2025/results?group=ward')).body.units as Unit[];
    expect(again.map((u) => [u.orgId, u.total])).toEqual(all.filter((u) => again.some((x) => x.orgId === u.orgId)).map((u) => [u.orgId, u.total]));
  });

  it('2026 is the 2025 plan again, with the late share lowered one point', async () => {
    const res = await t.call('GET', '/api/plans/2026', { as: 'manager' });
    expect(res.status).toBe(200);
    const late = res.body.targets.find((x: { measure: string }) => x.measure === 'dossiers.late_share');
    expect(late.threshold).toBe(0.03);
    expect(res.body.targets).toHaveLength(DEMO_PLAN_TARGETS.length);
  });
});
