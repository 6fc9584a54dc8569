import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, startTestApp, type TestApp } from './helpers.ts';

const procedure = (over: Record<string, unknown> = {}) => ({
  name: 'Cấp giấy phép tổ chức sự kiện ngoài trời quy mô nhỏ',
  fieldCode: 'van-hoa',
  level: 'commune',
  onlineLevel: 'full',
  feeVnd: 0,
  feeNote: 'Không thu phí',
  duration: { value: 2, unit: 'working_days' },
  legalBasis: 'Quy định của Ủy ban nhân dân Thành phố (thử nghiệm)',
  applicantTypes: ['individual', 'organisation'],
  components: [{ code: 'don', name: 'Đơn đề nghị', originals: 1, copies: 0, required: true }],
  formFields: [
    { name: 'venue', label: 'Địa điểm', type: 'text', required: true },
    { name: 'size', label: 'Quy mô', type: 'select', required: true, options: ['Dưới 100 người', '100–300 người'] },
  ],
  process: [
    { name: 'Tiếp nhận hồ sơ', orgId: null, role: 'reception', durationHours: 2 },
    { name: 'Thẩm định', orgId: null, role: 'specialist', durationHours: 10 },
    { name: 'Phê duyệt', orgId: null, role: 'leader', durationHours: 4 },
  ],
  resultName: 'Giấy phép tổ chức sự kiện',
  receivedAt: ['phuong-sai-gon', 'phuong-ben-thanh'],
  ...over,
});

describe.each(BACKENDS)('administration (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const put = (code: string, body: unknown, as = 'admin') => t.call('PUT', `/api/procedures/${code}`, { as, body });
  const submit = async () => {
    const u = await t.upload('citizen', PDF);
    return t.call('POST', '/api/dossiers', {
      as: 'citizen',
      body: {
        procedureCode: '1.999001.H29',
        receivingOrgId: 'phuong-sai-gon',
        applicant: { fullName: 'Nguyễn Văn An', idNumber: '079090001234', address: '12 Lê Lợi, Phường Sài Gòn', phone: '0901234567' },
        form: { venue: 'Công viên 23/9', size: 'Dưới 100 người' },
        attachments: [{ componentCode: 'don', uploadId: u }],
      },
    });
  };

  it('publishes a procedure that citizens find, submit and that runs on its own process', async () => {
    const r = await put('1.999001.H29', procedure());
    expect(r.status).toBe(200);
    expect(r.body.process.map((s: { durationHours: number }) => s.durationHours)).toEqual([2, 10, 4]);
    const found = await t.call('GET', '/api/procedures?q=to%20chuc%20su%20kien%20ngoai%20troi');
    expect(found.body.items[0].code).toBe('1.999001.H29');
    t.clock.set('2026-11-23T08:00:00+07:00');
    const d = await submit();
    expect(d.status).toBe(201);
    const accepted = await t.call('POST', `/api/dossiers/${d.body.code}/actions/accept`, { as: 'reception', body: {} });
    // 2 working days = 16 h from Mon 08:00: 7.5 h Mon + 8 h Tue + 0.5 h Wed → Wed 08:00.
    expect(accepted.body.dueAt).toBe('2026-11-25T08:00:00+07:00');
  });

  it('keeps the process snapshotted on dossiers in progress when the procedure changes', async () => {
    const before = await submit();
    const r = await put('1.999001.H29', procedure({ process: [{ name: 'Tiếp nhận và giải quyết', orgId: null, role: 'reception', durationHours: 16 }] }));
    expect(r.status).toBe(200);
    const old = await t.call('GET', `/api/dossiers/${before.body.code}`, { as: 'citizen' });
    expect(old.body.process.steps).toHaveLength(3);
    const after = await submit();
    expect(after.body.process.steps).toHaveLength(1);
  });

  it('validates the procedure: the steps must add up to the duration, references must exist', async () => {
    const mismatch = await put('1.999002', procedure({ process: [{ name: 'Giải quyết', orgId: null, role: 'leader', durationHours: 5 }] }));
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.errors[0].path).toBe('process');
    expect(mismatch.body.errors[0].message).toContain('16');
    const refs = await put('1.999002', procedure({ receivedAt: ['khong-co'], fieldCode: 'khong-co', formFields: [{ name: 'x', label: 'X', type: 'select', required: true }] }));
    expect(refs.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['fieldCode', 'receivedAt.0', 'formFields.0.options']));
    expect((await put('abc', procedure())).status).toBe(400);
    expect((await put('1.999002', procedure(), 'manager')).status).toBe(403);
    expect((await t.call('GET', '/api/procedures/1.999002')).status).toBe(404); // nothing half-written
  });

  it('unpublishes a procedure', async () => {
    await put('1.999003', procedure({ published: false, name: 'Thủ tục nháp chưa công bố' }));
    expect((await t.call('GET', '/api/procedures/1.999003')).status).toBe(404);
    expect((await t.call('GET', '/api/procedures?q=thu%20tuc%20nhap')).body.total).toBe(0);
  });

  it('manages officer accounts in its subtree; deactivating ends their sessions at once', async () => {
    const created = await t.call('POST', '/api/users', { as: 'admin', body: { username: 'btn.tiepnhan2', fullName: 'Lý Thị Hồng', role: 'reception', orgId: 'phuong-ben-thanh', password: 'mat-khau-rat-dai' } });
    expect(created.status).toBe(201);
    expect((await t.call('POST', '/api/users', { as: 'admin', body: { username: 'btn.tiepnhan2', fullName: 'Khác', role: 'reception', orgId: 'phuong-ben-thanh', password: 'mat-khau-rat-dai' } })).status).toBe(409);
    expect((await t.call('POST', '/api/users', { as: 'manager', body: { username: 'x.y', fullName: 'X Y', role: 'reception', orgId: 'phuong-ben-thanh', password: 'mat-khau-rat-dai' } })).status).toBe(403);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'btn.tiepnhan2', password: 'mat-khau-rat-dai' } });
    const token = login.json().token;
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).json().org.id).toBe('phuong-ben-thanh');
    const list = await t.call('GET', '/api/users?org=phuong-ben-thanh', { as: 'admin' });
    expect(list.body.items.map((u: { username: string }) => u.username)).toEqual(['btn.reception', 'btn.tiepnhan2']);
    const promoted = await t.call('PUT', `/api/users/${created.body.id}`, { as: 'admin', body: { role: 'leader' } });
    expect(promoted.body.role).toBe('leader');
    expect((await t.call('PUT', `/api/users/${created.body.id}`, { as: 'admin', body: { active: false } })).body.active).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it('sets an organisation’s working hours and cut-off, and deadlines follow', async () => {
    const due = async () => (await t.call('GET', `/api/calendar-due?start=${encodeURIComponent('2026-11-20T16:00:00+07:00')}&duration=4wh&org=phuong-tan-dinh`)).body.due;
    expect(await due()).toBe('2026-11-23T10:30:00+07:00');
    const week = ['', '07:30-11:30,13:00-17:00', '07:30-11:30,13:00-17:00', '07:30-11:30,13:00-17:00', '07:30-11:30,13:00-17:00', '07:30-11:30,13:00-17:00', '07:30-11:30'];
    const r = await t.call('PUT', '/api/organisations/phuong-tan-dinh/calendar', { as: 'admin', body: { weeklyHours: week, cutoff: null } });
    expect(r.status).toBe(200);
    expect(await due()).toBe('2026-11-21T10:30:00+07:00'); // Saturday morning now counts
    const bad = await t.call('PUT', '/api/organisations/phuong-tan-dinh/calendar', { as: 'admin', body: { weeklyHours: ['25:00-26:00', '', '', '', '', '', ''], cutoff: null } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('weeklyHours');
    expect((await t.call('PUT', '/api/organisations/phuong-tan-dinh/calendar', { as: 'admin', body: { weeklyHours: null, cutoff: null } })).status).toBe(200);
    expect(await due()).toBe('2026-11-23T10:30:00+07:00');
  });

  it('edits the online form and the description, and refuses a bad field name at that field, in words an administrator reads', async () => {
    const bad = await put('1.999005.H29', procedure({ formFields: [{ name: 'so dien thoai', label: 'Số điện thoại', type: 'text', required: false }] }));
    expect(bad.status).toBe(400);
    const issue = bad.body.errors.find((e: { path: string }) => e.path === 'formFields.0.name');
    expect(issue.message).toContain('bắt đầu bằng chữ cái');
    const fields = [{ name: 'venue', label: 'Địa điểm tổ chức', type: 'text', required: true, maxLength: 300 }, { name: 'guests', label: 'Số người tham dự', type: 'number', required: false, min: 1, max: 300 }];
    const ok = await put('1.999005.H29', procedure({ formFields: fields, description: 'Nộp trước ngày tổ chức ít nhất 5 ngày làm việc.' }));
    expect(ok.status).toBe(200);
    const pub = (await t.call('GET', '/api/procedures/1.999005.H29')).body;
    expect(pub.formFields).toEqual(fields);
    expect(pub.description).toBe('Nộp trước ngày tổ chức ít nhất 5 ngày làm việc.');
  });
});
