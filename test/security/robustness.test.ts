/**
 * Issue 12, items 4, 5 and the low ones on input and transport: server errors anyone could trigger
 * (each now a 4xx problem), personal data kept out of the error log, formula injection in the open
 * data, bidirectional overrides in names, form limits, HSTS, Secure cookies and the CSRF origin.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type CallResult, type TestApp } from '../helpers.ts';
import { loadSettings } from '../../src/settings.ts';
import { buildApp } from '../../src/app.ts';

const expectProblem = (res: CallResult, status: number, code: string) => {
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  expect(res.body.code).toBe(code);
};
const paths = (res: CallResult) => (res.body.errors ?? []).map((e: { path: string }) => e.path);
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe.each(BACKENDS)('server errors anyone could trigger are 4xx problems (%s)', (backend) => {
  let t: TestApp;
  let code: string;
  let secret: string;
  beforeAll(async () => {
    t = await startTestApp(backend);
    const u = await t.upload('citizen', PDF);
    const res = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) });
    code = res.body.code;
    secret = res.body.lookupSecret;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a multibyte lookup secret is refused like any wrong secret', async () => {
    expect((await t.call('GET', `/api/public/dossiers/${encodeURIComponent(code)}?secret=${encodeURIComponent(secret)}`)).status).toBe(200);
    for (const s of ['ĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐ', '😀', 'ß'.repeat(20), `${secret}Đ`]) {
      expectProblem(await t.call('GET', `/api/public/dossiers/${encodeURIComponent(code)}?secret=${encodeURIComponent(s)}`), 404, 'lookup-failed');
    }
  });

  it('a wrong secret and an unknown code get the very same answer', async () => {
    const wrong = await t.call('GET', `/api/public/dossiers/${encodeURIComponent(code)}?secret=AAAAAAAAAAAA`);
    const unknown = await t.call('GET', `/api/public/dossiers/${encodeURIComponent(`${code.slice(0, -1)}9`)}?secret=AAAAAAAAAAAA`);
    expectProblem(wrong, 404, 'lookup-failed');
    const { instance: _a, ...w } = wrong.body;
    const { instance: _b, ...u } = unknown.body;
    expect(u).toEqual(w);
  });

  it('JSON nested 5,000 deep is a 400 json-too-deep on any route, public or not', async () => {
    for (const [url, as] of [['/api/dossiers', 'citizen'], ['/api/auth/login', undefined], ['/api/drafts', 'citizen']] as const) {
      const res = await t.call('POST', url, { ...(as ? { as } : {}), rawBody: `{"a":${deep(5000)}}`, headers: { 'content-type': 'application/json' } });
      expectProblem(res, 400, 'json-too-deep');
    }
    // Brackets inside strings are text, not nesting.
    const login = await t.call('POST', '/api/auth/login', { body: { username: 'x"\\['.repeat(16), password: '{'.repeat(200) } });
    expect(login.status).toBe(401);
  });

  it('an absurd duration on /api/calendar-due is a 422 on duration', async () => {
    const res = await t.call('GET', '/api/calendar-due?start=2026-11-23T08:00:00%2B07:00&duration=100000wd');
    expectProblem(res, 422, 'duration-too-long');
    expect(paths(res)).toEqual(['duration']);
    expectProblem(await t.call('GET', '/api/calendar-due?start=2026-11-23T08:00:00%2B07:00&duration=99999999999m'), 422, 'duration-too-long');
    expect((await t.call('GET', '/api/calendar-due?start=2026-11-23T08:00:00%2B07:00&duration=15wd')).status).toBe(200);
  });

  it('a lone surrogate in any text field is a 400 naming the field', async () => {
    const u = await t.upload('citizen', PDF);
    const body = JSON.stringify(householdBusinessRequest(u)).replace('Phở Bà Sáu', 'Phở \\ud800');
    const before = await t.count('dossiers');
    const res = await t.call('POST', '/api/dossiers', { as: 'citizen', rawBody: body, headers: { 'content-type': 'application/json' } });
    expectProblem(res, 400, 'validation-failed');
    expect(paths(res)).toEqual(['form.businessName']);
    expect(await t.count('dossiers')).toBe(before);
    const draft = await t.call('POST', '/api/drafts', { as: 'citizen', rawBody: '{"procedureCode":"2.000720.H29","\\udc00":1}', headers: { 'content-type': 'application/json' } });
    expectProblem(draft, 400, 'validation-failed');
    // A surrogate's bytes percent-encoded (not UTF-8) in a path or a query: a 4xx, whatever the decoder makes of it.
    for (const url of ['/api/procedures?q=%ED%A0%80', '/api/dossiers/%ED%A0%80', `/api/public/dossiers/${encodeURIComponent(code)}?secret=%ED%A0%80`]) {
      const res = await t.call('GET', url, { as: 'citizen' });
      expect(res.status, url).toBeLessThan(500);
    }
  });

  it('a code collision is never a 500: the sequence repairs itself, and duplicate inserts are a 409 that leaks no SQL', async () => {
    // The agency's daily counter wound back: the next code is one already in use. The submission moves
    // the sequence past the codes in use and is numbered again (src/modules/dossiers/code-sequences.ts).
    await sql`UPDATE dossier_code_sequences SET last_value = last_value - 1`.execute(t.handle.db);
    const u = await t.upload('citizen', PDF);
    const before = await t.count('dossiers');
    const res = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) });
    expect(res.status).toBe(201);
    expect(await t.count('dossiers')).toBe(before + 1);
    // Parallel creations of one account race past the service's own check into the unique index.
    const body = { username: 'trung.ten', fullName: 'Cán Bộ Trùng Tên', role: 'reception', orgId: 'phuong-sai-gon', password: 'mat-khau-dai-du' };
    const results = await Promise.all(Array.from({ length: 4 }, () => t.call('POST', '/api/users', { as: 'admin', body })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(409);
      expect(JSON.stringify(r.body)).not.toMatch(/users_|duplicate|constraint|insert/i);
    }
  });
});

describe.each(BACKENDS)('the error log holds no personal data (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await sql`DROP TRIGGER IF EXISTS refuse_dossier ON dossiers`.execute(t.handle.db);
    await t?.close();
  });

  it('a real unexpected error is logged with route, request id, code and stack, without ID number, phone, name, address or secret', async () => {
    // The whole run's log when scripts/run-tests.mjs collects it, so its grep sees a real error too.
    const file = process.env.MOTCUA_TEST_LOG_FILE ?? join(tmpdir(), `motcua-errors-${process.pid}-${backend}.log`);
    const from = existsSync(file) ? statSync(file).size : 0;
    const app = await buildApp(t.ctx, { logFile: file });
    // A fault the request cannot be blamed for, whose database error quotes the applicant.
    await sql`CREATE OR REPLACE FUNCTION refuse_dossier() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused %', NEW.applicant; END $$`.execute(t.handle.db);
    await sql`CREATE TRIGGER refuse_dossier BEFORE INSERT ON dossiers FOR EACH ROW EXECUTE FUNCTION refuse_dossier()`.execute(t.handle.db);
    const u = await t.upload('citizen', PDF);
    const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: { authorization: `Bearer ${await t.token('citizen')}` }, payload: householdBusinessRequest(u) });
    expect(res.statusCode).toBe(500);
    await app.close();
    let text = '';
    for (let i = 0; i < 50 && !text.includes('unhandled error'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      text = existsSync(file) ? readFileSync(file, 'utf8').slice(from) : '';
    }
    const line = JSON.parse(text.split('\n').find((l) => l.includes('unhandled error'))!);
    expect(line).toMatchObject({ level: 50, route: '/api/dossiers', code: 'P0001', err: { code: 'P0001' } });
    expect(line.reqId).toBeTruthy();
    expect(line.err.stack).toContain(' at ');
    for (const personal of ['079090001234', '0901234567', 'Nguyễn Văn An', 'Lê Lợi', 'Phở Bà Sáu']) expect(text).not.toContain(personal);
  });
});

describe.each(BACKENDS)('names, files and form values (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('removes bidirectional overrides from file names and person names', async () => {
    const u = await t.upload('citizen', PDF, 'hop-dong\u202Efdp.exe.pdf');
    const file = await t.call('GET', `/api/uploads/${u}`, { as: 'citizen' });
    expect(String(file.headers['content-disposition'])).not.toMatch(/%E2%80%AE/i);
    const body = householdBusinessRequest(u);
    (body.applicant as Record<string, string>).fullName = '\u2067Nguyễn Văn\u202E An\u200F';
    const res = await t.call('POST', '/api/dossiers', { as: 'citizen', body });
    expect(res.status).toBe(201);
    const dossier = await t.call('GET', `/api/dossiers/${encodeURIComponent(res.body.code)}`, { as: 'citizen' });
    expect(dossier.body.applicant.fullName).toBe('Nguyễn Văn An');
    const reg = await t.call('POST', '/api/auth/register', { body: { username: 'bidi.user', password: 'mat-khau-rat-dai-1', fullName: 'Trần\u202D Thị B' } });
    expect(reg.status).toBe(201);
    const me = await t.call('GET', '/api/auth/me', { headers: { authorization: `Bearer ${reg.body.token}` } });
    expect(me.body.fullName ?? me.body.user?.fullName).toBe('Trần Thị B');
  });

  it('refuses an apology moving the appointment to year 9999, and instants outside 1900–2999', async () => {
    const u = await t.upload('citizen', PDF);
    const code = (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) })).body.code;
    expect((await t.call('POST', `/api/dossiers/${code}/actions/accept`, { as: 'reception', body: {} })).status).toBe(200);
    const far = await t.call('POST', `/api/dossiers/${code}/actions/apologize`, { as: 'specialist', body: { reason: 'Cần xác minh thêm', newAppointmentAt: '9999-12-31T00:00:00+07:00' } });
    expect(far.status).toBeGreaterThanOrEqual(400);
    expect(far.status).toBeLessThan(500);
    expect(paths(far)).toEqual(['newAppointmentAt']);
    const year = await t.call('POST', `/api/dossiers/${code}/actions/apologize`, { as: 'specialist', body: { reason: 'Cần xác minh thêm', newAppointmentAt: '2028-01-01T00:00:00+07:00' } });
    expectProblem(year, 422, 'appointment-too-far');
    const ok = await t.call('POST', `/api/dossiers/${code}/actions/apologize`, { as: 'specialist', body: { reason: 'Cần xác minh thêm', newAppointmentAt: '2027-01-04T10:00:00+07:00' } });
    expect(ok.status).toBe(200);
    const old = await t.call('GET', '/api/dossiers?dueBefore=0001-01-01T00:00:00%2B07:00', { as: 'reception' });
    expectProblem(old, 400, 'validation-failed');
    expect(paths(old)).toEqual(['query.dueBefore']);
  });

  it('refuses negative amounts and birth dates in the future with field errors', async () => {
    const u = await t.upload('citizen', PDF);
    const negative = householdBusinessRequest(u, { form: { businessName: 'Hộ kinh doanh A', businessAddress: '34 Lê Lợi, Phường Sài Gòn', businessLines: 'Ăn uống', capitalVnd: -50_000_000 } });
    const r1 = await t.call('POST', '/api/dossiers', { as: 'citizen', body: negative });
    expectProblem(r1, 422, 'validation-failed');
    expect(paths(r1)).toEqual(['form.capitalVnd']);

    // The test clock stands at 2026-11-23.
    const born = (childBirthDate: string, birthDate = '1990-01-01') => ({
      procedureCode: '1.001193.H29',
      receivingOrgId: 'phuong-sai-gon',
      applicant: { type: 'individual', fullName: 'Nguyễn Văn An', idNumber: '079090001234', birthDate, address: '12 Lê Lợi, Phường Sài Gòn', phone: '0901234567' },
      form: { childName: 'Nguyễn Văn Bé', childBirthDate, childSex: 'Nam', birthPlace: 'Bệnh viện Từ Dũ', relationship: 'Cha' },
      attachments: [],
    });
    const r2 = await t.call('POST', '/api/dossiers', { as: 'citizen', body: born('2026-11-24', '2030-01-01') });
    expectProblem(r2, 422, 'validation-failed');
    expect(paths(r2)).toEqual(expect.arrayContaining(['form.childBirthDate', 'applicant.birthDate']));
    const r3 = await t.call('POST', '/api/dossiers', { as: 'citizen', body: born('2026-02-30') });
    expect(paths(r3)).toContain('form.childBirthDate');
    const r4 = await t.call('POST', '/api/dossiers', { as: 'citizen', body: born('2026-11-23') });
    expect(paths(r4)).not.toContain('form.childBirthDate');
    expect(paths(r4)).not.toContain('applicant.birthDate');
  });
});

describe.each(BACKENDS)('transport: HSTS, Secure cookies, CSRF against the public origin (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(backend, { publicOrigin: 'https://motcua.example.gov.vn', secureCookies: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends HSTS when the public URL is https', async () => {
    expect((await t.call('GET', '/api/health')).headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('compares a cookie write’s Origin with the configured public origin, not the Host header', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'citizen', password: 'motcua-demo' } });
    expect(String(login.headers['set-cookie'])).toContain('; Secure');
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const qr = '079090001234||NGUYỄN VĂN AN|01011990|Nam|12 Lê Lợi|01012021';
    // Behind a proxy: the browser's origin is the public one, the Host the proxy forwards is internal.
    const proxied = await t.app.inject({ method: 'POST', url: '/api/identity/cccd', headers: { cookie, origin: 'https://motcua.example.gov.vn', host: '10.0.0.5:3000' }, payload: { qr } });
    expect(proxied.statusCode).toBe(200);
    const spoofed = await t.app.inject({ method: 'POST', url: '/api/identity/cccd', headers: { cookie, origin: 'http://evil.example', host: 'evil.example' }, payload: { qr } });
    expect(spoofed.statusCode).toBe(403);
    expect(spoofed.json().code).toBe('cross-site-request');
  });
});

describe('transport settings', () => {
  it('Secure cookies by default in production or behind an https public URL; public origin only when configured', () => {
    expect(loadSettings({}).config).toMatchObject({ secureCookies: false, publicOrigin: null });
    expect(loadSettings({ NODE_ENV: 'production' }).config.secureCookies).toBe(true);
    expect(loadSettings({ MOTCUA_PUBLIC_URL: 'https://motcua.example.gov.vn/' }).config).toMatchObject({ secureCookies: true, publicOrigin: 'https://motcua.example.gov.vn' });
    expect(loadSettings({ NODE_ENV: 'production', MOTCUA_SECURE_COOKIES: 'false' }).config.secureCookies).toBe(false);
    expect(() => loadSettings({ MOTCUA_SECURE_COOKIES: 'yes' })).toThrow(/MOTCUA_SECURE_COOKIES/);
  });

  it('no HSTS over plain http, HSTS when a trusted proxy says https', async () => {
    const t = await startTestApp('pglite');
    try {
      expect((await t.call('GET', '/api/health')).headers['strict-transport-security']).toBeUndefined();
      process.env.MOTCUA_TRUST_PROXY = 'true';
      const behind = await buildApp(t.ctx);
      const res = await behind.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      await behind.close();
    } finally {
      delete process.env.MOTCUA_TRUST_PROXY;
      await t.close();
    }
  });
});
