/**
 * Integration test harness: the real app (Fastify inject, no port) on a fresh database per test file:
 * in-memory PGlite, and PostgreSQL too when MOTCUA_TEST_DATABASE_URL is set (a throwaway schema).
 * The clock is the test's to move.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { openAndMigrate, type DatabaseHandle } from '../src/platform/db/db.ts';
import { createContext, type AppContext, type AppConfig } from '../src/context.ts';
import { seedDemoIfEmpty, DEMO_PASSWORD } from '../src/demo/seed.ts';
import { buildApp } from '../src/app.ts';
import { PDFDocument } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { regularFontBytes } from '../src/modules/documents/fonts.ts';

export type Backend = 'pglite' | 'postgres';
const PG_URL = process.env.MOTCUA_TEST_DATABASE_URL;
export const BACKENDS: Backend[] = PG_URL ? ['pglite', 'postgres'] : ['pglite'];

export class TestClock {
  constructor(public now: Date) {}
  readonly get = () => this.now;
  set(iso: string) {
    this.now = new Date(iso);
  }
  advanceMinutes(n: number) {
    this.now = new Date(this.now.getTime() + n * 60_000);
  }
}

export interface CallResult {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, string | string[] | number | undefined>;
  raw: Buffer;
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: TestClock;
  handle: DatabaseHandle;
  token(username: string): Promise<string>;
  call(method: string, url: string, options?: { as?: string; body?: unknown; headers?: Record<string, string>; rawBody?: Buffer | string }): Promise<CallResult>;
  upload(as: string, bytes: Buffer, filename?: string): Promise<string>;
  count(table: 'dossiers' | 'dossier_actions' | 'uploads' | 'users' | 'outbox' | 'idempotency_keys' | 'drafts'): Promise<number>;
  close(): Promise<void>;
}

/** A real one-page PDF (pdf-lib), so results can be stamped and signed. */
export async function makePdf(line = 'GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(regularFontBytes(), { subset: true });
  doc.addPage([595.28, 841.89]).drawText(line, { x: 60, y: 760, size: 14, font });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
export const PDF = await makePdf();

export async function startTestApp(backend: Backend, config: Partial<AppConfig> = {}, start = '2026-11-23T08:00:00+07:00'): Promise<TestApp> {
  const schema = backend === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const handle = await openAndMigrate(backend === 'postgres' ? { databaseUrl: PG_URL!, schema, poolSize: 8 } : { dataDir: null });
  const clock = new TestClock(new Date(start));
  const ctx = createContext(handle.db, { clock: clock.get, config: { sessionTtlHours: 24 * 365 * 10, ...config } });
  await seedDemoIfEmpty(ctx, { enabled: true });
  // scripts/run-tests.mjs collects every test app's error log in one file and greps it for personal data.
  const app = await buildApp(ctx, { logFile: process.env.MOTCUA_TEST_LOG_FILE });
  const tokens = new Map<string, Promise<string>>();

  const call: TestApp['call'] = async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = `Bearer ${await token(options.as)}`;
    let payload: string | Buffer | undefined;
    if (options.rawBody !== undefined) payload = options.rawBody;
    else if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.inject({ method: method as 'GET', url, headers, payload });
    const type = String(res.headers['content-type'] ?? '');
    return { status: res.statusCode, body: type.includes('json') ? res.json() : res.body, headers: res.headers, raw: res.rawPayload };
  };
  // One sign-in per user, shared by parallel callers: sign-in attempts are counted per account before
  // the password is checked (src/modules/identity/login-throttle.ts), so a burst of parallel sign-ins of one
  // name is throttled like a burst of guesses.
  const token = (username: string) => {
    let pending = tokens.get(username);
    if (!pending) {
      pending = (async () => {
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
        if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
        return res.json().token as string;
      })();
      pending.catch(() => tokens.delete(username));
      tokens.set(username, pending);
    }
    return pending;
  };
  return {
    app,
    ctx,
    clock,
    handle,
    token,
    call,
    async upload(as, bytes, filename = 'tep.pdf') {
      const res = await call('POST', `/api/uploads?filename=${encodeURIComponent(filename)}`, { as, rawBody: bytes, headers: { 'content-type': 'application/octet-stream' } });
      if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    },
    async count(table) {
      const r = await handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async close() {
      await app.close();
      await handle.close();
      if (schema) {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      }
    },
  };
}

/** The demo household business registration, submitted at Phường Sài Gòn. */
export function householdBusinessRequest(uploadId: string, overrides: Record<string, unknown> = {}) {
  return {
    procedureCode: '2.000720.H29',
    receivingOrgId: 'phuong-sai-gon',
    applicant: { type: 'individual', fullName: 'Nguyễn Văn An', idNumber: '079090001234', address: '12 Lê Lợi, Phường Sài Gòn, TP. Hồ Chí Minh', phone: '0901234567' },
    form: { businessName: 'Hộ kinh doanh Phở Bà Sáu', businessAddress: '34 Lê Lợi, Phường Sài Gòn', businessLines: 'Dịch vụ ăn uống', capitalVnd: 50_000_000 },
    attachments: [{ componentCode: 'giay-de-nghi', uploadId }],
    ...overrides,
  };
}
