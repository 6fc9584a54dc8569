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
import { buildApp } from '../../src/server/app.ts';

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
  });

  it('a unique violation on insert is a 409 conflict that leaks no SQL', async () => {
    // The agency's daily counter wound back: the next code is one already in use.
    await sql`UPDATE dossier_code_sequences SET last_value = last_value - 1`.execute(t.handle.db);
    const u = await t.upload('citizen', PDF);
    const before = await t.count('dossiers');
    const res = await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) });
    expectProblem(res, 409, 'conflict');
    expect(JSON.stringify(res.body)).not.toMatch(/dossiers_|duplicate|constraint|insert/i);
    expect(await t.count('dossiers')).toBe(before);
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
