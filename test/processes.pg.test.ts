/**
 * Issue 19, several API processes: the real server started as 2 processes (`MOTCUA_WORKERS=2`,
 * node:cluster) over one PostgreSQL schema. Sign-ins sent on fresh connections (the cluster hands
 * connections to the processes in turn) are throttled after the limit across both processes, and
 * outbox messages are delivered once each although both processes run the outbox loop every second.
 * Needs MOTCUA_TEST_DATABASE_URL (PostgreSQL); PGlite cannot be shared by two processes (refused: see
 * the last test).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { BACKOFF_AFTER } from '../src/modules/identity/domain/login-backoff.ts';

const PG_URL = process.env.MOTCUA_TEST_DATABASE_URL;
const PORT = 3900 + Math.floor(Math.random() * 90);
const schema = `p_${randomBytes(6).toString('hex')}`;

/** One request on a connection of its own (no keep-alive), so the cluster may hand it to either process. */
function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ host: '127.0.0.1', port: PORT, method, path, agent: false, headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {} }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

const childrenOf = (pid: number): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);

describe.skipIf(!PG_URL)('2 API processes over one PostgreSQL', () => {
  let server: ChildProcess;
  let client: pg.Client;
  let log = '';

  beforeAll(async () => {
    client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(PG_URL!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    server = spawn(process.execPath, ['scripts/start.mjs'], {
      env: { ...process.env, DATABASE_URL: url.toString(), PORT: String(PORT), HOST: '127.0.0.1', MOTCUA_WORKERS: '2', MOTCUA_SEED_DEMO: 'true', MOTCUA_DEMO_HISTORY: '0', MOTCUA_SANDBOXES: 'false', MOTCUA_OUTBOX_INTERVAL_SECONDS: '1', MOTCUA_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (c) => (log += c));
    server.stderr!.on('data', (c) => (log += c));
    const deadline = Date.now() + 240_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the server ended: ${log}`);
      const ready = await call('GET', '/api/ready').catch(() => null);
      if (ready?.status === 200 && /2 API processes/.test(log)) break;
      if (Date.now() > deadline) throw new Error(`not ready in time: ${log}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }, 260_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const ended = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await ended;
    }
    await client?.query(`DROP SCHEMA ${schema} CASCADE`);
    await client?.end();
  }, 60_000);

  it('runs two server processes under the primary', () => {
    // The primary's children that are server processes: tsx may also start an esbuild service as a child
    // (a cold transform cache, as on a fresh CI clone), which is not one of them.
    const servers = childrenOf(server.pid!).filter((pid) => !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('esbuild'));
    expect(servers).toHaveLength(2);
  });

  it('throttles sign-ins after the limit across both processes (the count is in the database)', async () => {
    // A burst of 8 wrong passwords on 8 connections, spread over both processes: the first few are counted
    // (under a row lock in the shared table) and refused as wrong; the rest arrive within the backoff and
    // are refused without a password check. Counted per process, each process would let its own first ones through.
    const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => call('POST', '/api/auth/login', { username: 'reception', password: `sai-${i}-mat-khau` })));
    const wrong = burst.filter((r) => r.status === 401).length;
    const throttled = burst.filter((r) => r.status === 429).length;
    expect(wrong + throttled).toBe(8);
    expect(throttled).toBeGreaterThanOrEqual(8 - BACKOFF_AFTER);
    expect(wrong).toBeLessThanOrEqual(BACKOFF_AFTER);
    const { rows } = await client.query(`SELECT failures FROM ${schema}.login_failures WHERE username = 'reception'`);
    expect(rows[0].failures).toBe(wrong);
  });

  it('delivers each outbox message once although both processes run the outbox loop', async () => {
    // feedback.otp messages without a contact: the notifications handler accepts them and sends nothing.
    await client.query(`INSERT INTO ${schema}.outbox (topic, payload, created_at) SELECT 'feedback.otp', '{}'::jsonb, now() FROM generate_series(1, 60)`);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${schema}.outbox WHERE topic = 'feedback.otp' AND status <> 'delivered'`);
      if (rows[0].n === 0) break;
      if (Date.now() > deadline) throw new Error(`${rows[0].n} messages still undelivered`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const { rows } = await client.query(
      `SELECT d.attempts, count(*)::int AS n FROM ${schema}.outbox o JOIN ${schema}.outbox_deliveries d ON d.message_id = o.id WHERE o.topic = 'feedback.otp' GROUP BY 1`,
    );
    // One delivery row per message, each handed to the handler once.
    expect(rows).toEqual([{ attempts: 1, n: 60 }]);
  }, 70_000);

  it('refuses several processes on the embedded database (PGlite) with a clear message', () => {
    const r = spawnSync(process.execPath, ['scripts/start.mjs'], { env: { ...process.env, DATABASE_URL: '', MOTCUA_WORKERS: '2', MOTCUA_DATA_DIR: '/nonexistent-motcua' }, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/2 processes need PostgreSQL \(DATABASE_URL\)/);
  }, 70_000);
});
