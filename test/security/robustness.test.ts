/**
 * Issue 12, items 4, 5 and the low ones on input and transport: server errors anyone could trigger
 * (each now a 4xx problem), personal data kept out of the error log, formula injection in the open
 * data, bidirectional overrides in names, form limits, HSTS, Secure cookies and the CSRF origin.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type CallResult, type TestApp } from '../helpers.ts';
import { loadSettings } from '../../src/settings.ts';

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
