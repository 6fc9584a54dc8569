/**
 * Hostile input against every route of the route table (fast-check): malformed and mistyped bodies,
 * huge payloads, odd headers and content types, path traversal in parameters and file names, query
 * parameters of each route with hostile values. No answer may be a 5xx, every error is problem+json, and
 * a refused request leaves the database unchanged. Then the corpus of issue 12's 500s is replayed, and
 * the run reports how many answers were ≥ 500 (it must be 0).
 */
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { sql } from 'kysely';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../src/app.ts';
import { DEMO_PASSWORD } from '../src/demo/seed.ts';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';

/** Cases per route: 12 in the suite; MOTCUA_FUZZ_RUNS=200 for a longer hunt. */
const RUNS = Number(process.env.MOTCUA_FUZZ_RUNS ?? 12);
const TABLES = ['dossiers', 'dossier_actions', 'uploads', 'users', 'outbox', 'idempotency_keys'] as const;

// Issue 12: each of these answered 500 once (multibyte secret, lone surrogate, huge duration).
const CORPUS_STRINGS = ['ĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐ', '😀😀', 'ß'.repeat(20), '\ud800', 'a\udc00b', '100000wd', '99999999999m', '1e400', '2026-11-23T08:00:00+07:00', '15wd'];
/** Percent-encodes like encodeURIComponent, and a lone surrogate as its (invalid UTF-8) three bytes. */
const enc = (x: string) =>
  Array.from(x, (ch) => {
    const c = ch.codePointAt(0)!;
    return c >= 0xd800 && c <= 0xdfff ? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('') : encodeURIComponent(ch);
  }).join('');
const deepJson = (n: number) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`;

const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom(...CORPUS_STRINGS),
  fc.constantFrom('../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '%00', '\u0000', "' OR 1=1 --", '<script>alert(1)</script>', 'ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ', 'Đ'.repeat(300), '%', '%25%32%65', 'null', '-1', '9'.repeat(40)),
);
const body = fc.oneof(
  fc.json().map((j) => ({ raw: j, type: 'application/json' })),
  fc.jsonValue().map((v) => ({ raw: JSON.stringify(v), type: 'application/json' })),
  fc.record({ procedureCode: nasty, applicant: fc.jsonValue(), form: fc.jsonValue(), attachments: fc.jsonValue() }).map((v) => ({ raw: JSON.stringify(v), type: 'application/json' })),
  nasty.map((s) => ({ raw: s, type: 'application/json' })),
  nasty.map((s) => ({ raw: s, type: 'text/plain' })),
  nasty.map((s) => ({ raw: s, type: 'application/x-www-form-urlencoded' })),
  fc.uint8Array({ maxLength: 2048 }).map((u) => ({ raw: Buffer.from(u), type: 'application/octet-stream' })),
  fc.constant({ raw: '{"a":' + '['.repeat(5000), type: 'application/json' }),
  fc.constant({ raw: deepJson(5000), type: 'application/json' }),
  fc.constantFrom('{"fullName":"\\ud800"}', '{"\\udc00":1}', '["\\ud800\\ud800"]').map((raw) => ({ raw, type: 'application/json' })),
  fc.constant({ raw: JSON.stringify({ x: 'a'.repeat(1_100_000) }), type: 'application/json' }),
);
const headers = fc.record(
  {
    'accept-language': fc.oneof(fc.constantFrom('en', 'vi', '*', 'en;q=abc', ''), fc.string({ maxLength: 50 })),
    'idempotency-key': fc.oneof(nasty, fc.constant('k'.repeat(500))),
    origin: fc.constantFrom('null', 'https://evil.example', 'not a url'),
  },
  { requiredKeys: [] },
);

/** The query parameter names a route declares (its zod object), so hostile values reach its handler. */
function queryKeys(route: { query?: unknown }): string[] {
  const q = route.query as z.ZodObject | undefined;
  return q && q instanceof z.ZodObject ? Object.keys(q.shape) : [];
}

/** Routes whose valid call ends sessions of the caller. */
const ENDS_SESSIONS = new Set(['POST /api/auth/logout', 'DELETE /api/auth/sessions/:id', 'POST /api/auth/password', 'POST /api/auth/password-reset']);

describe.each(BACKENDS)('hostile input (%s)', (backend) => {
  let t: TestApp;
  let code: string;
  const tally = { requests: 0, fiveHundreds: 0 };
  beforeAll(async () => {
    t = await startTestApp(backend, { maxUploadBytes: 256 * 1024 });
    const u = await t.upload('citizen', PDF);
    code = (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) })).body.code;
  });
  afterAll(async () => {
    await t?.close();
  });

  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (n) => [n, await t.count(n)] as const)));

  /** Every answer passes through here, so the run can report how many were ≥ 500. */
  const send = async (...args: Parameters<TestApp['call']>) => {
    const res = await t.call(...args);
    tally.requests++;
    if (res.status >= 500) tally.fiveHundreds++;
    return res;
  };

  const signIn = async (username: string) =>
    (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } })).json().token as string;

  for (const route of allRoutes()) {
    const keys = queryKeys(route);
    const query = keys.length === 0 ? fc.constant('') : fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: keys.length }).map((d) => (Object.keys(d).length ? `?${new URLSearchParams(d)}` : ''));
    it(`${route.method} ${route.url} never answers 5xx and refusals change nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(undefined, 'citizen', 'admin', 'reception'), nasty, body, headers, query, async (as, segment, b, h, qs) => {
          const url = route.url.replace(/:(\w+)/g, (_m, name: string) => (name === 'code' && segment.length % 3 === 0 ? encodeURIComponent(code) : enc(segment))) + qs;
          const before = await counts();
          // Routes that can end a session get a session of their own, so that the shared one the other
          // tests use is not signed out by a body that happens to be valid.
          const ownSession = as && ENDS_SESSIONS.has(`${route.method} ${route.url}`);
          const auth: Record<string, string> = ownSession ? { authorization: `Bearer ${await signIn(as)}` } : {};
          const res = await send(route.method, url, {
            ...(as && !ownSession ? { as } : {}),
            headers: { ...h, ...auth, ...(route.method === 'GET' ? {} : { 'content-type': b.type }) },
            ...(route.method === 'GET' ? {} : { rawBody: b.raw }),
          });
          expect(res.status, `${route.method} ${url.slice(0, 120)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) {
            expect(String(res.headers["content-type"]), `${route.method} ${url.slice(0, 120)} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`).toContain('application/problem+json');
            expect(typeof res.body.code).toBe('string');
            expect(await counts()).toEqual(before);
          }
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('refuses decompression bombs and zip files, storing nothing', async () => {
    const before = await counts();
    const data = deflateSync(Buffer.alloc(110 * 1024 * 1024, 0x20));
    const bomb = Buffer.concat([Buffer.from(`%PDF-1.7\n1 0 obj << /Length ${data.length} /Filter /FlateDecode >>\nstream\n`), data, Buffer.from('\nendstream\nendobj\n%%EOF\n')]);
    const r = await t.call('POST', '/api/uploads?filename=bom.pdf', { as: 'citizen', rawBody: bomb, headers: { 'content-type': 'application/pdf' } });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('unsafe-file');
    const zip = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]);
    expect((await t.call('POST', '/api/uploads?filename=a.pdf', { as: 'citizen', rawBody: zip, headers: { 'content-type': 'application/pdf' } })).body.code).toBe('unsupported-file-type');
    expect(await counts()).toEqual(before);
  });

  it('replays the corpus of issue 12: none of those requests is a 5xx any more', async () => {
    const secretOf = (x: string) => `/api/public/dossiers/${encodeURIComponent(code)}?secret=${enc(x)}`;
    const replies = [
      ...(await Promise.all(CORPUS_STRINGS.map((x) => send('GET', secretOf(x))))),
      await send('GET', '/api/calendar-due?start=2026-11-23T08:00:00%2B07:00&duration=100000wd'),
      await send('GET', '/api/calendar-due?start=2026-11-23T08:00:00%2B07:00&duration=99999999999m'),
    ];
    for (const route of allRoutes().filter((r) => r.method !== 'GET')) {
      const url = route.url.replace(/:(\w+)/g, (_m, name: string) => (name === 'code' ? encodeURIComponent(code) : 'x'));
      for (const raw of [deepJson(5000), '{"fullName":"\\ud800"}']) {
        replies.push(await send(route.method, url, { as: 'admin', rawBody: raw, headers: { 'content-type': 'application/json' } }));
      }
    }
    const u = await t.upload('citizen', PDF);
    const lone = JSON.stringify(householdBusinessRequest(u)).replace('Nguyễn Văn An', '\\ud800An');
    replies.push(await send('POST', '/api/dossiers', { as: 'citizen', rawBody: lone, headers: { 'content-type': 'application/json' } }));
    // A code collision: the agency's daily counter wound back, so the next code is taken.
    await sql`UPDATE dossier_code_sequences SET last_value = last_value - 1`.execute(t.handle.db);
    try {
      const collision = await send('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) });
      expect([201, 409]).toContain(collision.status);
      replies.push(collision);
    } finally {
      await sql`UPDATE dossier_code_sequences SET last_value = last_value + 1`.execute(t.handle.db);
    }
    expect(replies.filter((r) => r.status >= 500).map((r) => `${r.status} ${JSON.stringify(r.body).slice(0, 120)}`)).toEqual([]);
  });

  it('reports 0 answers ≥ 500 over the whole run', () => {
    console.log(`hostile input (${backend}): ${tally.requests} requests, ${tally.fiveHundreds} answers ≥ 500`);
    expect(tally.requests).toBeGreaterThan(allRoutes().length * RUNS);
    expect(tally.fiveHundreds).toBe(0);
  });
});
