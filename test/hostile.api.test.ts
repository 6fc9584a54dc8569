/**
 * Hostile input against every route of the route table (fast-check): malformed and mistyped bodies,
 * huge payloads, odd headers and content types, path traversal in parameters and file names. No answer
 * may be a 5xx, every error is problem+json, and a refused request leaves the database unchanged.
 */
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../src/server/app.ts';
import { BACKENDS, PDF, householdBusinessRequest, startTestApp, type TestApp } from './helpers.ts';

const TABLES = ['dossiers', 'dossier_actions', 'uploads', 'users', 'outbox', 'idempotency_keys'] as const;

const nasty = fc.oneof(
  fc.string(),
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

describe.each(BACKENDS)('hostile input (%s)', (backend) => {
  let t: TestApp;
  let code: string;
  beforeAll(async () => {
    t = await startTestApp(backend, { maxUploadBytes: 256 * 1024 });
    const u = await t.upload('citizen', PDF);
    code = (await t.call('POST', '/api/dossiers', { as: 'citizen', body: householdBusinessRequest(u) })).body.code;
  });
  afterAll(async () => {
    await t?.close();
  });

  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (n) => [n, await t.count(n)] as const)));

  for (const route of allRoutes()) {
    it(`${route.method} ${route.url} never answers 5xx and refusals change nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(undefined, 'citizen', 'admin', 'reception'), nasty, body, headers, async (as, segment, b, h) => {
          const url = route.url.replace(/:(\w+)/g, (_m, name: string) => (name === 'code' && segment.length % 3 === 0 ? encodeURIComponent(code) : encodeURIComponent(segment)));
          const before = await counts();
          const res = await t.call(route.method, url, {
            ...(as ? { as } : {}),
            headers: { ...h, ...(route.method === 'GET' ? {} : { 'content-type': b.type }) },
            ...(route.method === 'GET' ? {} : { rawBody: b.raw }),
          });
          expect(res.status, `${route.method} ${url.slice(0, 120)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) {
            expect(String(res.headers["content-type"]), `${route.method} ${url.slice(0, 120)} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`).toContain('application/problem+json');
            expect(typeof res.body.code).toBe('string');
            expect(await counts()).toEqual(before);
          }
        }),
        { numRuns: 12 },
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
});
