/**
 * 1 vs 2 API processes (issue 19) on this machine, same workload side by side: the real server
 * (scripts/start.mjs) on PostgreSQL, started with MOTCUA_WORKERS=1 then =2 over the same seeded schema,
 * driven by keep-alive clients (bench/http-client.ts; the cluster spreads connections over the
 * processes) that alternate the public catalogue (GET /api/procedures) and a desk's dossier list
 * (GET /api/dossiers as `reception`). Prints requests/s, p50 and p95 for each, and the ratio.
 *
 *   MOTCUA_TEST_DATABASE_URL=postgres://… npm run bench:processes [-- --seconds 10 --clients 8]
 *   (--short: 4 s, 4 clients)
 *
 * On a 2-core machine the load generator and PostgreSQL share the cores with the server, so the ratio
 * says how much a second process gains here, not on a server with more cores (docs/operations.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { HttpConnection } from './http-client.ts';
import { login } from './workload.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const short = args.includes('--short');
const SECONDS = Number(arg('seconds', short ? '4' : '10'));
const CLIENTS = Number(arg('clients', short ? '4' : '8'));
const DB_URL = process.env.MOTCUA_BENCH_DATABASE_URL ?? process.env.MOTCUA_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!DB_URL) {
  console.error('bench:processes needs PostgreSQL: set MOTCUA_TEST_DATABASE_URL (or DATABASE_URL). Two processes cannot share PGlite.');
  process.exit(2);
}
const PORT = 3800 + Math.floor(Math.random() * 90);
const BASE = `http://127.0.0.1:${PORT}`;
const schema = `bench_${randomBytes(5).toString('hex')}`;
const url = new URL(DB_URL);
url.searchParams.set('options', `-c search_path=${schema}`);

async function startServer(processes: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, DATABASE_URL: url.toString(), PORT: String(PORT), HOST: '127.0.0.1', MOTCUA_WORKERS: String(processes), MOTCUA_SEED_DEMO: 'true', MOTCUA_DEMO_HISTORY: '0', MOTCUA_SANDBOXES: 'false', MOTCUA_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Ready when the banner says so: the first process's banner (one process) or the primary's line once all listen.
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  const started = processes > 1 ? new RegExp(`${processes} API processes`) : /motcua đang chạy/;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server (${processes} processes) ended with ${child.exitCode}`);
    const ok = started.test(out) && (await fetch(`${BASE}/api/ready`).then((r) => r.status === 200, () => false));
    if (ok) break;
    if (Date.now() > deadline) throw new Error('the server was not ready in time');
    await new Promise((r) => setTimeout(r, 500));
  }
  // Start-up work that follows listening (snapshots, the first job runs) settles before measuring.
  await new Promise((r) => setTimeout(r, 3000));
  return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const ended = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await ended;
}

interface Result {
  processes: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  errors: number;
}

async function drive(processes: number): Promise<Result> {
  const token = await login(BASE, 'reception');
  const latencies: number[] = [];
  let errors = 0;
  const until = Date.now() + SECONDS * 1000;
  const warmUntil = Date.now() + 1000;
  const client = async (i: number) => {
    const conn = new HttpConnection(BASE);
    let n = i;
    try {
      while (Date.now() < until) {
        const started = performance.now();
        const a = n++ % 2 === 0 ? await conn.request('GET', '/api/procedures?q=dang%20ky', {}, '') : await conn.request('GET', '/api/dossiers?limit=20', { authorization: `Bearer ${token}` }, '');
        if (a.status !== 200) errors++;
        if (Date.now() > warmUntil) latencies.push(performance.now() - started);
      }
    } finally {
      conn.close();
    }
  };
  const begun = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  const measured = (Date.now() - Math.max(begun, warmUntil)) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { processes, requests: latencies.length, perSecond: latencies.length / measured, p50: at(0.5), p95: at(0.95), errors };
}

const admin = new pg.Client({ connectionString: DB_URL });
await admin.connect();
await admin.query(`CREATE SCHEMA ${schema}`);
const results: Result[] = [];
try {
  for (const processes of [1, 2]) {
    const server = await startServer(processes);
    try {
      results.push(await drive(processes));
    } finally {
      await stopServer(server);
    }
  }
} finally {
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
}
console.log(`\n1 vs 2 API processes — ${CLIENTS} keep-alive clients, ${SECONDS} s each, GET /api/procedures + GET /api/dossiers (reception), PostgreSQL`);
console.log('processes  requests/s     p50 ms   p95 ms   errors');
for (const r of results) console.log(`${String(r.processes).padStart(9)}  ${r.perSecond.toFixed(0).padStart(10)}  ${r.p50.toFixed(1).padStart(9)}  ${r.p95.toFixed(1).padStart(7)}  ${String(r.errors).padStart(7)}`);
const [one, two] = results as [Result, Result];
console.log(`ratio 2/1: requests/s ×${(two.perSecond / one.perSecond).toFixed(2)}, p50 ×${(two.p50 / one.p50).toFixed(2)}, p95 ×${(two.p95 / one.p95).toFixed(2)}  (cores: ${(await import('node:os')).availableParallelism()})`);
if (one.errors + two.errors > 0) process.exitCode = 1;
