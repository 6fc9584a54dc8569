import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';
import { ACTIONS } from '../src/modules/dossiers/domain/types.ts';

describe.each(BACKENDS)('catalogue, queue filters, calendar administration, OpenAPI (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend, { codePattern: '{agency}/{yyyyMMdd}/{seq:5}' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const act = (as: string, code: string, action: string, body: unknown = {}) => t.call('POST', `/api/dossiers/${encodeURIComponent(code)}/actions/${action}`, { as, body });
  const submit = async (overrides: Record<string, unknown> = {}) => {
    const u = await t.upload('citizen', PDF);
    const r = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u, overrides) });
    expect(r.status).toBe(201);
    return r.body;
  };

  it('finds procedures without diacritics, closest match first', async () => {
    const r = await t.call('GET', '/api/procedures?q=dang%20ky%20ho%20kinh%20doanh');
    expect(r.status).toBe(200);
    expect(r.body.items[0].name).toBe('Đăng ký thành lập hộ kinh doanh');
    expect((await t.call('GET', '/api/procedures?q=GIAY%20PHEP%20BAN%20LE%20RUOU')).body.items[0].code).toBe('2.000620.H29');
    const all = await t.call('GET', '/api/procedures?limit=200');
    // Punctuation folds away: "%" is an empty query, never a LIKE wildcard.
    expect((await t.call('GET', '/api/procedures?q=%25%25&limit=200')).body.total).toBe(all.body.total);
    expect((await t.call('GET', '/api/procedures?q=xyzxyz')).body.total).toBe(0);
    expect(all.body.total).toBeGreaterThanOrEqual(25);
    const province = await t.call('GET', '/api/procedures?level=province&onlineLevel=full');
    expect(province.body.items.every((p: { level: string; onlineLevel: string }) => p.level === 'province' && p.onlineLevel === 'full')).toBe(true);
    expect((await t.call('GET', '/api/procedures?org=so-tu-phap')).body.items.map((p: { code: string }) => p.code)).toEqual(['2.000488.H29']);
  });

  it('shows a procedure with components, fee, duration, process and where to submit', async () => {
    const p = (await t.call('GET', '/api/procedures/1.012795.H29')).body;
    expect(p.components[0]).toMatchObject({ code: 'don-dang-ky', originals: 1, copies: 0, required: true });
    expect(p.duration).toMatchObject({ value: 20, unit: 'working_days', label: '20 ngày làm việc' });
    expect(p.process.map((s: { org: { id: string } | null }) => s.org?.id ?? null)).toEqual([null, null, 'vpdkdd', 'vpdkdd', null]);
    expect(p.process.reduce((sum: number, s: { durationHours: number }) => sum + s.durationHours, 0)).toBe(160);
    expect(p.receivingOrgs.length).toBe(15);
    expect(p.isDemo).toBe(true);
  });

  it('uses the configured code pattern', async () => {
    t.clock.set('2026-11-23T08:00:00+07:00');
    const d = await submit();
    expect(d.code).toMatch(/^000\.20\.01\.H29\/20261123\/\d{5}$/);
    expect((await t.call('GET', `/api/dossiers/${encodeURIComponent(d.code)}`, { as: 'citizen' })).status).toBe(200);
  });

  it('filters the queue by status, procedure, due time and code', async () => {
    t.clock.set('2026-11-24T08:00:00+07:00');
    const a = await submit();
    const b = await submit();
    await act('reception', a.code, 'accept');
    const list = async (q: string) => (await t.call('GET', `/api/dossiers?${q}`, { as: 'reception' })).body.items.map((i: { code: string }) => i.code);
    expect(await list('status=processing')).toContain(a.code);
    expect(await list('status=processing')).not.toContain(b.code);
    expect(await list('procedure=2.000720.H29')).toEqual(expect.arrayContaining([a.code, b.code]));
    expect(await list('procedure=1.001193.H29')).not.toContain(a.code);
    expect(await list(`dueBefore=${encodeURIComponent('2026-11-28T00:00:00+07:00')}`)).toContain(a.code);
    expect(await list(`dueBefore=${encodeURIComponent('2026-11-25T00:00:00+07:00')}`)).not.toContain(a.code);
    expect(await list(`q=${encodeURIComponent(b.code.split('/').pop())}`)).toContain(b.code);
    // A manager narrows the city-wide list to one ward; an officer cannot look outside their own subtree.
    expect((await t.call('GET', '/api/dossiers?org=phuong-sai-gon', { as: 'manager' })).body.items.map((i: { code: string }) => i.code)).toContain(a.code);
    expect((await t.call('GET', '/api/dossiers?org=phuong-ben-thanh', { as: 'manager' })).body.total).toBe(0);
    expect((await t.call('GET', '/api/dossiers?org=phuong-ben-thanh', { as: 'reception' })).status).toBe(403);
    const bad = await t.call('GET', '/api/dossiers?status=flying&limit=100000', { as: 'reception' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.status', 'query.limit']);
  });

  it('sends a dossier back to an earlier step, keeps it within its process, and stops it', async () => {
    const d = await submit();
    await act('reception', d.code, 'accept');
    await act('reception', d.code, 'hand_over');
    // Back to reception for a re-check, then forward again.
    let r = await act('specialist', d.code, 'return_to_step', { toStep: 0, reason: 'Kiểm tra lại bản gốc' });
    expect(r.body.currentStep.index).toBe(0);
    expect((await act('specialist', d.code, 'return_to_step', { toStep: 0, reason: 'x' })).status).toBe(403); // no longer theirs
    await act('reception', d.code, 'hand_over');
    // An organisation outside the procedure's process is refused (issue 12): the dossier stays.
    expect((await act('leader', d.code, 'hand_over', { toStep: 2, toOrgId: 'so-tai-chinh' })).status).toBe(422);
    expect((await act('leader', d.code, 'hand_over', { toOrgId: 'khong-co' })).status).toBe(422);
    r = await act('leader', d.code, 'hand_over', { toStep: 2 });
    expect(r.body.currentOrg.id).toBe('phuong-sai-gon');
    expect((await act('leader', d.code, 'stop', { reason: 'x' })).status).toBe(200);
  });

  it('stops a dossier with a reason and returns a result by post', async () => {
    const d = await submit();
    await act('reception', d.code, 'accept');
    const stopped = await act('leader', d.code, 'stop', { reason: 'Người nộp đề nghị dừng' });
    expect(stopped.body.status).toBe('stopped');
    expect(stopped.body.timeliness).toBe('early');

    const e = await submit();
    await act('reception', e.code, 'accept');
    await act('leader', e.code, 'hand_over', { toStep: 2 });
    const result = await t.upload('leader', PDF);
    await act('leader', e.code, 'complete', { resultUploadId: result });
    const posted = await act('reception', e.code, 'return_result', { channel: 'post', postalTrackingCode: 'EF123456789VN' });
    expect(posted.body.returnChannel).toBe('post');
    expect(posted.body.history.at(-1).payload.postalTrackingCode).toBe('EF123456789VN');
  });

  it('lets an administrator enter a year as announced, and deadlines follow it', async () => {
    const due = async () => (await t.call('GET', `/api/calendar-due?start=${encodeURIComponent('2026-12-31T16:00:00+07:00')}&duration=1wd`)).body.due;
    expect(await due()).toBe('2027-01-04T16:00:00+07:00');
    // Suppose the 2027 notice swaps Monday 4/1 off for a Saturday worked on 9/1.
    const body = {
      daysOff: [{ date: '2027-01-01', name: 'Tết Dương lịch' }, { date: '2027-01-04', name: 'Nghỉ hoán đổi' }],
      workingDays: [{ date: '2027-01-09', name: 'Làm bù cho ngày 04/01' }],
    };
    expect((await t.call('PUT', '/api/calendar/2027', { as: 'manager', body })).status).toBe(403);
    const put = await t.call('PUT', '/api/calendar/2027', { as: 'admin', body });
    expect(put.status).toBe(200);
    expect(put.body.source).toBe('official');
    expect(await due()).toBe('2027-01-05T16:00:00+07:00');
    const year = await t.call('GET', '/api/calendar/2027');
    expect(year.body.workingDays).toEqual([{ date: '2027-01-09', name: 'Làm bù cho ngày 04/01' }]);
    const wrong = await t.call('PUT', '/api/calendar/2027', { as: 'admin', body: { daysOff: [{ date: '2026-02-30', name: 'x' }], workingDays: [] } });
    expect(wrong.status).toBe(400);
    const otherYear = await t.call('PUT', '/api/calendar/2027', { as: 'admin', body: { daysOff: [{ date: '2026-05-01', name: 'x' }], workingDays: [] } });
    expect(otherYear.status).toBe(422);
    expect(otherYear.body.errors[0].path).toBe('daysOff.0.date');
  });

  it('publishes an OpenAPI 3.1 document covering every route and action', async () => {
    const doc = (await t.call('GET', '/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/api/health', '/api/auth/login', '/api/procedures', '/api/procedures/{code}', '/api/dossiers', '/api/dossiers/{code}', '/api/dossiers/{code}/actions/{action}', '/api/public/dossiers/{code}']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/dossiers'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['procedureCode', 'applicant']));
    for (const a of ACTIONS) expect(doc.components.schemas[`Action_${a}`], a).toBeDefined();
    expect(doc.components.schemas.Action_reject.required).toEqual(['reason']);
    const docs = await t.call('GET', '/api/docs');
    expect(String(docs.headers['content-type'])).toContain('text/html');
  });
});
