/**
 * The benchmark workload, shared by `bench/api.ts` (HTTP load and pgbench baseline) and
 * `bench/protocol.ts`: one dossier's life through the API (upload, submit with Idempotency-Key,
 * accept, hand over twice) and the capture of the SQL statements it executes.
 */
import { randomBytes } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { buildApp } from '../src/app.ts';

/** One HTTP request of the workload, by whatever transport (bench/http-client.ts, or Fastify's inject). */
export type Call = (method: string, url: string, token: string, body: string | Buffer, type: string, extra?: Record<string, string>) => Promise<{ status: number; json: () => Promise<unknown> }>;

/** A one-page PDF, the file every lifecycle uploads. */
export async function onePagePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage();
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/**
 * A benchmark uploads thousands of files as one citizen in a minute: far past the daily quota
 * (MOTCUA_UPLOAD_DAILY_*). The quota stays on — its one upsert per upload is part of what is
 * measured — with limits no run reaches.
 */
const UNREACHED = { files: 1_000_000_000, bytes: 1_000_000 * 1024 * 1024 * 1024 };
export const BENCH_CONFIG = { uploadQuota: { citizen: UNREACHED, staff: UNREACHED } };
export const BENCH_ENV = { MOTCUA_UPLOAD_DAILY_FILES: String(UNREACHED.files), MOTCUA_UPLOAD_DAILY_MB: String(1_000_000_000), MOTCUA_UPLOAD_DAILY_FILES_STAFF: String(UNREACHED.files), MOTCUA_UPLOAD_DAILY_MB_STAFF: String(1_000_000_000) };

export interface Client {
  base: string;
  citizen: string;
  reception: string;
  specialist: string;
}

export async function login(base: string, username: string): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'motcua-demo' }) });
  return ((await r.json()) as { token: string }).token;
}

const submitBody = (uploadId: string) =>
  JSON.stringify({
    procedureCode: '2.000720.H29',
    receivingOrgId: 'phuong-sai-gon',
    applicant: { fullName: 'Nguyễn Văn An', idNumber: '079090001234', address: '12 Lê Lợi, Phường Sài Gòn', phone: '0901234567' },
    form: { businessName: 'Phở Bà Sáu', businessAddress: '34 Lê Lợi', businessLines: 'Ăn uống', capitalVnd: 50_000_000 },
    attachments: [{ componentCode: 'giay-de-nghi', uploadId }],
  });

/** One lifecycle: 5 requests. Returns each request's latency (ms), or throws on a non-2xx answer. */
export async function lifecycle(c: Client, pdf: Buffer, key: string, call: Call): Promise<number[]> {
  const times: number[] = [];
  const timed = async (method: string, url: string, token: string, body: string | Buffer, type: string, extra?: Record<string, string>) => {
    const t0 = performance.now();
    const r = await call(method, url, token, body, type, extra);
    const out = (await r.json()) as Record<string, unknown>;
    times.push(performance.now() - t0);
    if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(out).slice(0, 200)}`);
    return out;
  };
  const up = await timed('POST', '/api/uploads?filename=d.pdf', c.citizen, pdf, 'application/pdf');
  const d = await timed('POST', '/api/dossiers', c.citizen, submitBody(up.id as string), 'application/json', { 'idempotency-key': key });
  const code = d.code as string;
  await timed('POST', `/api/dossiers/${code}/actions/accept`, c.reception, '{}', 'application/json');
  await timed('POST', `/api/dossiers/${code}/actions/hand_over`, c.reception, '{}', 'application/json');
  await timed('POST', `/api/dossiers/${code}/actions/hand_over`, c.specialist, '{}', 'application/json');
  return times;
}

export interface Statement {
  text: string;
  params: readonly unknown[];
}

/** An app opened on a database with a query hook, and how to close both. */
export type OpenApp = (onQuery: (text: string, params: readonly unknown[]) => void) => Promise<{ close(): Promise<void>; app: Awaited<ReturnType<typeof buildApp>> }>;

/** The values that make a lifecycle unique; a replay must vary them to insert new rows. */
export interface CapturedId {
  id: string;
  kind: 'upload' | 'dossier' | 'code' | 'key';
}

/**
 * Runs two lifecycles in-process (Fastify inject) and returns the statements each request of the
 * second executed, as sent (text and parameters), and its unique values. The first only warms the
 * app's caches: a cold first lifecycle reads the organisation tree, calendars and the like, which a
 * running server does not do per lifecycle, and would make the baseline do more than the API.
 */
export async function captureLifecycle(open: OpenApp, pdf: Buffer): Promise<{ requests: Statement[][]; ids: CapturedId[] }> {
  let current: Statement[] | null = null;
  const requests: Statement[][] = [];
  const { app, close } = await open((text, params) => current?.push({ text, params: [...params] }));
  const tok = async (u: string) => (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u, password: 'motcua-demo' } })).json().token as string;
  const c = { base: '', citizen: await tok('citizen'), reception: await tok('reception'), specialist: await tok('specialist') };
  const key = `capturekey${randomBytes(6).toString('hex')}`;
  const seen = new Set<string>();
  let capturing = false;
  const call: Call = async (method, url, token, body, type, extra = {}) => {
    current = capturing ? [] : null;
    const res = await app.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': type, ...extra }, payload: body });
    if (current) requests.push(current);
    current = null;
    const j = res.json() as Record<string, unknown>;
    if (capturing) for (const v of [j.id, j.code]) if (typeof v === 'string') seen.add(v);
    return { status: res.statusCode, json: async () => j };
  };
  // A first lifecycle fills the server's caches (organisations, calendars, procedures); the baseline
  // is the second, which executes what a warm server executes for every lifecycle.
  await lifecycle(c, pdf, `${key}warm`, call);
  capturing = true;
  await lifecycle(c, pdf, key, call);
  await close();
  const ids: CapturedId[] = [...seen].map((id) => ({ id, kind: id.startsWith('upl_') ? 'upload' : id.startsWith('dos_') ? 'dossier' : 'code' }));
  return { requests, ids: [...ids, { id: key, kind: 'key' }] };
}
