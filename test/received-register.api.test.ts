/**
 * Issue 14, "figures a manager can act on": dossiers refused at intake are not "received" — the KPIs count
 * them apart, with their reasons — and the dashboard's "received" for a unit and a month is exactly the rows
 * of the desk's register (Form 07, read back with pdftotext) for the same unit and month. One rule decides
 * (src/modules/dossiers/received.ts): submitted on one of the period's days, less the refusals at intake.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'motcua-register-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The dossier codes printed in a register PDF, in order (pdftotext; a code may wrap inside its cell). */
async function registerCodes(pdf: Buffer): Promise<string[]> {
  const file = join(dir, `r-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const text = (await exec('pdftotext', ['-layout', file, '-'])).stdout;
  return text.replace(/\s/g, '').match(/000\.20\.01\.H29-\d{6}-\d{4}/g) ?? [];
}

describe.each(BACKENDS)('received: the dashboard equals the register, refusals at intake apart (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const act = async (as: string, code: string, action: string, body: unknown = {}) => {
    const r = await t.call('POST', `/api/dossiers/${code}/actions/${action}`, { as, body });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  const submitAt = async (iso: string) => {
    t.clock.set(iso);
    const u = await t.upload('citizen', PDF);
    const r = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.code as string;
  };

  it('counts November the same way in the KPIs and in Form 07', async () => {
    // Received in October, accepted in November: October's.
    const october = await submitAt('2026-10-30T15:00:00+07:00');
    t.clock.set('2026-11-02T08:30:00+07:00');
    await act('reception', october, 'accept');
    // Received and accepted in November.
    const a = await submitAt('2026-11-03T09:00:00+07:00');
    await act('reception', a, 'accept');
    // Three refusals at intake of November dossiers, one of them refused only in December.
    const r1 = await submitAt('2026-11-10T09:00:00+07:00');
    await act('reception', r1, 'reject', { reason: 'Không thuộc thẩm quyền giải quyết' });
    const r2 = await submitAt('2026-11-12T09:00:00+07:00');
    await act('reception', r2, 'reject', { reason: 'Giấy tờ không hợp lệ' });
    const e = await submitAt('2026-11-13T10:00:00+07:00'); // still waiting for the desk: received, not yet accepted
    const r3 = await submitAt('2026-11-27T16:00:00+07:00');
    // Received on a Saturday late in November, accepted in December: November's.
    const b = await submitAt('2026-11-28T10:00:00+07:00');
    t.clock.set('2026-12-01T08:30:00+07:00');
    await act('reception', b, 'accept');
    await act('reception', r3, 'reject', { reason: 'Không thuộc thẩm quyền giải quyết' });
    // Received in December.
    const december = await submitAt('2026-12-01T09:00:00+07:00');

    const k = await t.call('GET', '/api/stats/kpis?org=phuong-sai-gon&from=2026-11-01&to=2026-11-30', { as: 'leader' });
    expect(k.status).toBe(200);
    expect(k.body.total).toMatchObject({ received: 3, refusedAtIntake: 3 });
    expect(k.body.total.counters.received).toBe(6); // every submission of November, refusals included
    expect(k.body.total.refusalReasons).toEqual([
      { reason: 'Không thuộc thẩm quyền giải quyết', count: 2 },
      { reason: 'Giấy tờ không hợp lệ', count: 1 },
    ]);

    const register = await t.call('GET', '/api/organisations/phuong-sai-gon/register?from=2026-11-01&to=2026-11-30', { as: 'leader' });
    expect(register.status).toBe(200);
    const rows = await registerCodes(register.raw);
    expect(rows.length).toBe(k.body.total.received);
    expect(new Set(rows)).toEqual(new Set([a, e, b]));
    expect(rows).not.toContain(october);
    expect(rows).not.toContain(december);
    for (const refused of [r1, r2, r3]) expect(rows).not.toContain(refused);

    // The 766 progress criterion is about the same dossiers: its denominator is the dashboard's "received",
    // the refusal decided in December included (it is November's dossier).
    const index = await t.call('GET', '/api/stats/index766?org=phuong-sai-gon&period=2026-11', { as: 'leader' });
    expect(index.body.criteria.find((c: { code: string }) => c.code === '2.1').denominator).toBe(k.body.total.received);

    // The same for every month, and grouped by month or by day.
    const byMonth = await t.call('GET', '/api/stats/kpis?org=phuong-sai-gon&from=2026-10-01&to=2026-12-31&groupBy=month', { as: 'leader' });
    const months = Object.fromEntries(byMonth.body.groups.map((g: { key: string; received: number; refusedAtIntake: number }) => [g.key, [g.received, g.refusedAtIntake]]));
    expect(months).toEqual({ '2026-10': [1, 0], '2026-11': [3, 3], '2026-12': [1, 0] });
    for (const [month, from, to] of [['2026-10', '2026-10-01', '2026-10-31'], ['2026-12', '2026-12-01', '2026-12-31']] as const) {
      const pdf = await t.call('GET', `/api/organisations/phuong-sai-gon/register?from=${from}&to=${to}`, { as: 'leader' });
      expect((await registerCodes(pdf.raw)).length, month).toBe(months[month]![0]);
    }
    const byDay = await t.call('GET', '/api/stats/kpis?org=phuong-sai-gon&from=2026-11-01&to=2026-11-30&groupBy=day', { as: 'leader' });
    const days = Object.fromEntries(byDay.body.groups.map((g: { key: string; received: number; refusedAtIntake: number }) => [g.key, [g.received, g.refusedAtIntake]]));
    expect(days['2026-11-28']).toEqual([1, 0]);
    expect(days['2026-11-27']).toEqual([0, 1]);
    // The city's figures include the ward's.
    const city = await t.call('GET', '/api/stats/kpis?org=h29&from=2026-11-01&to=2026-11-30', { as: 'manager' });
    expect(city.body.total).toMatchObject({ received: 3, refusedAtIntake: 3 });

    // The public transparency figures and the open data say the same (they counted the refusals as received).
    const pub = await t.call('GET', '/api/public/stats?period=2026-11');
    expect(pub.status).toBe(200);
    expect(pub.body.items.find((i: { orgId: string }) => i.orgId === 'phuong-sai-gon')).toMatchObject({ received: 3, refusedAtIntake: 3 });
    const csv = await t.call('GET', '/open-data/kpis/2026-11.csv');
    const lines = csv.raw.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    const header = lines[0]!.split(',');
    const ward = lines.find((l) => l.includes(',phuong-sai-gon,'))!.split(',');
    expect([ward[header.indexOf('tiep_nhan')], ward[header.indexOf('tu_choi_tiep_nhan')]]).toEqual(['3', '3']);
  });
});
