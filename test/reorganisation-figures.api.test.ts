/**
 * Figures per the tree of each date (issue 18): two wards under the city are merged, in the middle of
 * November, into a new ward placed under another unit. The city's figures do not change; the new parent's
 * November counts only what its new ward did from the merge's day (the closed wards' earlier work was
 * under the city, not under it); the new ward's own figures take in its predecessors' work; and the 766
 * index and the KPIs agree on it. Before issue 18's fix the new parent took the closed wards' whole history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';
import { diffCounters, recomputeCounters, storedCounters } from '../src/modules/measurement/stats.ts';

const BTN = 'phuong-ben-thanh';
const TD = 'phuong-tan-dinh';
const GROUP = 'cum-phuong-thu';
const NEW = 'phuong-ben-thanh-moi';
const NOVEMBER = ['2026-11-01', '2026-11-30'] as const;

describe.each(BACKENDS)('figures per the tree of each date across a merge (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend, {}, '2026-11-16T08:00:00+07:00');
    // The unit the new ward will sit under, and one dossier received at each ward before the merge.
    const group = await t.call('PUT', `/api/organisations/${GROUP}`, { as: 'admin', body: { parentId: 'h29', name: 'Cụm phường thử nghiệm', kind: 'unit' } });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    await receiveAt(BTN);
    await receiveAt(TD);
    t.clock.set('2026-11-23T08:00:00+07:00');
  });
  afterAll(async () => {
    await t?.close();
  });

  async function receiveAt(org: string): Promise<string> {
    const upload = await t.upload('citizen', PDF);
    const d = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(upload, { receivingOrgId: org }) });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    return d.body.code;
  }
  const counters = async (org: string) => {
    const r = await t.call('GET', `/api/stats/kpis?org=${org}&from=${NOVEMBER[0]}&to=${NOVEMBER[1]}`, { as: 'admin' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.total.counters as Record<string, number>;
  };
  const received766 = async (org: string) => {
    const r = await t.call('GET', `/api/stats/index766?org=${org}&period=2026-11`, { as: 'admin' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return (r.body.criteria as Array<{ code: string; denominator: number | null }>).find((c) => c.code === '4.2')!.denominator;
  };

  it('keeps the city’s figures, gives the new parent only what was done under it, and the new ward its predecessors’ work', async () => {
    const city = await counters('h29');
    const btn = await counters(BTN);
    const td = await counters(TD);
    expect(btn.received).toBe(1);
    expect(td.received).toBe(1);

    const r = await t.call('POST', '/api/admin/reorganisations?dryRun=false', {
      as: 'admin',
      body: { kind: 'merge', units: [BTN, TD], into: { newUnit: { id: NEW, name: 'Ủy ban nhân dân Phường Bến Thành (mới)', shortName: 'UBND P. Bến Thành (mới)', agencyEid: '000.30.98.H29', parentId: GROUP } }, effectiveFrom: '2026-11-23' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);

    expect(await counters('h29')).toEqual(city);
    expect(await counters(BTN)).toEqual(btn);
    // On 16 November the two wards were under the city, not under the group: none of it is the group's.
    expect((await counters(GROUP)).received).toBe(0);
    expect(await received766(GROUP)).toBe(0);
    // The new ward's own figures: its predecessors' work is its now.
    expect((await counters(NEW)).received).toBe(2);
    expect(await received766(NEW)).toBe(2);

    // What the new ward receives from the merge's day counts under the group, the new ward and the city.
    await receiveAt(NEW);
    expect((await counters(GROUP)).received).toBe(1);
    expect(await received766(GROUP)).toBe(1);
    expect((await counters(NEW)).received).toBe(3);
    expect((await counters('h29')).received).toBe(city.received! + 1);
    expect(await received766('h29')).toBe(city.received! + 1);
    expect(diffCounters(await storedCounters(t.handle.db), await recomputeCounters(t.handle.db))).toEqual([]);
  });
});
