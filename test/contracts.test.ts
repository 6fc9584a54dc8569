/**
 * Response contracts (issue 13, item 7): every JSON route declares the schema of its answer
 * (src/modules/<feature>/contracts.ts), the OpenAPI document carries it, and tests check every answer against it
 * (test/helpers.ts builds the app with checkResponses; src/platform/http/response-check.ts).
 */
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes, buildApp } from '../src/app.ts';
import { defineRoute, type AnyRoute } from '../src/platform/http/route.ts';
import { contractProblems } from '../src/platform/http/response-check.ts';
import { DossierView } from '../src/modules/dossiers/contracts.ts';
import { startTestApp, type TestApp } from './helpers.ts';

/** A route answers something other than JSON (a file, a page, a CSV) or nothing at all (204). */
const notJson = (r: AnyRoute) => r.success?.status === 204 || (r.success?.contentType !== undefined && r.success.contentType !== 'application/json');

describe('every route declares its answer', () => {
  it('a JSON route has a response schema; the others name their media type or answer 204', () => {
    const missing = allRoutes().filter((r) => !r.response && !notJson(r)).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('the OpenAPI document carries each schema as the success answer', async () => {
    const t = await startTestApp('pglite');
    try {
      const doc = (await t.call('GET', '/api/openapi.json')).body;
      for (const r of allRoutes()) {
        const op = doc.paths[r.url.replace(/:(\w+)/g, '{$1}')][r.method.toLowerCase()];
        const success = op.responses[String(r.success?.status ?? 200)];
        if (r.success?.status === 204) expect(success.content, `${r.method} ${r.url}`).toBeUndefined();
        else if (r.response) expect(Object.keys(success.content['application/json'].schema), `${r.method} ${r.url}`).toEqual(expect.arrayContaining([expect.stringMatching(/^(type|anyOf)$/)]));
        else expect(Object.keys(success.content), `${r.method} ${r.url}`).toEqual([r.success!.contentType]);
      }
      const dossier = doc.paths['/api/dossiers/{code}'].get.responses['200'].content['application/json'].schema;
      expect(dossier.required).toEqual(expect.arrayContaining(['code', 'version', 'status', 'history', 'availableActions']));
      expect(dossier.properties.status.enum).toContain('awaiting_supplement');
    } finally {
      await t.close();
    }
  });
});

describe('contractProblems', () => {
  const Thing = z.object({ id: z.string(), at: z.string(), tags: z.array(z.object({ name: z.string() })), extra: z.looseObject({ kind: z.string() }) });

  it('accepts an answer as the client receives it (dates as ISO strings)', () => {
    expect(contractProblems(Thing, { id: 'a', at: new Date('2026-11-23T01:00:00Z'), tags: [{ name: 'x' }], extra: { kind: 'k', more: 1 } })).toEqual([]);
  });

  it('names a missing or mistyped field', () => {
    expect(contractProblems(Thing, { id: 1, tags: [], extra: { kind: 'k' } })).toEqual([expect.stringMatching(/^id: /), expect.stringMatching(/^at: /)]);
  });

  it('names a field the contract does not declare, however deep', () => {
    expect(contractProblems(Thing, { id: 'a', at: 'x', tags: [{ name: 'x', secret: 's' }], extra: { kind: 'k' }, passwordHash: 'h' })).toEqual([
      'tags[0].secret: not declared in the response schema',
      'passwordHash: not declared in the response schema',
    ]);
  });

  it('the dossier view contract refuses a dossier without its history', () => {
    expect(contractProblems(DossierView, { code: 'X' }).length).toBeGreaterThan(10);
  });
});

describe('the server checks answers in tests and never reshapes them in production', () => {
  let t: TestApp;
  const leaky = defineRoute({
    method: 'GET',
    url: '/api/leaky',
    summary: 'Answers more than its contract says',
    tag: 'system',
    access: 'public',
    response: z.object({ name: z.string() }),
    handler: async () => ({ name: 'a', passwordHash: 'h' }),
  });
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('with checkResponses, an answer that breaks its contract is a loud 500 naming the field', async () => {
    const app = await buildApp(t.ctx, { checkResponses: true, routes: [leaky] });
    const muted = console.error;
    console.error = () => {}; // the breach is printed on purpose; keep this test's output quiet
    try {
      const res = await app.inject({ method: 'GET', url: '/api/leaky' });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ code: 'response-contract-broken' });
      expect(res.json().detail).toContain('passwordHash: not declared');
    } finally {
      console.error = muted;
      await app.close();
    }
  });

  it('without it (production), the answer is sent as the handler made it', async () => {
    const app = await buildApp(t.ctx, { checkResponses: false, routes: [leaky] });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/leaky' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ name: 'a', passwordHash: 'h' });
    } finally {
      await app.close();
    }
  });

  it('the test harness checks: a real answer parses with its route contract', async () => {
    const res = await t.call('GET', '/api/dossiers/summary', { as: 'reception' });
    expect(res.status).toBe(200);
    const route = allRoutes().find((r) => r.url === '/api/dossiers/summary')!;
    expect(contractProblems(route.response!, res.body)).toEqual([]);
  });
});
