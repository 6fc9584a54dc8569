/**
 * Issue 19, logs: the server's own JSON log (pino) of real requests — a sign-in with a password, a
 * submission with an identity number, phone, address and name — holds the request id and none of the
 * secrets or personal data. Captured from a stream at debug level with one line per request, the most
 * the log ever says.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openAndMigrate, type DatabaseHandle } from '../src/platform/db/db.ts';
import { createContext } from '../src/context.ts';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../src/demo/seed.ts';
import { buildApp } from '../src/app.ts';
import { householdBusinessRequest, PDF } from './helpers.ts';

describe('structured logs without personal data', () => {
  const lines: string[] = [];
  let app: FastifyInstance;
  let handle: DatabaseHandle;
  const saved = { level: process.env.MOTCUA_LOG_LEVEL, requests: process.env.MOTCUA_LOG_REQUESTS };

  beforeAll(async () => {
    process.env.MOTCUA_LOG_LEVEL = 'debug';
    process.env.MOTCUA_LOG_REQUESTS = 'true';
    handle = await openAndMigrate({ dataDir: null });
    const ctx = createContext(handle.db, { clock: () => new Date('2026-11-23T08:00:00+07:00') });
    await seedDemoIfEmpty(ctx, { enabled: true });
    const logStream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    app = await buildApp(ctx, { logStream });
  });
  afterAll(async () => {
    process.env.MOTCUA_LOG_LEVEL = saved.level;
    process.env.MOTCUA_LOG_REQUESTS = saved.requests;
    if (saved.level === undefined) delete process.env.MOTCUA_LOG_LEVEL;
    if (saved.requests === undefined) delete process.env.MOTCUA_LOG_REQUESTS;
    await app?.close();
    await handle?.close();
  });

  it('logs JSON lines with the request id, at the configured level, and no password, token, identity number, phone, address or name', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-request-id': 'trace-login-000001' }, payload: { username: 'citizen', password: DEMO_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const token = login.json().token as string;
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login?password=in-the-url-secret', payload: { username: 'citizen', password: 'sai-mat-khau-1234' } });
    expect(wrong.statusCode).toBe(401);
    const upload = await app.inject({ method: 'POST', url: '/api/uploads?filename=tep.pdf', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, payload: PDF });
    expect(upload.statusCode).toBe(201);
    const body = householdBusinessRequest(upload.json().id);
    const submitted = await app.inject({ method: 'POST', url: '/api/dossiers', headers: { authorization: `Bearer ${token}`, cookie: `motcua_session=${token}`, 'x-request-id': 'trace-submit-000002' }, payload: body });
    expect(submitted.statusCode).toBe(201);
    // A log call that is handed personal data by mistake is censored by the redaction rules.
    app.log.warn({ body, password: DEMO_PASSWORD, applicant: body.applicant, headers: { authorization: `Bearer ${token}` } }, 'a careless log call');
    await new Promise((r) => setTimeout(r, 50));

    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(4);
    expect(records.some((r) => r.level === 20 || r.level === 30)).toBe(true);
    expect(records.some((r) => r.reqId === 'trace-login-000001')).toBe(true);
    expect(records.some((r) => r.reqId === 'trace-submit-000002')).toBe(true);
    expect(records.find((r) => r.msg === 'a careless log call')).toMatchObject({ body: '[redacted]', password: '[redacted]' });
    const text = lines.join('\n');
    for (const secret of [DEMO_PASSWORD, 'sai-mat-khau-1234', 'in-the-url-secret', token, body.applicant.idNumber, body.applicant.phone, body.applicant.fullName, body.applicant.address, 'Phở Bà Sáu']) {
      expect(text, `the log holds ${secret}`).not.toContain(secret);
    }
  });
});
