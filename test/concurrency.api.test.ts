import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';

describe.each(BACKENDS)('concurrency (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives concurrent submissions unique, gap-free daily codes', async () => {
    t.clock.set('2026-12-07T09:00:00+07:00');
    const n = 25;
    const uploads = await Promise.all(Array.from({ length: n }, () => t.upload('citizen', PDF)));
    const results = await Promise.all(uploads.map((u) => t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) })));
    expect(results.map((r) => r.status)).toEqual(Array(n).fill(201));
    const seqs = results.map((r) => Number(r.body.code.split('-').pop())).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(results.every((r) => r.body.code.startsWith('000.20.01.H29-261207-'))).toBe(true);
  });

  it('the sequence restarts the next day, per agency', async () => {
    t.clock.set('2026-12-08T09:00:00+07:00');
    const u = await t.upload('citizen', PDF);
    const r = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) });
    expect(r.body.code).toBe('000.20.01.H29-261208-0001');
  });

  it('concurrent retries with one Idempotency-Key create one dossier', async () => {
    const u = await t.upload('citizen', PDF);
    const body = householdBusinessRequest(u);
    const before = await t.count('dossiers');
    const results = await Promise.all(Array.from({ length: 6 }, () => t.call('POST', '/api/dossiers', { as: 'citizen', body, headers: { 'idempotency-key': 'retry-after-timeout' } })));
    expect(new Set(results.map((r) => r.body.code)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await t.count('dossiers')).toBe(before + 1);
  });

  it('concurrent actions on one dossier serialise: exactly one accept wins', async () => {
    const u = await t.upload('citizen', PDF);
    const d = (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) })).body;
    const results = await Promise.all(['reception', 'leader', 'reception', 'leader'].map((as) => t.call('POST', `/api/dossiers/${d.code}/actions/accept`, { as, body: {} })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(3);
    const seen = await t.call('GET', `/api/dossiers/${d.code}`, { as: 'citizen' });
    expect(seen.body.history.map((h: { seq: number }) => h.seq)).toEqual([1, 2]);
  });
});
