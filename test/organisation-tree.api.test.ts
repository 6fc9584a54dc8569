/**
 * An organisation tree that can change (issue 13, item 6): moving a unit under another parent from a
 * day on. Its own figures stay the same; its parents' figures follow the tree of each date (issue 18): what
 * it did before the move stays in the old parent's figures, what it does from the move's day counts under
 * the new one; officers of the old parent lose it while those of the new parent gain it — from the move's
 * day, not before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';

const BTN = 'phuong-ben-thanh';
const SG = 'phuong-sai-gon';
const FROM = '2026-11-01';
const TO = '2026-12-31';

describe.each(BACKENDS)('moving a unit in the organisation tree (%s)', (backend) => {
  let t: TestApp;
  let code: string;
  beforeAll(async () => {
    t = await startTestApp(backend, {}, '2026-11-20T08:00:00+07:00');
    // A dossier received and accepted at Phường Bến Thành on 20 November, before any move.
    code = await receiveAtBenThanh();
    expect((await t.call('POST', `/api/dossiers/${code}/actions/accept`, { as: 'btn.reception', body: {} })).status).toBe(200);
    t.clock.set('2026-11-23T08:00:00+07:00');
  });
  async function receiveAtBenThanh(): Promise<string> {
    const upload = await t.upload('citizen', PDF);
    const d = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(upload, { receivingOrgId: BTN }) });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    return d.body.code;
  }
  afterAll(async () => {
    await t?.close();
  });

  const move = (id: string, parentId: string, effectiveFrom: string, as = 'admin') => t.call('POST', `/api/admin/organisations/${id}/move`, { as, body: { parentId, effectiveFrom } });
  const counters = async (org: string) => {
    const r = await t.call('GET', `/api/stats/kpis?org=${org}&from=${FROM}&to=${TO}`, { as: 'manager' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.total.counters as Record<string, number>;
  };
  const parentOf = async (id: string) => ((await t.call('GET', '/api/organisations')).body.items as Array<{ id: string; parentId: string | null }>).find((o) => o.id === id)!.parentId;
  const fieldPaths = (body: { errors?: Array<{ path: string }> }) => (body.errors ?? []).map((e) => e.path);

  it('is refused with field paths: a cycle, an unknown parent, a closed unit, the root', async () => {
    expect((await t.call('PUT', '/api/organisations/sg-to-thu', { as: 'admin', body: { parentId: SG, name: 'Tổ công tác thử nghiệm', kind: 'unit' } })).status).toBe(201);
    const cycle = await move(SG, 'sg-to-thu', '2026-11-23');
    expect(cycle.status).toBe(422);
    expect(cycle.headers['content-type']).toContain('application/problem+json');
    expect(fieldPaths(cycle.body)).toEqual(['parentId']);
    expect(fieldPaths((await move(SG, SG, '2026-11-23')).body)).toEqual(['parentId']);
    const unknown = await move('sg-to-thu', 'khong-co', '2026-11-23');
    expect(unknown.status).toBe(422);
    expect(fieldPaths(unknown.body)).toEqual(['parentId']);
    const root = await move('h29', SG, '2026-11-23');
    expect(root.status).toBe(422);
    expect(fieldPaths(root.body)).toContain('params.id');
    // A unit closed (dissolved or merged into another) is not moved.
    await t.handle.db.updateTable('organisations').set({ effective_to: '2026-11-24' }).where('id', '=', 'sg-to-thu').execute();
    t.ctx.orgs.invalidate();
    const closed = await move('sg-to-thu', BTN, '2026-11-23');
    expect(closed.status).toBe(422);
    expect(fieldPaths(closed.body)).toEqual(['params.id']);
    const bad = await move(BTN, SG, '2026-02-30');
    expect(bad.status).toBe(400); // not a date: the request schema's refusal
    expect(await parentOf(BTN)).toBe('h29');
  });

  it('is for city-level administrators only', async () => {
    const ward = await move(BTN, SG, '2026-11-23', 'leader');
    expect(ward.status).toBe(403);
    expect(await parentOf(BTN)).toBe('h29');
  });

  it('keeps the unit’s own figures and the old days’ figures of both parents, counts what it does from the move’s day under the new parent, and hands its officers’ scope over', async () => {
    const btnBefore = await counters(BTN);
    const sgBefore = await counters(SG);
    const cityBefore = await counters('h29');
    expect(btnBefore.received).toBeGreaterThanOrEqual(1);
    // Before: Sài Gòn's officers do not cover Bến Thành (a dossier out of scope is not shown: 404).
    expect((await t.call('GET', `/api/dossiers/${code}`, { as: 'reception' })).status).toBe(404);
    expect((await t.call('GET', `/api/stats/kpis?org=${BTN}&from=${FROM}&to=${TO}`, { as: 'leader' })).status).toBe(403);

    const r = await move(BTN, SG, '2026-11-23');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: BTN, previousParentId: 'h29', parentId: SG, effectiveFrom: '2026-11-23' });
    expect(await parentOf(BTN)).toBe(SG);

    expect(await counters(BTN)).toEqual(btnBefore);
    // Per the tree of each date: on 20 November Bến Thành was under the city, not under Sài Gòn.
    expect(await counters(SG)).toEqual(sgBefore);
    expect(await counters('h29')).toEqual(cityBefore);
    // A dossier it receives from the move's day on counts under Sài Gòn too (and the city, as before).
    await receiveAtBenThanh();
    expect((await counters(BTN)).received).toBe(btnBefore.received! + 1);
    expect((await counters(SG)).received).toBe(sgBefore.received! + 1);
    expect((await counters('h29')).received).toBe(cityBefore.received! + 1);
    // Sài Gòn's officers now cover it; Bến Thành's own still do.
    expect((await t.call('GET', `/api/dossiers/${code}`, { as: 'reception' })).status).toBe(200);
    expect((await t.call('GET', `/api/stats/kpis?org=${BTN}&from=${FROM}&to=${TO}`, { as: 'leader' })).status).toBe(200);
    expect(((await t.call('GET', `/api/dossiers?org=${SG}`, { as: 'leader' })).body.items as Array<{ code: string }>).map((d) => d.code)).toContain(code);
    expect((await t.call('GET', `/api/dossiers/${code}`, { as: 'btn.reception' })).status).toBe(200);

    const audit = await t.call('GET', `/api/admin/audit?action=organisation.move&subject=${BTN}`, { as: 'admin' });
    expect(audit.body.items.map((e: { action: string; details: unknown }) => [e.action, e.details])).toEqual([
      ['organisation.move', { fromParentId: 'h29', toParentId: SG, effectiveFrom: '2026-11-23' }],
    ]);
  });

  it('refuses a date before the unit came under its current parent', async () => {
    const early = await move(BTN, 'h29', '2026-11-22');
    expect(early.status).toBe(422);
    expect(fieldPaths(early.body)).toEqual(['effectiveFrom']);
    expect(fieldPaths((await move(BTN, SG, '2026-11-24')).body)).toEqual(['parentId']); // already there
  });

  it('takes effect on its day: the old parent’s officers keep the unit until then and lose it from then', async () => {
    t.clock.set('2026-11-24T09:00:00+07:00');
    const btn = await counters(BTN);
    const sgWith = await counters(SG);
    const r = await move(BTN, 'h29', '2026-12-01');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // Planned, not yet in force.
    expect((await t.call('GET', `/api/dossiers/${code}`, { as: 'reception' })).status).toBe(200);
    expect(await counters(SG)).toEqual(sgWith);

    t.clock.set('2026-12-01T08:00:00+07:00');
    expect(await parentOf(BTN)).toBe('h29');
    expect((await t.call('GET', `/api/dossiers/${code}`, { as: 'reception' })).status).toBe(404);
    expect((await t.call('GET', `/api/stats/kpis?org=${BTN}&from=${FROM}&to=${TO}`, { as: 'leader' })).status).toBe(403);
    expect(((await t.call('GET', `/api/dossiers?org=${SG}`, { as: 'leader' })).body.items as Array<{ code: string }>).map((d) => d.code)).not.toContain(code);
    expect(await counters(BTN)).toEqual(btn);
    // The days Bến Thành was under Sài Gòn keep their figures there; from 1 December it counts under the city only.
    expect(await counters(SG)).toEqual(sgWith);
    await receiveAtBenThanh();
    expect((await counters(SG)).received).toBe(sgWith.received);
    expect((await counters(BTN)).received).toBe(btn.received! + 1);
    expect((await t.call('GET', `/api/dossiers/${code}`, { as: 'btn.reception' })).status).toBe(200);
  });

  it('the database refuses overlapping parent periods of one unit', async () => {
    await expect(
      t.handle.db.insertInto('organisation_parents').values({ org_id: BTN, parent_id: SG, valid_from: '2026-11-25', valid_to: '2026-11-27' }).execute(),
    ).rejects.toThrow(/overlap/);
  });
});
