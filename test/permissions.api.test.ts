/**
 * The permission matrix, generated from the route table: every route × anonymous and every demo role.
 * A new route is covered the moment it is added. Then the dossier actions × roles × own and other
 * organisation, each on a fresh dossier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';
import { allRoutes } from '../src/app.ts';

const ROLE_USERS = { citizen: 'citizen', reception: 'reception', specialist: 'specialist', leader: 'leader', admin: 'admin', manager: 'manager' } as const;

describe.each(BACKENDS)('permissions (%s)', (backend) => {
  let t: TestApp;
  let code: string;
  let uploadId: string;
  beforeAll(async () => {
    t = await startTestApp(backend);
    uploadId = await t.upload('citizen', PDF);
    code = (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(uploadId) })).body.code;
  });
  afterAll(async () => {
    await t?.close();
  });

  const freshToken = async (username: string) =>
    (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'motcua-demo' } })).json().token as string;

  const fill = (url: string) =>
    url
      .replace(':code', encodeURIComponent(code))
      .replace(':action', 'accept')
      .replace(':id', uploadId)
      .replace(':year', '2026');

  for (const route of allRoutes()) {
    const name = `${route.method} ${route.url}`;
    it(`${name}: anonymous callers ${route.access === 'public' ? 'are served' : 'get 401'}`, async () => {
      const res = await t.call(route.method, fill(route.url), route.method === 'GET' ? {} : { body: {} });
      if (route.access === 'public') expect([401, 403]).not.toContain(res.status);
      else {
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('unauthenticated');
      }
    });
    for (const [role, user] of Object.entries(ROLE_USERS)) {
      const allowed = route.access === 'public' || route.access === 'user' || route.access.includes(role as never);
      it(`${name}: ${role} ${allowed ? 'passes the role check' : 'gets 403'}`, async () => {
        // Logging out ends the session: give it a session of its own, not the shared one.
        const auth = route.url === '/api/auth/logout' ? { headers: { authorization: `Bearer ${await freshToken(user)}` } } : { as: user };
        const res = await t.call(route.method, fill(route.url), { ...auth, ...(route.method === 'GET' ? {} : { body: {} }) });
        if (allowed) {
          expect(res.status).not.toBe(401);
          if (res.status === 403) expect(res.body.code).not.toBe('unauthenticated');
        } else {
          expect(res.status).toBe(403);
          expect(res.body.code).toBe('forbidden');
        }
      });
    }
  }

  // Who may act on a dossier waiting for acceptance at Phường Sài Gòn.
  const cases: Array<[action: string, body: Record<string, unknown>, allowed: string[]]> = [
    ['accept', {}, ['reception', 'leader']],
    ['reject', { reason: 'Không thuộc thẩm quyền' }, ['reception', 'leader']],
    ['request_supplement', { reason: 'Thiếu', items: [{ name: 'Giấy tờ', reason: 'Thiếu' }] }, ['reception', 'specialist', 'leader']],
    ['withdraw', {}, ['citizen']],
  ];
  const actors = ['citizen', 'citizen2', 'reception', 'specialist', 'leader', 'admin', 'manager', 'btn.reception', 'vpdk.leader', 'stp.reception'];
  // Those who may not see the dossier at all hear 404, as for a missing code (no probing of codes).
  const outsiders = ['citizen2', 'btn.reception', 'vpdk.leader', 'stp.reception'];
  for (const [action, body, allowed] of cases) {
    for (const actor of actors) {
      const ok = allowed.includes(actor);
      const refusal = outsiders.includes(actor) ? 404 : 403;
      it(`${action} by ${actor}: ${ok ? 'allowed' : `refused with ${refusal}`}`, async () => {
        const upl = await t.upload('citizen', PDF);
        const d = (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(upl) })).body;
        const res = await t.call('POST', `/api/dossiers/${d.code}/actions/${action}`, { as: actor, body });
        expect(res.status).toBe(ok ? 200 : refusal);
        const after = await t.call('GET', `/api/dossiers/${d.code}`, { as: 'citizen' });
        expect(after.body.history).toHaveLength(ok ? 2 : 1);
      });
    }
  }

  it('only officers covering the dossier, and its applicant, can read it', async () => {
    const read = async (as: string) => (await t.call('GET', `/api/dossiers/${code}`, { as })).status;
    expect(await read('citizen')).toBe(200);
    expect(await read('reception')).toBe(200);
    expect(await read('leader')).toBe(200);
    expect(await read('manager')).toBe(200); // city level covers every ward
    expect(await read('citizen2')).toBe(404);
    expect(await read('btn.reception')).toBe(404);
    expect(await read('stp.reception')).toBe(404);
  });
});
