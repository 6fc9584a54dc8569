/**
 * Counters keyed by subject (issue 13, item 5): organisation, procedure, the dossier's channel and
 * field, day. Figures per channel and per field come from the counters, the rebuild still proves them
 * against the action logs, and counters written before migration 020 are re-filed from the logs.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';
import { diffCounters, recomputeCounters, refileLegacyCounters, storedCounters, monthlyCounters } from '../src/modules/measurement/stats.ts';

const PROCEDURE = '2.000720.H29';
const ORG = 'phuong-sai-gon';

/** A dossier received at the counter, imported with its history (the import keeps its channel). */
const counterDossier = (code: string) => ({
  code,
  procedureCode: PROCEDURE,
  receivingOrgId: ORG,
  channel: 'counter',
  applicant: { fullName: 'Phạm Thị Hoa', idNumber: '079185012345', address: '5 Nguyễn Huệ, Phường Sài Gòn', phone: '0909000111' },
  form: { businessName: 'Tạp hóa Hoa', businessAddress: '5 Nguyễn Huệ', businessLines: 'Bán lẻ', capitalVnd: 30000000 },
  actions: [
    { action: 'submit', at: '2026-11-20T08:30:00+07:00' },
    { action: 'accept', at: '2026-11-20T09:00:00+07:00' },
  ],
});

describe.each(BACKENDS)('counters keyed by subject (%s)', (backend) => {
  let t: TestApp;
  let field: string;
  beforeAll(async () => {
    t = await startTestApp(backend);
    field = (await t.handle.db.selectFrom('procedures').select('field_code').where('code', '=', PROCEDURE).executeTakeFirstOrThrow()).field_code;
    // Two online submissions today (23/11/2026), one accepted; one dossier received at the counter on 20/11.
    for (let i = 0; i < 2; i++) {
      const upload = await t.upload('citizen', PDF);
      const res = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(upload) });
      expect(res.status).toBe(201);
      if (i === 0) expect((await t.call('POST', `/api/dossiers/${res.body.code}/actions/accept`, { as: 'reception', body: {} })).status).toBe(200);
    }
    const imported = await t.call('POST', '/api/admin/import/dossiers', { as: 'admin', rawBody: JSON.stringify(counterDossier('OLD-2026-000001')), headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.body).toMatchObject({ imported: 1, errors: [] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const kpis = (groupBy: string) => t.call('GET', `/api/stats/kpis?org=${ORG}&from=2026-11-01&to=2026-11-30&groupBy=${groupBy}`, { as: 'manager' });

  it('a dossier keeps the field its procedure had when it was received', async () => {
    const rows = await t.handle.db.selectFrom('dossiers').select(['field_code', 'channel']).where('procedure_code', '=', PROCEDURE).execute();
    expect(rows.map((r) => r.field_code)).toEqual(rows.map(() => field));
    expect(rows.map((r) => r.channel).sort()).toEqual(['counter', 'online', 'online']);
  });

  it('figures per channel come from the counters', async () => {
    const res = await kpis('channel');
    expect(res.status).toBe(200);
    const byKey = Object.fromEntries(res.body.groups.map((g: { key: string; name: string; counters: Record<string, number> }) => [g.key, g]));
    expect(Object.keys(byKey).sort()).toEqual(['counter', 'online']);
    expect(byKey.online.counters).toMatchObject({ received: 2, received_online: 2, accepted: 1 });
    expect(byKey.counter.counters).toMatchObject({ received: 1, received_counter: 1, received_online: 0, accepted: 1 });
    expect(byKey.counter.name).toBe('Trực tiếp tại bộ phận một cửa');
    expect(res.body.total.counters).toMatchObject({ received: 3, accepted: 2 });
  });

  it('figures per field come from the counters, named', async () => {
    const res = await kpis('field');
    expect(res.status).toBe(200);
    expect(res.body.groups).toEqual([expect.objectContaining({ key: field, name: expect.any(String), counters: expect.objectContaining({ received: 3 }) })]);
  });

  it('the stored counters, daily and monthly, agree with the recomputation from the logs', async () => {
    expect(diffCounters(await storedCounters(t.handle.db), await recomputeCounters(t.handle.db))).toEqual([]);
    const monthly = await monthlyCounters(t.handle.db);
    expect(diffCounters(monthly.stored, monthly.fromDaily)).toEqual([]);
    expect([...(await storedCounters(t.handle.db)).keys()]).toContain(`${ORG}|${PROCEDURE}|counter|${field}|2026-11-20|received_counter`);
  });

  it('counters from before migration 020 (no channel, no field) are re-filed from the logs, once', async () => {
    // What 020 leaves of daily counters written before it: one row per organisation, procedure, day and metric.
    await sql`CREATE TEMP TABLE old_daily AS SELECT org_id, procedure_code, day, metric, sum(value) AS value FROM stats_daily GROUP BY 1, 2, 3, 4`.execute(t.handle.db);
    await sql`DELETE FROM stats_daily`.execute(t.handle.db);
    await sql`INSERT INTO stats_daily (org_id, procedure_code, channel, field_code, day, metric, value) SELECT org_id, procedure_code, '', '', day, metric, value FROM old_daily`.execute(t.handle.db);
    await sql`DROP TABLE old_daily`.execute(t.handle.db);
    expect(diffCounters(await storedCounters(t.handle.db), await recomputeCounters(t.handle.db))).not.toEqual([]);

    expect(await refileLegacyCounters(t.handle.db)).toBe(true);
    expect(diffCounters(await storedCounters(t.handle.db), await recomputeCounters(t.handle.db))).toEqual([]);
    const monthly = await monthlyCounters(t.handle.db);
    expect(diffCounters(monthly.stored, monthly.fromDaily)).toEqual([]);
    expect((await kpis('channel')).body.groups.map((g: { key: string }) => g.key).sort()).toEqual(['counter', 'online']);
    expect(await refileLegacyCounters(t.handle.db)).toBe(false);
  });
});
