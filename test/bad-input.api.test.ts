import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';

describe.each(BACKENDS)('bad input gets a clear answer and changes nothing (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend, { maxUploadBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await t?.close();
  });

  const expectProblem = (res: { status: number; headers: Record<string, unknown>; body: { code: string; status: number; title: string; detail: string } }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.body.code).toBe(code);
    expect(res.body.status).toBe(status);
    expect(res.body.detail.length).toBeGreaterThan(0);
  };

  it('malformed JSON → 400 malformed-json', async () => {
    const res = await t.call('POST', '/api/dossiers', { as: 'citizen', rawBody: '{"procedureCode": ', headers: { 'content-type': 'application/json' } });
    expectProblem(res, 400, 'malformed-json');
  });

  it('missing, extra and mistyped fields → 400 with every field path, in Vietnamese by default', async () => {
    const res = await t.call('POST', '/api/dossiers', { as: 'citizen', body: { procedureCode: 42, applicant: { fullName: 'A' }, surprise: true } });
    expectProblem(res, 400, 'validation-failed');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['procedureCode', 'applicant.fullName', 'applicant.address', 'applicant.phone', 'surprise']));
    expect(res.body.detail).toBe('Dữ liệu gửi lên không đúng định dạng.');
  });

  it('answers in English when asked', async () => {
    const res = await t.call('POST', '/api/dossiers', { as: 'citizen', body: {}, headers: { 'accept-language': 'en-GB,en;q=0.9,vi;q=0.5' } });
    expect(res.body.detail).toBe('The request does not match the expected format.');
    expect(res.body.title).toBe('Bad request');
  });

  it('an unknown procedure → 422 on procedureCode, nothing stored', async () => {
    const before = await t.count('dossiers');
    const upl = await t.upload('citizen', PDF);
    const res = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(upl, { procedureCode: '9.999999' }) });
    expectProblem(res, 422, 'validation-failed');
    expect(res.body.errors[0].path).toBe('procedureCode');
    expect(await t.count('dossiers')).toBe(before);
  });

  it('form fields are checked against the procedure: required, types, unknown fields, options', async () => {
    const upl = await t.upload('citizen', PDF);
    const res = await t.call('POST', '/api/dossiers', {
      as: 'citizen',
      body: householdBusinessRequest(upl, { form: { businessName: 'X', capitalVnd: 'nhiều', colour: 'đỏ' }, attachments: [] }),
    });
    expectProblem(res, 422, 'validation-failed');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['form.colour', 'form.businessAddress', 'form.businessLines', 'form.capitalVnd', 'attachments']));
  });

  it("another user's upload cannot be attached", async () => {
    const theirs = await t.upload('citizen2', PDF);
    const res = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(theirs) });
    expectProblem(res, 422, 'validation-failed');
    expect(res.body.errors[0].path).toBe('attachments.0.uploadId');
  });

  it('uploads: empty → 422, oversize → 413, wrong content (by sniffing, not by name) → 415, JSON → 415', async () => {
    const before = await t.count('uploads');
    const up = (bytes: Buffer | string, type = 'application/octet-stream', name = 'x.pdf') =>
      t.call('POST', `/api/uploads?filename=${name}`, { as: 'citizen', rawBody: bytes, headers: { 'content-type': type } });
    expectProblem(await up(Buffer.alloc(0)), 422, 'empty-upload');
    expectProblem(await up(Buffer.concat([PDF, Buffer.alloc(70 * 1024)])), 413, 'body-too-large');
    expectProblem(await up(Buffer.from('MZ\x90\x00 this is an exe'), 'application/pdf', 'evil.pdf'), 415, 'unsupported-file-type');
    expectProblem(await t.call('POST', '/api/uploads', { as: 'citizen', body: { a: 1 } }), 415, 'unsupported-media-type');
    expect(await t.count('uploads')).toBe(before);
  });

  it('file names cannot climb directories and are kept as plain names', async () => {
    const up = (name: string) => t.call('POST', `/api/uploads?filename=${encodeURIComponent(name)}`, { as: 'citizen', rawBody: PDF, headers: { 'content-type': 'application/pdf' } });
    expect((await up('../../etc/passwd.pdf')).body.filename).toBe('passwd.pdf');
    expect((await up('..\\..\\windows\\<evil>:name?.pdf')).body.filename).toBe('evilname.pdf');
    expect((await up('giấy đề nghị.pdf')).body.filename).toBe('giấy đề nghị.pdf');
    expectProblem(await up('a\u0000.pdf'), 400, 'validation-failed');
    const res = await up('../x.pdf');
    expect(res.status).toBe(201);
    expect(res.body.mediaType).toBe('application/pdf');
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('unsupported content types and unknown routes and actions get problems', async () => {
    expectProblem(await t.call('POST', '/api/auth/login', { rawBody: 'username=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported-media-type');
    expectProblem(await t.call('GET', '/api/nothing-here'), 404, 'route-not-found');
    const upl = await t.upload('citizen', PDF);
    const d = (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(upl) })).body;
    expectProblem(await t.call('POST', `/api/dossiers/${d.code}/actions/teleport`, { as: 'reception', body: {} }), 404, 'unknown-action');
    expectProblem(await t.call('POST', '/api/dossiers/NO-SUCH-CODE/actions/accept', { as: 'reception', body: {} }), 404, 'not-found');
    expectProblem(await t.call('GET', '/api/procedures/9.999999'), 404, 'not-found');
  });

  it('a failed action leaves the dossier and its log untouched', async () => {
    const upl = await t.upload('citizen', PDF);
    const d = (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(upl) })).body;
    const actionsBefore = await t.count('dossier_actions');
    const outboxBefore = await t.count('outbox');
    expectProblem(await t.call('POST', `/api/dossiers/${d.code}/actions/hand_over`, { as: 'reception', body: { toStep: 99 } }), 409, 'action-not-allowed-in-state');
    expectProblem(await t.call('POST', `/api/dossiers/${d.code}/actions/complete`, { as: 'leader', body: { resultUploadId: 'upl_doesnotexist000' } }), 422, 'validation-failed');
    expect(await t.count('dossier_actions')).toBe(actionsBefore);
    expect(await t.count('outbox')).toBe(outboxBefore);
    const after = await t.call('GET', `/api/dossiers/${d.code}`, { as: 'citizen' });
    expect(after.body.status).toBe('submitted');
  });

  it('a retried submission with the same Idempotency-Key returns the same dossier; a different body is refused', async () => {
    const upl = await t.upload('citizen', PDF);
    const body = householdBusinessRequest(upl);
    const first = await t.call('POST', '/api/dossiers', { as: 'citizen', body, headers: { 'idempotency-key': 'k-123' } });
    const before = await t.count('dossiers');
    const again = await t.call('POST', '/api/dossiers', { as: 'citizen', body, headers: { 'idempotency-key': 'k-123' } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.code).toBe(first.body.code);
    expect(await t.count('dossiers')).toBe(before);
    const other = await t.call('POST', '/api/dossiers', { as: 'citizen', body: { ...body, form: { ...body.form, capitalVnd: 1 } }, headers: { 'idempotency-key': 'k-123' } });
    expectProblem(other, 422, 'idempotency-key-reused');
    // The same key from another user is another request.
    const upl2 = await t.upload('citizen2', PDF);
    const theirs = await t.call('POST', '/api/dossiers', { as: 'citizen2', body: householdBusinessRequest(upl2, { applicant: { fullName: 'Trần Thị Bích Ngọc', idNumber: '079195004321', address: '25 Nguyễn Trãi, Phường Bến Thành', phone: '0912345678' } }), headers: { 'idempotency-key': 'k-123' } });
    expect(theirs.status).toBe(201);
  });

  it('bad credentials → 401; repeated failures are throttled → 429 with Retry-After', async () => {
    const login = (password: string) => t.call('POST', '/api/auth/login', { body: { username: 'manager', password } });
    expectProblem(await login('sai-mat-khau'), 401, 'invalid-credentials');
    for (let i = 0; i < 9; i++) await login('sai-mat-khau');
    const blocked = await login('motcua-demo');
    expectProblem(blocked, 429, 'too-many-attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advanceMinutes(16);
    expect((await login('motcua-demo')).status).toBe(200);
  });

  it('registration validates and refuses a taken username', async () => {
    const bad = await t.call('POST', '/api/auth/register', { body: { username: 'A B', password: 'short', fullName: 'X' } });
    expectProblem(bad, 400, 'validation-failed');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['username', 'password', 'fullName']));
    const ok = await t.call('POST', '/api/auth/register', { body: { username: 'lan.nguyen', password: 'mat-khau-dai', fullName: 'Nguyễn Thị Lan', idNumber: '079185000111' } });
    expect(ok.status).toBe(201);
    expect(String(ok.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expectProblem(await t.call('POST', '/api/auth/register', { body: { username: 'lan.nguyen', password: 'mat-khau-dai', fullName: 'Khác' } }), 409, 'username-taken');
  });

  it('cookie sessions refuse cross-site writes (CSRF)', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'citizen', password: 'motcua-demo' } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const cross = await t.app.inject({ method: 'POST', url: '/api/identity/cccd', headers: { cookie, origin: 'https://evil.example', host: 'localhost:3000' }, payload: { qr: 'x' } });
    expect(cross.statusCode).toBe(403);
    expect(cross.json().code).toBe('cross-site-request');
    const same = await t.app.inject({ method: 'POST', url: '/api/identity/cccd', headers: { cookie, origin: 'http://localhost:3000', host: 'localhost:3000' }, payload: { qr: '079090001234||NGUYỄN VĂN AN|01011990|Nam|12 Lê Lợi|01012021' } });
    expect(same.statusCode).toBe(200);
    expect(same.json().fullNameTitle).toBe('Nguyễn Văn An');
  });

  // Found by the fuzzer (test/hostile.api.test.ts): both were a 500 or a non-problem answer before.
  it('a NUL character in a path, query or body is a 400, not a database error', async () => {
    expectProblem(await t.call('GET', '/api/dossiers/%00', { as: 'citizen' }), 400, 'validation-failed');
    expectProblem(await t.call('GET', '/api/procedures?q=%00'), 400, 'validation-failed');
    const upl = await t.upload('citizen', PDF);
    const body = householdBusinessRequest(upl);
    (body.form as Record<string, unknown>).businessName = 'Phở\u0000';
    const res = await t.call('POST', '/api/dossiers', { as: 'citizen', body });
    expectProblem(res, 400, 'validation-failed');
    expect(res.body.errors[0].path).toBe('form.businessName');
  });

  it('an over-long path parameter is a 414 problem', async () => {
    expectProblem(await t.call('GET', `/api/procedures/${'Đ'.repeat(400)}`), 414, 'uri-too-long');
  });

  it('sets security headers', async () => {
    const res = await t.call('GET', '/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
  });
});
