/**
 * The seeded plan (src/demo/demo-plan.ts) on the demo city with a small demo year: the 2025 plan shows
 * every target of the city's plan (shared domain notes §5) with a live value from the dossiers, or a value
 * reported by hand (e-payment from the payments module since issue 17).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers.ts';
import { demoYearPlan, seedDemoHistory } from '../src/demo/history-seed.ts';
import { DEMO_PLAN_TARGETS } from '../src/demo/demo-plan.ts';

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
    expect(by('par.good_share')).toMatchObject({ source: 'manual', value: 0.87, reason: { vi: expect.stringContaining('Chưa kết nối') } });
    expect(by('par.rank')).toMatchObject({ source: 'manual', value: 6, light: 'amber' });
    expect(by('dossiers.on_time_share').rows.length).toBeGreaterThan(3);
    // The inspections seeded for 2025: 6 of the 12 departments and 15 wards and communes.
    expect(res.body.inspected).toEqual({ numerator: 6, denominator: 27, value: 0.2222, unitGroup: 'all' });
    expect(by('inspections.share')).toMatchObject({ value: 0.2222, light: 'red' });
    expect(res.body.tasks.length).toBe(15);
    expect(res.body.tasks[0].status).toBe('late');
  });

  it('2026 is the 2025 plan again, with the late share lowered one point', async () => {
    const res = await t.call('GET', '/api/plans/2026', { as: 'manager' });
    expect(res.status).toBe(200);
    const late = res.body.targets.find((x: { measure: string }) => x.measure === 'dossiers.late_share');
    expect(late.threshold).toBe(0.03);
    expect(res.body.targets).toHaveLength(DEMO_PLAN_TARGETS.length);
  });
});
