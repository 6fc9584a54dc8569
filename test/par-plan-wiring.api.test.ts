/**
 * The PAR Index and the reform plan joined in the composition root (src/par-plan-wiring.ts, issue 16):
 * - the plan's `par.good_share` is the share of units rated good or better among the PUBLISHED results of
 *   the plan's year in its scope: "no data" (said so) before any is published, then the share computed by
 *   hand from a fixture of published totals; an appraised but unpublished unit does not count;
 * - the PAR leaf 1.3.1 (`inspected_share`) equals reform-plan's inspectedShare for the unit and year.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestApp, type TestApp } from './helpers.ts';
import { inspectedShare } from '../src/modules/reform-plan/inspections.ts';

interface Node { code: string; max: number; leaf: boolean; method: string | null; frozen: { ratio: number | null; points: number | null; figures: Array<{ value: unknown }> } | null; selfScore: number | null }

/** Every leaf at full points, then points taken away leaf by leaf until the total is `total`. */
function scoresFor(nodes: Node[], total: number) {
  let deficit = Math.round((100 - total) * 100) / 100;
  return nodes.filter((n) => n.leaf).map((n) => {
    const cut = Math.min(n.max, deficit);
    deficit = Math.round((deficit - cut) * 100) / 100;
    return { code: n.code, score: Math.round((n.max - cut) * 100) / 100 };
  });
}

describe.each(BACKENDS)('the PAR Index and the reform plan, wired (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend, {}, '2025-12-22T10:00:00+07:00');
    const hash = (await t.handle.db.selectFrom('users').select('password_hash').where('username', '=', 'manager').executeTakeFirstOrThrow()).password_hash;
    for (const org of ['phuong-ben-thanh', 'phuong-tan-dinh', 'xa-cu-chi', 'so-y-te', 'so-tu-phap']) {
      await t.handle.db.insertInto('users').values({ id: `u-${org}-${backend}`, username: `${org}.leader`, password_hash: hash, full_name: `Lãnh đạo ${org}`, role: 'leader', org_id: org } as never).execute();
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const goodShare = async () => {
    const res = await t.call('GET', '/api/plans/2025', { as: 'manager' });
    expect(res.status).toBe(200);
    return res.body.targets.find((x: { measure: string }) => x.measure === 'par.good_share');
  };

  /** Opens, freezes, self-scores, submits and appraises a unit's 2025 assessment at `total`; publishes it unless told not to. */
  const runThrough = async (org: string, total: number, publish = true) => {
    const leader = `${org}.leader`;
    const o = await t.call('POST', '/api/par/assessments', { as: leader, body: { year: 2025, orgId: org } });
    expect(o.status, JSON.stringify(o.body)).toBe(201);
    const id = o.body.id as string;
    const frozen = await t.call('POST', `/api/par/assessments/${id}/freeze`, { as: leader, body: {} });
    expect(frozen.status, JSON.stringify(frozen.body)).toBe(200);
    const manual = (o.body.nodes as Node[]).filter((n) => n.leaf && n.method === 'manual');
    expect((await t.call('PUT', `/api/par/assessments/${id}/self`, { as: leader, body: { leaves: manual.map((n) => ({ code: n.code, score: 0 })) } })).status).toBe(200);
    expect((await t.call('POST', `/api/par/assessments/${id}/submit`, { as: leader })).status).toBe(200);
    expect((await t.call('PUT', `/api/par/assessments/${id}/appraisal`, { as: 'manager', body: { leaves: scoresFor(o.body.nodes, total) } })).status).toBe(200);
    expect((await t.call('POST', `/api/par/assessments/${id}/appraised`, { as: 'manager' })).status).toBe(200);
    if (publish) expect((await t.call('POST', `/api/par/assessments/${id}/publish`, { as: 'admin' })).status).toBe(200);
    return frozen.body.nodes as Node[];
  };

  it('the PAR leaf "unit inspected" equals reform-plan’s inspectedShare for the unit and year', async () => {
    // The demo plan's 2025 inspections include Sở Y tế (20 May) and Xã Củ Chi (5 August), not Sở Tư pháp.
    const nodes = await runThrough('so-y-te', 92);
    const leaf = nodes.find((n) => n.code === '1.3.1')!;
    expect(leaf).toMatchObject({ method: 'computed' });
    const expected = await inspectedShare(t.ctx, { orgId: 'so-y-te', year: 2025, to: '2025-12-22' });
    expect(expected.value).toBe(1);
    expect(leaf.frozen!.ratio).toBe(expected.value);
    expect(leaf.selfScore).toBe(leaf.max);
    expect(leaf.frozen!.figures.map((f) => f.value)).toEqual([expected.numerator, expected.denominator]);

    const notInspected = (await runThrough('so-tu-phap', 75)).find((n) => n.code === '1.3.1')!;
    expect((await inspectedShare(t.ctx, { orgId: 'so-tu-phap', year: 2025 })).value).toBe(0);
    expect(notInspected.frozen!.ratio).toBe(0);
    expect(notInspected.selfScore).toBe(0);
    // The measure is listed with the others.
    const measures = await t.call('GET', '/api/par/measures', { as: 'manager' });
    expect(measures.body.items.map((m: { name: string }) => m.name)).toContain('inspected_share');
  });

  it('par.good_share: "no data" before any result of the year is published, then the share of published units rated good or better', async () => {
    // Only 2026 results (none) — and the 2025 ones of the test above are published; start from a clean year by checking 2026's plan first.
    const plan2026 = await t.call('GET', '/api/plans/2026', { as: 'manager' });
    const none = plan2026.body.targets.find((x: { measure: string }) => x.measure === 'par.good_share');
    expect(none).toMatchObject({ source: 'live', value: null, light: 'none', reason: { vi: expect.stringContaining('Chưa có dữ liệu') } });

    // 2025: Sở Y tế 92 (excellent) and Sở Tư pháp 75 (fair) from above; three wards more, one not published.
    await runThrough('phuong-ben-thanh', 85); // good
    await runThrough('phuong-tan-dinh', 60); // average
    await runThrough('xa-cu-chi', 95, false); // appraised, not published: does not count
    const results = [
      ...(await t.call('GET', '/api/par/2025/results?group=department')).body.units,
      ...(await t.call('GET', '/api/par/2025/results?group=ward')).body.units,
    ].map((u: { orgId: string; band: string }) => [u.orgId, u.band]);
    expect(results.sort()).toEqual([['phuong-ben-thanh', 'good'], ['phuong-tan-dinh', 'average'], ['so-tu-phap', 'fair'], ['so-y-te', 'excellent']]);
    // By hand: 2 of 4 published units good or better (Sở Y tế, Phường Bến Thành).
    const target = await goodShare();
    expect(target).toMatchObject({ source: 'live', value: 0.5, numerator: 2, denominator: 4, met: false, light: 'red', reason: null });
    expect(target.figures.map((f: { value: unknown }) => f.value)).toEqual([2, 4, '4/27']);
    // Any report period of the year shows the year's published results (the index is yearly).
    const q2 = await t.call('GET', '/api/plans/2025?period=2025-Q2', { as: 'manager' });
    expect(q2.body.targets.find((x: { measure: string }) => x.measure === 'par.good_share').value).toBe(0.5);
  });
});
