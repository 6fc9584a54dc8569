/**
 * Issue 12, item 2 — administrators acting outside their unit. Each test replays, through the API, an
 * attack the outside review made as the administrator of one ward (Phường Sài Gòn), and asserts the
 * safe answer; each succeeded before the scope rules of docs/api.md ("Who may change what").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from '../helpers.ts';
import { DEMO_PASSWORD } from '../../src/store/seed/seed.ts';

const WARD_ADMIN = 'sg.quantri';
const SG_EID = '000.20.01.H29'; // Phường Sài Gòn
const BTN_EID = '000.20.02.H29'; // Phường Bến Thành

describe.each(BACKENDS)('administrators stay inside their unit (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
    const created = await t.call('POST', '/api/users', { as: 'admin', body: { username: WARD_ADMIN, fullName: 'Quản trị Phường Sài Gòn', role: 'admin', orgId: 'phuong-sai-gon', password: DEMO_PASSWORD } });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  const submitAt = async (receivingOrgId: string) => {
    const upload = await t.upload('citizen', PDF);
    return t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(upload, { receivingOrgId }) });
  };
  const importLines = (as: string, ...lines: unknown[]) =>
    t.call('POST', '/api/admin/import/dossiers', { as, rawBody: lines.map((l) => JSON.stringify(l)).join('\n'), headers: { 'content-type': 'application/x-ndjson' } });
  const importedDossier = (code: string, receivingOrgId: string, at = '2026-11-23T07:45:00+07:00') => ({
    code,
    procedureCode: '2.000720.H29',
    receivingOrgId,
    channel: 'counter',
    applicant: { fullName: 'Phạm Thị Hoa', idNumber: '079185012345', address: '5 Nguyễn Huệ, Phường Sài Gòn', phone: '0909000111' },
    form: { businessName: 'Tạp hóa Hoa', businessAddress: '5 Nguyễn Huệ', businessLines: 'Bán lẻ', capitalVnd: 30000000 },
    actions: [{ action: 'submit', at }],
  });

  const schedule = { daysOff: [{ date: '2027-01-01', name: 'Tết Dương lịch' }], workingDays: [], note: 'Phường tự đặt' };

  it('a ward administrator cannot replace the national holiday list', async () => {
    const before = (await t.call('GET', '/api/calendar/2027')).body;
    const r = await t.call('PUT', '/api/calendar/2027', { as: WARD_ADMIN, body: schedule });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('city-level-only');
    expect((await t.call('GET', '/api/calendar/2027')).body).toEqual(before);
  });

  it("a ward administrator cannot replace another ward's calendar, but may set its own", async () => {
    const before = (await t.call('GET', '/api/calendar/2027?org=phuong-ben-thanh')).body;
    const other = await t.call('PUT', '/api/calendar/2027', { as: WARD_ADMIN, body: { ...schedule, org: 'phuong-ben-thanh' } });
    expect(other.status).toBe(403);
    expect((await t.call('GET', '/api/calendar/2027?org=phuong-ben-thanh')).body).toEqual(before);
    const own = await t.call('PUT', '/api/calendar/2027', { as: WARD_ADMIN, body: { ...schedule, org: 'phuong-sai-gon' } });
    expect(own.status).toBe(200);
    // The ward's entry is its own: the national list and the other ward keep theirs.
    expect((await t.call('GET', '/api/calendar/2027?org=phuong-ben-thanh')).body).toEqual(before);
  });

  it("a ward administrator cannot set another unit's working hours", async () => {
    const week = ['', '07:00-11:00', '07:00-11:00', '07:00-11:00', '07:00-11:00', '07:00-11:00', ''];
    expect((await t.call('PUT', '/api/organisations/phuong-ben-thanh/calendar', { as: WARD_ADMIN, body: { weeklyHours: week, cutoff: null } })).status).toBe(403);
    expect((await t.call('PUT', '/api/organisations/phuong-sai-gon/calendar', { as: WARD_ADMIN, body: { weeklyHours: null, cutoff: '16:00' } })).status).toBe(200);
  });

  it('a ward administrator cannot rename a shared procedure, change its fee or drop it from the other wards', async () => {
    const before = (await t.call('GET', '/api/procedures/2.000720.H29')).body;
    expect(before.receivingOrgs.length).toBeGreaterThan(1);
    const { code: _code, field, duration, process, receivingOrgs: _r, isDemo: _d, ...rest } = before;
    const hijack = {
      ...rest,
      name: 'Thủ tục đã bị đổi tên bởi một phường',
      fieldCode: field.code,
      feeVnd: 9_999_000,
      duration: { value: duration.value, unit: duration.unit },
      process: process.map((s: { name: string; role: string; durationHours: number; org: { id: string } | null }) => ({ name: s.name, role: s.role, durationHours: s.durationHours, orgId: s.org?.id ?? null })),
      receivedAt: ['phuong-sai-gon'],
    };
    const r = await t.call('PUT', '/api/procedures/2.000720.H29', { as: WARD_ADMIN, body: hijack });
    expect(r.status).toBe(403);
    expect((await t.call('GET', '/api/procedures/2.000720.H29')).body).toEqual(before);
    // The same body from the city is a legitimate edit.
    expect((await t.call('PUT', '/api/procedures/2.000720.H29', { as: 'admin', body: { ...hijack, name: before.name, feeVnd: before.feeVnd, receivedAt: before.receivingOrgs.map((o: { id: string }) => o.id) } })).status).toBe(200);
  });

  it('a ward administrator cannot publish a new procedure code for the city', async () => {
    const created = await t.call('PUT', '/api/procedures/1.999777.H29', { as: WARD_ADMIN, body: localProcedure(['phuong-sai-gon']) });
    expect(created.status).toBe(403);
    expect((await t.call('GET', '/api/procedures/1.999777.H29')).status).toBe(404);
  });

  it("a ward administrator changes only the local parts of a procedure offered in its subtree alone", async () => {
    expect((await t.call('PUT', '/api/procedures/1.999778.H29', { as: 'admin', body: localProcedure(['phuong-sai-gon']) })).status).toBe(200);
    const local = { ...localProcedure(['phuong-sai-gon']), process: [{ name: 'Tiếp nhận', orgId: null, role: 'reception', durationHours: 2 }, { name: 'Giải quyết', orgId: null, role: 'leader', durationHours: 6 }], description: 'Hướng dẫn của phường' };
    const ok = await t.call('PUT', '/api/procedures/1.999778.H29', { as: WARD_ADMIN, body: local });
    expect(ok.status).toBe(200);
    expect(ok.body.process).toHaveLength(2);
    const fee = await t.call('PUT', '/api/procedures/1.999778.H29', { as: WARD_ADMIN, body: { ...local, feeVnd: 50_000, name: 'Tên mới do phường đặt' } });
    expect(fee.status).toBe(403);
    expect(fee.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['feeVnd', 'name']);
    const elsewhere = await t.call('PUT', '/api/procedures/1.999778.H29', { as: WARD_ADMIN, body: { ...local, receivedAt: ['phuong-sai-gon', 'phuong-ben-thanh'] } });
    expect(elsewhere.status).toBe(403);
    const stepOutside = await t.call('PUT', '/api/procedures/1.999778.H29', { as: WARD_ADMIN, body: { ...local, process: [local.process[0], { ...local.process[1], orgId: 'so-tu-phap' }] } });
    expect(stepOutside.status).toBe(403);
    expect(stepOutside.body.errors[0].path).toBe('process.1.orgId');
    expect((await t.call('GET', '/api/procedures/1.999778.H29')).body).toMatchObject({ feeVnd: 0, receivingOrgs: [{ id: 'phuong-sai-gon' }], process: [{ org: null }, { org: null }] });
  });

  it('a ward administrator cannot create or edit organisations outside its subtree', async () => {
    const unit = { parentId: 'phuong-ben-thanh', name: 'Bộ phận Một cửa giả mạo', kind: 'unit' };
    expect((await t.call('PUT', '/api/organisations/btn-gia-mao', { as: WARD_ADMIN, body: unit })).status).toBe(403);
    const btn = await t.call('PUT', '/api/organisations/phuong-ben-thanh', { as: WARD_ADMIN, body: { parentId: 'h29', name: 'Phường đã bị đổi tên', kind: 'commune', agencyEid: BTN_EID } });
    expect(btn.status).toBe(403);
    expect((await t.call('PUT', '/api/organisations/so-gia-mao', { as: WARD_ADMIN, body: { parentId: 'h29', name: 'Sở giả mạo', kind: 'department' } })).status).toBe(403);
    const orgs = (await t.call('GET', '/api/organisations')).body;
    const all = JSON.stringify(orgs);
    expect(all).not.toContain('giả mạo');
    expect(all).not.toContain('đã bị đổi tên');
    // Inside its subtree it may.
    expect((await t.call('PUT', '/api/organisations/sg-mot-cua', { as: WARD_ADMIN, body: { parentId: 'phuong-sai-gon', name: 'Bộ phận Một cửa Phường Sài Gòn', kind: 'unit' } })).status).toBe(201);
  });

  it('a ward administrator cannot create, move or promote officers outside its subtree', async () => {
    const outside = await t.call('POST', '/api/users', { as: WARD_ADMIN, body: { username: 'btn.nguoi-la', fullName: 'Người Lạ', role: 'admin', orgId: 'phuong-ben-thanh', password: DEMO_PASSWORD } });
    expect(outside.status).toBe(403);
    const cityAdmin = await t.call('POST', '/api/users', { as: WARD_ADMIN, body: { username: 'tp.nguoi-la', fullName: 'Người Lạ', role: 'admin', orgId: 'h29', password: DEMO_PASSWORD } });
    expect(cityAdmin.status).toBe(403);
    const mine = await t.call('POST', '/api/users', { as: WARD_ADMIN, body: { username: 'sg.tiepnhan9', fullName: 'Lê Văn Chín', role: 'reception', orgId: 'phuong-sai-gon', password: DEMO_PASSWORD } });
    expect(mine.status).toBe(201);
    expect((await t.call('PUT', `/api/users/${mine.body.id}`, { as: WARD_ADMIN, body: { orgId: 'phuong-ben-thanh' } })).status).toBe(403);
    expect((await t.call('PUT', `/api/users/${mine.body.id}`, { as: WARD_ADMIN, body: { orgId: 'h29', role: 'admin' } })).status).toBe(403);
    const btnReception = (await t.call('GET', '/api/users?org=phuong-ben-thanh', { as: 'admin' })).body.items.find((u: { username: string }) => u.username === 'btn.reception');
    expect((await t.call('PUT', `/api/users/${btnReception.id}`, { as: WARD_ADMIN, body: { role: 'admin' } })).status).toBe(403);
    expect((await t.call('GET', '/api/users?org=phuong-ben-thanh', { as: WARD_ADMIN })).status).toBe(403);
    const after = (await t.call('GET', '/api/users?org=phuong-ben-thanh', { as: 'admin' })).body.items;
    expect(after.find((u: { username: string }) => u.username === 'btn.reception').role).toBe('reception');
    expect(after.map((u: { username: string }) => u.username)).not.toContain('sg.tiepnhan9');
  });

  it("an imported dossier never takes a ward's next code: online submissions keep working (201, not 500)", async () => {
    t.clock.set('2026-11-23T08:00:00+07:00');
    const next = `${SG_EID}-261123-0001`;
    const imported = await importLines('admin', importedDossier(next, 'phuong-sai-gon'));
    expect(imported.status).toBe(200);
    expect(imported.body.errors).toEqual([]);
    const online = await submitAt('phuong-sai-gon');
    expect(online.status).toBe(201);
    expect(online.body.code).not.toBe(next);
    expect(online.body.code).toMatch(new RegExp(`^${SG_EID.replaceAll('.', '\\.')}-261123-\\d{4}$`));
    expect((await submitAt('phuong-sai-gon')).status).toBe(201);
  });

  it("a ward administrator cannot import into another ward, nor under another ward's code", async () => {
    t.clock.set('2026-11-24T08:00:00+07:00');
    const intoOther = await importLines(WARD_ADMIN, importedDossier('OLD-BTN-0001', 'phuong-ben-thanh', '2026-11-24T07:45:00+07:00'));
    expect(intoOther.body).toMatchObject({ imported: 0 });
    const btnNext = `${BTN_EID}-261124-0001`;
    const stolen = await importLines(WARD_ADMIN, importedDossier(btnNext, 'phuong-sai-gon', '2026-11-24T07:45:00+07:00'));
    expect(stolen.body).toMatchObject({ imported: 0 });
    expect(stolen.body.errors[0].message).toMatch(/code/);
    const online = await submitAt('phuong-ben-thanh');
    expect(online.status).toBe(201);
    expect(online.body.code).toBe(btnNext);
  });

  it("a code in the system's format must be of the receiving unit and of the day of submission", async () => {
    const wrongDay = await importLines('admin', importedDossier(`${SG_EID}-261120-0007`, 'phuong-sai-gon', '2026-11-23T07:45:00+07:00'));
    expect(wrongDay.body).toMatchObject({ imported: 0 });
    expect(wrongDay.body.errors[0].message).toMatch(/code/);
  });

  it("an old system's code is kept as a reference beside a code of the receiving unit's own sequence", async () => {
    t.clock.set('2026-11-25T08:00:00+07:00');
    const r = await importLines('admin', importedDossier('HS-CU-2026-000042', 'phuong-sai-gon', '2026-11-25T07:30:00+07:00'));
    expect(r.body).toMatchObject({ imported: 1, errors: [] });
    const found = await t.call('GET', '/api/dossiers/HS-CU-2026-000042', { as: 'admin' });
    expect(found.status).toBe(200);
    expect(found.body.code).toBe(`${SG_EID}-261125-0001`);
    expect(found.body.legacyCode).toBe('HS-CU-2026-000042');
    const online = await submitAt('phuong-sai-gon');
    expect(online.body.code).toBe(`${SG_EID}-261125-0002`);
    // Importing the same line again is still idempotent.
    expect((await importLines('admin', importedDossier('HS-CU-2026-000042', 'phuong-sai-gon', '2026-11-25T07:30:00+07:00'))).body).toMatchObject({ imported: 0, skipped: 1 });
  });

  it('a code taken before these rules (a live collision already in the data) is skipped by the daily sequence', async () => {
    t.clock.set('2026-11-26T08:00:00+07:00');
    // As an import before this fix left it: the ward's next code, the sequence not moved.
    const imported = await importLines('admin', importedDossier('HS-CU-2026-000043', 'phuong-sai-gon', '2026-11-26T07:30:00+07:00'));
    expect(imported.body.imported).toBe(1);
    const taken = `${SG_EID}-261126-0002`;
    await t.handle.db.updateTable('dossiers').set({ code: taken }).where('legacy_code' as never, '=', 'HS-CU-2026-000043' as never).execute();
    await t.handle.db.updateTable('dossier_code_sequences').set({ last_value: 1 }).where('agency_eid', '=', SG_EID).where('day', '=', '2026-11-26' as never).execute();
    const online = await submitAt('phuong-sai-gon');
    expect(online.status).toBe(201);
    expect(online.body.code).toBe(`${SG_EID}-261126-0003`);
  });
});

function localProcedure(receivedAt: string[]) {
  return {
    name: 'Xác nhận thử nghiệm của phường',
    fieldCode: 'van-hoa',
    level: 'commune',
    onlineLevel: 'full',
    feeVnd: 0,
    feeNote: 'Không thu phí',
    duration: { value: 1, unit: 'working_days' },
    legalBasis: 'Quy định thử nghiệm',
    applicantTypes: ['individual'],
    components: [{ code: 'don', name: 'Đơn đề nghị', originals: 1, copies: 0, required: true }],
    formFields: [],
    process: [{ name: 'Tiếp nhận và giải quyết', orgId: null, role: 'reception', durationHours: 8 }],
    receivedAt,
  };
}
