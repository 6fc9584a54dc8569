/** The API the web app added: drafts, queue counts with working time left, organisations, the session probe. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';

describe.each(BACKENDS)('web support API (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('saves, lists, updates and deletes a citizen’s own drafts, and hides them from anyone else', async () => {
    const data = { applicant: { fullName: 'Nguyễn Văn An', phone: '090' }, form: { businessName: 'Phở' }, step: 1 };
    const created = await t.call('POST', '/api/drafts', { as: 'citizen', body: { procedureCode: '2.000720.H29', data } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ procedure: { code: '2.000720.H29', name: 'Đăng ký thành lập hộ kinh doanh' }, data });
    const id = created.body.id as string;
    const updated = await t.call('PUT', `/api/drafts/${id}`, { as: 'citizen', body: { data: { ...data, step: 2 } } });
    expect(updated.body.data.step).toBe(2);
    expect((await t.call('GET', '/api/drafts', { as: 'citizen' })).body.items.map((d: { id: string }) => d.id)).toEqual([id]);
    expect((await t.call('GET', '/api/drafts', { as: 'citizen2' })).body.items).toEqual([]);
    for (const [method, body] of [['GET', undefined], ['PUT', { data }], ['DELETE', undefined]] as const) {
      const res = await t.call(method, `/api/drafts/${id}`, { as: 'citizen2', ...(body ? { body } : {}) });
      expect(res.status).toBe(404);
    }
    expect((await t.call('GET', '/api/drafts', { as: 'reception' })).status).toBe(403);
    expect((await t.call('DELETE', `/api/drafts/${id}`, { as: 'citizen' })).status).toBe(204);
    expect((await t.call('GET', `/api/drafts/${id}`, { as: 'citizen' })).status).toBe(404);
  });

  it('rejects a bad draft with field paths and writes nothing', async () => {
    const before = await t.count('drafts');
    const unknown = await t.call('POST', '/api/drafts', { as: 'citizen', body: { procedureCode: '9.999999', data: {} } });
    expect(unknown.status).toBe(404);
    const bad = await t.call('POST', '/api/drafts', { as: 'citizen', body: { procedureCode: '2.000720.H29', data: { attachments: [{ componentCode: 'x', uploadId: '../etc/passwd' }], extra: 1 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['data.attachments.0.uploadId', 'data.extra']);
    expect((await t.call('GET', '/api/drafts/drf_nope', { as: 'citizen' })).status).toBe(400); // a malformed id in the path
    expect(await t.count('drafts')).toBe(before);
  });

  it('counts the queue by status, late and due soon, with the working time left on each dossier', async () => {
    const submit = async () => (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(await t.upload('citizen', PDF)) })).body.code as string;
    const a = await submit();
    const b = await submit();
    await submit();
    expect((await t.call('POST', `/api/dossiers/${a}/actions/accept`, { as: 'reception', body: {} })).status).toBe(200);
    expect((await t.call('POST', `/api/dossiers/${b}/actions/accept`, { as: 'reception', body: {} })).status).toBe(200);
    const s0 = (await t.call('GET', '/api/dossiers/summary', { as: 'reception' })).body;
    expect(s0.byStatus).toMatchObject({ submitted: 1, processing: 2 });
    expect(s0.late).toBe(0);
    // 3 working days = 1,440 working minutes; the clock has not moved.
    const item = (await t.call('GET', `/api/dossiers?q=${a}`, { as: 'reception' })).body.items[0];
    expect(item.workingMinutesLeft).toBe(1440);
    expect(item.dueSoon).toBe(false);
    // Two and a half working days later (Mon 08:00 → Wed 12:00 is 20 working hours): due within a day.
    t.clock.advanceMinutes(2 * 24 * 60 + 4 * 60);
    const s1 = (await t.call('GET', '/api/dossiers/summary', { as: 'reception' })).body;
    expect(s1).toMatchObject({ late: 0, dueSoon: 2 });
    // The list and the dossier say the same, so the desk colours rows without its own threshold.
    // Due Thu 08:00 (07:30–11:30, 13:00–17:00); from Wed 12:00 that is Wed 13:00–17:00 + Thu 07:30–08:00.
    const soonItem = (await t.call('GET', `/api/dossiers?q=${a}`, { as: 'reception' })).body.items[0];
    expect(soonItem).toMatchObject({ workingMinutesLeft: 270, dueSoon: true });
    expect((await t.call('GET', `/api/dossiers/${a}`, { as: 'reception' })).body).toMatchObject({ workingMinutesLeft: 270, dueSoon: true });
    // A week later both are late, and the list says by how much (negative minutes).
    t.clock.advanceMinutes(7 * 24 * 60);
    const s2 = (await t.call('GET', '/api/dossiers/summary', { as: 'reception' })).body;
    expect(s2).toMatchObject({ late: 2, dueSoon: 0 });
    const lateItem = (await t.call('GET', `/api/dossiers?q=${a}`, { as: 'reception' })).body.items[0];
    expect(lateItem.workingMinutesLeft).toBeLessThan(0);
    expect(lateItem.dueSoon).toBe(false);
    // Another ward sees none of them; a citizen counts only their own.
    expect((await t.call('GET', '/api/dossiers/summary', { as: 'btn.reception' })).body.byStatus).toMatchObject({ submitted: 0, processing: 0 });
    expect((await t.call('GET', '/api/dossiers/summary', { as: 'citizen2' })).body.byStatus.processing).toBe(0);
    expect((await t.call('GET', '/api/dossiers/summary?org=phuong-ben-thanh', { as: 'reception' })).status).toBe(403);
  });

  it('creates and edits organisations in the administrator’s subtree, with clear refusals', async () => {
    const body = { parentId: 'h29', name: 'Ủy ban nhân dân Phường Thử Nghiệm', kind: 'commune', agencyEid: '000.20.98.H29' };
    const created = await t.call('PUT', '/api/organisations/phuong-thu-nghiem', { as: 'admin', body });
    expect(created.status).toBe(201);
    const listed = (await t.call('GET', '/api/organisations')).body.items.find((o: { id: string }) => o.id === 'phuong-thu-nghiem');
    expect(listed).toMatchObject({ parentId: 'h29', name: body.name, agencyEid: '000.20.98.H29' });
    const renamed = await t.call('PUT', '/api/organisations/phuong-thu-nghiem', { as: 'admin', body: { ...body, name: 'UBND Phường Thử Nghiệm Mới' } });
    expect(renamed.status).toBe(200);
    const dupe = await t.call('PUT', '/api/organisations/phuong-khac', { as: 'admin', body: { ...body, agencyEid: '000.20.01.H29' } });
    expect(dupe.status).toBe(422);
    expect(dupe.body.errors[0]).toMatchObject({ path: 'agencyEid' });
    const moved = await t.call('PUT', '/api/organisations/phuong-thu-nghiem', { as: 'admin', body: { ...body, parentId: 'phuong-sai-gon' } });
    expect(moved.status).toBe(422);
    expect(moved.body.errors[0].path).toBe('parentId');
    // A ward's administrator cannot create outside the ward.
    expect((await t.call('POST', '/api/users', { as: 'admin', body: { username: 'sg.admin', fullName: 'Quản trị Sài Gòn', role: 'admin', orgId: 'phuong-sai-gon', password: 'mat-khau-dai-du' } })).status).toBe(201);
    const wardAdmin = (await t.call('POST', '/api/auth/login', { body: { username: 'sg.admin', password: 'mat-khau-dai-du' } })).body.token;
    const outside = await t.call('PUT', '/api/organisations/don-vi-ngoai', { headers: { authorization: `Bearer ${wardAdmin}` }, body: { ...body, agencyEid: null } });
    // Outside the subtree is a refusal (403), with the field that points outside (docs/api.md, "Who may change what").
    expect(outside.status).toBe(403);
    expect(outside.body.errors[0]).toMatchObject({ path: 'parentId' });
    expect((await t.call('PUT', '/api/organisations/x1', { as: 'reception', body })).status).toBe(403);
  });

  it('answers who is logged in without a 401', async () => {
    expect((await t.call('GET', '/api/auth/session')).body).toEqual({ user: null, vneid: false, limits: { maxUploadBytes: t.ctx.config.maxUploadBytes } });
    const me = (await t.call('GET', '/api/auth/session', { as: 'reception' })).body.user;
    expect(me).toMatchObject({ username: 'reception', role: 'reception', org: { id: 'phuong-sai-gon' } });
  });

  it('serves the web app’s pages and hashed assets, and nothing outside them', async () => {
    for (const path of ['/', '/thu-tuc/2.000720.H29', '/mot-cua/ho-so/X', '/quan-tri/thu-tuc', '/dang-nhap']) {
      const res = await t.call('GET', path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(String(res.body)).toContain('<div id="root"></div>');
    }
    const asset = /src="\/(assets\/[^"]+\.js)"/.exec(String((await t.call('GET', '/')).body))![1]!;
    const js = await t.call('GET', `/${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await t.call('GET', '/assets/..%2Fpackage.json')).status).toBe(400);
    expect((await t.call('GET', '/assets/nope.js')).status).toBe(404);
    expect((await t.call('GET', '/quan-tri/khong-co')).status).toBe(400);
  });
});
