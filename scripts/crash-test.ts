/**
 * Crash safety: concurrent clients submit dossiers (with Idempotency-Key) and accept them while the
 * server is killed with SIGKILL mid-load; the server is restarted and we verify that
 *   - every acknowledged (2xx) submission is present exactly once,
 *   - every unacknowledged one, retried with the same key, yields exactly one dossier (never two),
 *   - every acknowledged accept is in the log exactly once, an unacknowledged one at most once,
 *   - every dossier's action-log hash chain verifies (motcua verify-logs).
 *
 *   npx tsx scripts/crash-test.ts --db pglite|postgres [--seconds 4] [--clients 6]
 * PostgreSQL: MOTCUA_TEST_DATABASE_URL names a database; the test works in a throwaway schema.
 * Exit status 0 when every check holds; the last line is a plain summary.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PDFDocument } from 'pdf-lib';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const backend = arg('db', 'pglite');
const seconds = Number(arg('seconds', '4'));
const clients = Number(arg('clients', '6'));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

async function main() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-crash-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', MOTCUA_DATA_DIR: dataDir, MOTCUA_SEED_DEMO: 'true', MOTCUA_DEMO_HISTORY: '0', LOG_LEVEL: 'warn' };
  let schema: string | null = null;
  if (backend === 'postgres') {
    const url = process.env.MOTCUA_TEST_DATABASE_URL;
    if (!url) throw new Error('MOTCUA_TEST_DATABASE_URL is needed for --db postgres');
    schema = `crash_${randomBytes(5).toString('hex')}`;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
    const u = new URL(url);
    u.searchParams.set('options', `-c search_path=${schema}`);
    env.DATABASE_URL = u.toString();
  } else {
    delete env.DATABASE_URL;
  }

  let server: ChildProcess | null = null;
  // Taken at spawn time: waiting for 'exit' later would miss an exit that already happened, and an
  // empty event loop would end this script silently with status 0.
  let exited: Promise<unknown> = Promise.resolve();
  const start = async () => {
    server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    exited = new Promise((r) => server!.once('exit', r));
    // Up to 90 s: under a full parallel test run on two cores, start-up (tsx, migrations, seed) is slow.
    for (let i = 0; i < 360; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) return;
      } catch {
        /* not yet */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('the server did not start');
  };

  const doc = await PDFDocument.create();
  doc.addPage();
  const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));

  await start();
  const login = async (username: string) => ((await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'motcua-demo' }) })).json()) as { token: string }).token;
  const citizen = await login('citizen');
  const reception = await login('reception');
  const auth = (t: string) => ({ authorization: `Bearer ${t}` });

  type Submission = { key: string; body: string; outcome: 'ack' | 'unknown'; code?: string };
  type Accept = { code: string; outcome: 'ack' | 'unknown' };
  const submissions: Submission[] = [];
  const accepts: Accept[] = [];
  let stop = false;

  const worker = async (n: number) => {
    while (!stop) {
      let uploadId: string;
      try {
        const r = await fetch(`${base}/api/uploads?filename=d.pdf`, { method: 'POST', headers: { ...auth(citizen), 'content-type': 'application/pdf' }, body: pdf, signal: AbortSignal.timeout(5000) });
        if (!r.ok) continue;
        uploadId = ((await r.json()) as { id: string }).id;
      } catch {
        if (stop) return;
        continue;
      }
      const key = randomUUID();
      const body = JSON.stringify({
        procedureCode: '2.000720.H29',
        receivingOrgId: 'phuong-sai-gon',
        applicant: { fullName: 'Nguyễn Văn An', idNumber: '079090001234', address: '12 Lê Lợi, Phường Sài Gòn', phone: '0901234567' },
        form: { businessName: `Hộ kinh doanh ${n}`, businessAddress: '34 Lê Lợi', businessLines: 'Ăn uống', capitalVnd: 50_000_000 },
        attachments: [{ componentCode: 'giay-de-nghi', uploadId }],
      });
      const s: Submission = { key, body, outcome: 'unknown' };
      submissions.push(s);
      try {
        // Every fourth request times out on the client side almost at once: the retry must not duplicate.
        const timeout = n % 4 === 0 && submissions.length % 4 === 0 ? 1 : 5000;
        const r = await fetch(`${base}/api/dossiers`, { method: 'POST', headers: { ...auth(citizen), 'content-type': 'application/json', 'idempotency-key': key }, body, signal: AbortSignal.timeout(timeout) });
        if (r.status === 201 || r.status === 200) {
          s.outcome = 'ack';
          s.code = ((await r.json()) as { code: string }).code;
        }
      } catch {
        continue;
      }
      if (!s.code) continue;
      const a: Accept = { code: s.code, outcome: 'unknown' };
      accepts.push(a);
      try {
        const r = await fetch(`${base}/api/dossiers/${s.code}/actions/accept`, { method: 'POST', headers: { ...auth(reception), 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(5000) });
        if (r.ok) a.outcome = 'ack';
      } catch {
        /* unknown */
      }
    }
  };

  const running = Array.from({ length: clients }, (_, i) => worker(i));
  await new Promise((r) => setTimeout(r, seconds * 1000));
  server!.kill('SIGKILL');
  stop = true;
  await Promise.allSettled(running);
  await exited;

  await start();
  const failures: string[] = [];
  // Retry every submission whose answer we never saw, with the same key and body.
  for (const s of submissions.filter((x) => x.outcome === 'unknown')) {
    const r = await fetch(`${base}/api/dossiers`, { method: 'POST', headers: { ...auth(citizen), 'content-type': 'application/json', 'idempotency-key': s.key }, body: s.body });
    if (r.status !== 200 && r.status !== 201) failures.push(`retry of ${s.key} answered ${r.status}`);
    else s.code = ((await r.json()) as { code: string }).code;
  }
  const codes = submissions.map((s) => s.code).filter(Boolean) as string[];
  if (new Set(codes).size !== codes.length) failures.push('two keys produced the same dossier');
  const list = (await (await fetch(`${base}/api/dossiers?limit=1`, { headers: auth(citizen) })).json()) as { total: number };
  if (list.total !== submissions.length) failures.push(`${list.total} dossiers for ${submissions.length} idempotency keys (lost or duplicated)`);
  for (const s of submissions.filter((x) => x.outcome === 'ack')) {
    const r = await fetch(`${base}/api/dossiers/${s.code}`, { headers: auth(citizen) });
    if (r.status !== 200) failures.push(`acknowledged dossier ${s.code} is missing`);
  }
  for (const a of accepts) {
    const d = (await (await fetch(`${base}/api/dossiers/${a.code}`, { headers: auth(citizen) })).json()) as { history: Array<{ action: string }> };
    const n = d.history.filter((h) => h.action === 'accept').length;
    if (a.outcome === 'ack' && n !== 1) failures.push(`acknowledged accept of ${a.code} appears ${n} times`);
    if (n > 1) failures.push(`accept of ${a.code} appears ${n} times`);
  }
  server!.kill('SIGTERM');
  await exited;

  const verify = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'verify-logs'], { env: { ...env, MOTCUA_CLI: '1' }, encoding: 'utf8' });
  if (verify.status !== 0) failures.push(`verify-logs: ${verify.stdout.trim()} ${verify.stderr.trim()}`);

  if (schema) {
    const c = new pg.Client({ connectionString: process.env.MOTCUA_TEST_DATABASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA ${schema} CASCADE`);
    await c.end();
  }
  rmSync(dataDir, { recursive: true, force: true });

  const acked = submissions.filter((s) => s.outcome === 'ack').length;
  const out: string[] = [];
  out.push(`crash test (${backend}): killed after ${seconds}s with ${clients} clients; ${submissions.length} submissions (${acked} acknowledged, ${submissions.length - acked} retried after the crash), ${accepts.length} accepts (${accepts.filter((a) => a.outcome === 'ack').length} acknowledged); ${verify.stdout.trim().split('\n').pop()}`);
  for (const f of failures) out.push(`FAIL: ${f}`);
  out.push(`${failures.length === 0 ? 1 : 0} passed, ${failures.length === 0 ? 0 : 1} failed`);
  // Exit only once stdout has flushed: process.exit() can cut a pipe's pending output.
  process.stdout.write(`${out.join('\n')}\n`, () => process.exit(failures.length === 0 ? 0 : 1));
}

// Never end silently: if the event loop empties before main() settles, that is a failure.
const guard = setInterval(() => {}, 1 << 30);
main()
  .catch((e) => {
    console.error(e);
    process.exit(1);
  })
  .finally(() => clearInterval(guard));
