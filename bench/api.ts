/**
 * Throughput against the database's own limit (issue 6).
 *
 * The workload is one dossier's life through the HTTP API: upload a file, submit (with
 * Idempotency-Key), accept, hand over twice — five requests, four of them writes. We run it with C
 * concurrent clients for S seconds against a server in its own process, and next to it, in the same
 * run and on the same database, pgbench executes the very SQL statements those five requests execute
 * (captured from the app's query log, parameters inlined, unique ids varied per run). The ratio of
 * lifecycles per second is the API's share of what the database alone can do.
 *
 * The same on PGlite (the embedded default), where the baseline replays the captured statements
 * in-process on the same data folder. Then catalogue search latency with ~2,000 procedures against
 * the same query straight to PostgreSQL, and the PDF rate.
 *
 *   npm run bench [-- --seconds 10 --clients 8]      (--short: 3 s, 4 clients, for CI)
 * Writes bench/results/latest.{json,md,svg}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { HttpConnection } from './http-client.ts';
import { sql } from 'kysely';
import { openAndMigrate, openDatabase } from '../src/platform/db/db.ts';
import { createContext } from '../src/context.ts';
import { buildApp } from '../src/app.ts';
import { pdfRates } from './pdf.ts';
import { perUnit, postgresCpuMs, processCpuMs, spawnSyncTimed } from './cpu.ts';
import { inline } from './sql-literal.ts';
import { captureLifecycle, lifecycle, login, onePagePdf, type Call, type Client, type OpenApp, BENCH_CONFIG, BENCH_ENV } from './workload.ts';

const args = process.argv.slice(2);
const short = args.includes('--short');
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const SECONDS = Number(arg('seconds', short ? '3' : '10'));
/**
 * Unmeasured load before each measured phase, on both sides: the server's JIT compiles its hot paths
 * in the first seconds (a fresh server ran its first 3 s about 10 % slower), and pgbench's
 * connections and PostgreSQL's caches settle the same way.
 */
const WARMUP_SECONDS = Number(arg('warmup', short ? '1' : '2'));
const CLIENTS = Number(arg('clients', short ? '4' : '8'));
const PG_URL = process.env.MOTCUA_BENCH_DATABASE_URL ?? process.env.MOTCUA_TEST_DATABASE_URL ?? 'postgres://motcua:motcua@localhost:5432/motcua_test';

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const r1 = (n: number) => Math.round(n * 10) / 10;
const na = (v: number | null) => (v === null ? 'n/a' : String(v));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

// ---- the workload (bench/workload.ts) --------------------------------------------------------

/** A simulated client's calls, on its own keep-alive connection (bench/http-client.ts). */
const httpCall = (connection: HttpConnection): Call => async (method, url, token, body, type, extra = {}) => {
  const res = await connection.request(method, url, { authorization: `Bearer ${token}`, 'content-type': type, ...extra }, body);
  return { status: res.status, json: async () => JSON.parse(res.body.toString('utf8')) as unknown };
};

async function apiLoad(c: Client, pdf: Buffer, seconds = SECONDS) {
  const requestMs: number[] = [];
  const lifecycleMs: number[] = [];
  let errors = 0;
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      const connection = new HttpConnection(c.base);
      const call = httpCall(connection);
      while (performance.now() < end) {
        const l0 = performance.now();
        try {
          requestMs.push(...(await lifecycle(c, pdf, `bench-${i}-${n++}-${randomBytes(4).toString('hex')}`, call)));
          lifecycleMs.push(performance.now() - l0);
        } catch (e) {
          if (errors++ < 3) console.error(String(e));
        }
      }
      connection.close();
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  return {
    lifecycles: lifecycleMs.length,
    lifecyclesPerSecond: r1(lifecycleMs.length / elapsed),
    requestsPerSecond: r1(requestMs.length / elapsed),
    actionsPerSecond: r1((lifecycleMs.length * 4) / elapsed),
    requestMs: { p50: r1(pct(requestMs, 50)), p95: r1(pct(requestMs, 95)), p99: r1(pct(requestMs, 99)) },
    lifecycleMs: { p50: r1(pct(lifecycleMs, 50)), p95: r1(pct(lifecycleMs, 95)), p99: r1(pct(lifecycleMs, 99)) },
    errors,
  };
}

/**
 * The load, with the CPU each party spent per lifecycle: the server process, this process (the load
 * generator), and PostgreSQL's processes when they run on this machine (null otherwise).
 */
async function measuredLoad(c: Client, pdf: Buffer, serverPid: number | undefined, withPostgres: boolean) {
  if (WARMUP_SECONDS > 0) await apiLoad(c, pdf, WARMUP_SECONDS);
  const s0 = processCpuMs(serverPid);
  const p0 = withPostgres ? postgresCpuMs() : null;
  const g0 = process.cpuUsage();
  const api = await apiLoad(c, pdf);
  const g = process.cpuUsage(g0);
  const s1 = processCpuMs(serverPid);
  const p1 = withPostgres ? postgresCpuMs() : null;
  const cpuMsPerLifecycle = {
    server: perUnit(s0 === null || s1 === null ? null : s1 - s0, api.lifecycles),
    loadGenerator: perUnit((g.user + g.system) / 1000, api.lifecycles),
    postgres: perUnit(p0 === null || p1 === null ? null : p1 - p0, api.lifecycles),
  };
  return { ...api, cpuMsPerLifecycle };
}

// ---- capturing the app's SQL ------------------------------------------------------------------


/**
 * Runs one lifecycle in-process against the database and returns its statements, one list per
 * request, parameters inlined, with the run's unique ids replaced by expressions of the pgbench
 * variable :bi.
 */
async function captureStatements(open: OpenApp, pdf: Buffer): Promise<string[][]> {
  const { requests, ids } = await captureLifecycle(open, pdf);
  const to = { upload: 'upl_bench:bi', dossier: 'dos_bench:bi', code: 'BENCH-:bi', key: 'key:bi' } as const;
  return requests.map((stmts) => stmts.map((s) => ids.reduce((acc, { id, kind }) => acc.split(id).join(to[kind]), inline(s.text, s.params))));
}

/**
 * The statements exactly as the app sent them: its own begin/commit mark its transactions, and the
 * rest run in autocommit as they did in the app (no extra BEGIN/COMMIT around a request, which would
 * nest and change what commits when).
 */
function pgbenchScript(requests: string[][], mode: PgbenchMode = 'simple'): string {
  const statement = mode === 'prepared' ? withVariableOutsideLiterals : (s: string) => s;
  return ['\\set bi random(1, 9000000000000000)', ...requests.flatMap((stmts) => stmts.map((s) => `${statement(s)};`))].join('\n');
}

/**
 * pgbench's query modes: `simple` sends each statement's text with its values in it (the default);
 * `prepared` parses each script line once per connection and then binds only the :variables, which is
 * what the app does with its named statements (src/platform/db/prepared-pool.ts).
 */
type PgbenchMode = 'simple' | 'prepared';

/**
 * For `-M prepared`: pgbench turns every :bi into a bind parameter ($n), even inside a quoted literal,
 * where it would then be plain text. So each literal holding :bi becomes a concatenation around it,
 * cast back to jsonb when the literal is a JSON document (a text expression is not assignable to jsonb
 * as the untyped literal was).
 */
function withVariableOutsideLiterals(statement: string): string {
  return statement.replace(/'(?:[^']|'')*'/g, (lit) => {
    if (!lit.includes(':bi')) return lit;
    const body = lit.slice(1, -1);
    const parts = body.split(':bi').map((p) => `'${p}'`);
    const joined = `(${parts.join(' || :bi || ')})`;
    return /^[{[]/.test(body) ? `${joined}::jsonb` : joined;
  });
}

// ---- servers ----------------------------------------------------------------------------------

async function startServer(env: NodeJS.ProcessEnv, port: number): Promise<{ pid: number | undefined; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...env, ...BENCH_ENV, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  for (let i = 0; i < 160; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function clientFor(base: string): Promise<Client> {
  return { base, citizen: await login(base, 'citizen'), reception: await login(base, 'reception'), specialist: await login(base, 'specialist') };
}

// ---- phases -----------------------------------------------------------------------------------

/** pgbench on the captured lifecycle, in one query mode, with its rate, latency and CPU per lifecycle. */
function pgbenchRun(requests: string[][], schema: string, mode: PgbenchMode) {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-pgbench-'));
  try {
    const scriptFile = join(dir, 'lifecycle.sql');
    writeFileSync(scriptFile, pgbenchScript(requests, mode));
    const pgbench = (seconds: number, log: string[]) => {
      const run = spawnSyncTimed('pgbench', ['-n', '-M', mode, '-c', String(CLIENTS), '-j', '2', '-T', String(seconds), '-f', scriptFile, ...log, PG_URL], {
        env: { ...process.env, PGOPTIONS: `-c search_path=${schema}` },
        encoding: 'utf8',
        // Room for pgbench's progress and any notices: past spawnSync's 1 MB default the child is killed.
        maxBuffer: 64 * 1024 * 1024,
        cwd: dir,
      });
      if (run.status !== 0) throw new Error(`pgbench -M ${mode} failed (exit ${run.status}): ${run.stderr}`);
      return run;
    };
    if (WARMUP_SECONDS > 0) pgbench(WARMUP_SECONDS, []);
    const pg0 = postgresCpuMs();
    const run = pgbench(SECONDS, ['-l', '--log-prefix', join(dir, 'log')]);
    const pg1 = postgresCpuMs();
    const tps = Number(/tps = ([\d.]+)/.exec(run.stdout)?.[1]);
    const done = Number(/number of transactions actually processed: (\d+)/.exec(run.stdout)?.[1] ?? 0);
    const failed = Number(/number of failed transactions: (\d+)/.exec(run.stdout)?.[1] ?? 0);
    const lat = readdirSync(dir)
      .filter((f) => f.startsWith('log'))
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))
      .map((l) => Number(l.split(' ')[2]) / 1000)
      .filter((x) => Number.isFinite(x));
    return {
      mode,
      lifecyclesPerSecond: r1(tps),
      actionsPerSecond: r1(tps * 4),
      statementsPerLifecycle: requests.reduce((n, r) => n + r.length, 0),
      lifecycleMs: { p50: r1(pct(lat, 50)), p95: r1(pct(lat, 95)), p99: r1(pct(lat, 99)) },
      failed,
      cpuMsPerLifecycle: { client: perUnit(run.cpuMs, done), postgres: perUnit(pg0 === null || pg1 === null ? null : pg1 - pg0, done) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresPhase(pdf: Buffer) {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-bench-pg-'));
  const server = await startServer({ ...process.env, DATABASE_URL: url.toString(), MOTCUA_SEED_DEMO: 'true', MOTCUA_DEMO_HISTORY: '0', MOTCUA_DATA_DIR: dataDir }, port);
  try {
    const api = await measuredLoad(await clientFor(`http://127.0.0.1:${port}`), pdf, server.pid, true);
    const requests = await captureStatements(async (onQuery) => {
      const h = await openAndMigrate({ databaseUrl: PG_URL, schema, onQuery, poolSize: 2 });
      const app = await buildApp(createContext(h.db, { config: BENCH_CONFIG }));
      return { app, close: async () => (await app.close(), await h.close()) };
    }, pdf);
    // Kept next to the results so anyone can read (and rerun) exactly what the baseline executed.
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/pgbench-lifecycle.sql', `${pgbenchScript(requests)}\n`);
    const pgbench = pgbenchRun(requests, schema, 'simple');
    const pgbenchPrepared = pgbenchRun(requests, schema, 'prepared');

    // Catalogue search with ~2,000 procedures: the API against the same query straight to PostgreSQL.
    await admin.query(`SET search_path = ${schema}`);
    await admin.query(`INSERT INTO procedures (code, name, field_code, level, online_level, fee_vnd, fee_note, duration_value, duration_unit, legal_basis, description, applicant_types, components, form_fields, process, result_name, search_text, published, is_demo)
      SELECT p.code || '.' || g, p.name || ' (biến thể ' || g || ')', p.field_code, p.level, p.online_level, p.fee_vnd, p.fee_note, p.duration_value, p.duration_unit, p.legal_basis, p.description, p.applicant_types, p.components, p.form_fields, p.process, p.result_name, p.search_text || ' bien the ' || g, true, true
      FROM procedures p CROSS JOIN generate_series(1, 73) g`);
    const total = Number((await admin.query('SELECT count(*)::int AS n FROM procedures')).rows[0].n);
    const queries = ['dang ky', 'giay phep', 'ho kinh doanh', 'chung thuc ban sao', 'khai sinh', 'xay dung nha o', 'ruou', 'dat dai', 'bien the 42', 'doanh nghiep'];
    const captured: Array<Array<{ text: string; params: readonly unknown[] }>> = [];
    {
      let cur: Array<{ text: string; params: readonly unknown[] }> = [];
      const h = await openAndMigrate({ databaseUrl: PG_URL, schema, onQuery: (text, params) => cur.push({ text, params }), poolSize: 2 });
      const app = await buildApp(createContext(h.db, { config: BENCH_CONFIG }));
      for (const q of queries) {
        cur = [];
        await app.inject({ method: 'GET', url: `/api/procedures?q=${encodeURIComponent(q)}` });
        captured.push(cur);
      }
      await app.close();
      await h.close();
    }
    const apiSearch: number[] = [];
    const sqlSearch: number[] = [];
    const rounds = short ? 20 : 60;
    for (let i = 0; i < rounds; i++) {
      for (let k = 0; k < queries.length; k++) {
        let t0 = performance.now();
        await (await fetch(`http://127.0.0.1:${port}/api/procedures?q=${encodeURIComponent(queries[k]!)}`)).json();
        apiSearch.push(performance.now() - t0);
        t0 = performance.now();
        for (const s of captured[k]!) await admin.query(s.text, s.params as unknown[]);
        sqlSearch.push(performance.now() - t0);
      }
    }
    return {
      api,
      pgbench,
      pgbenchPrepared,
      ratio: Number((api.lifecyclesPerSecond / pgbench.lifecyclesPerSecond).toFixed(3)),
      ratioPrepared: Number((api.lifecyclesPerSecond / pgbenchPrepared.lifecyclesPerSecond).toFixed(3)),
      search: {
        procedures: total,
        apiMs: { p50: r1(pct(apiSearch, 50)), p95: r1(pct(apiSearch, 95)) },
        sqlMs: { p50: r1(pct(sqlSearch, 50)), p95: r1(pct(sqlSearch, 95)) },
        ratioP50: Number((pct(apiSearch, 50) / pct(sqlSearch, 50)).toFixed(2)),
      },
    };
  } finally {
    await server.stop();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function pgliteAnalysis(pdf: Buffer) {
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-bench-pglite-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, MOTCUA_DATA_DIR: dataDir, MOTCUA_SEED_DEMO: 'true', MOTCUA_DEMO_HISTORY: '0' }; // no demo year loading in the background while measuring
  delete env.DATABASE_URL;
  const server = await startServer(env, port);
  let api;
  try {
    api = await measuredLoad(await clientFor(`http://127.0.0.1:${port}`), pdf, server.pid, false);
  } finally {
    await server.stop();
  }
  // Baseline: the same statements replayed in-process on the same data folder (PGlite has one connection).
  const requests = await captureStatements(async (onQuery) => {
    const h = await openAndMigrate({ dataDir, onQuery });
    const app = await buildApp(createContext(h.db, { config: BENCH_CONFIG }));
    return { app, close: async () => (await app.close(), await h.close()) };
  }, pdf);
  const h = await openDatabase({ dataDir });
  let n = 0;
  const replay = async (seconds: number) => {
    const lat: number[] = [];
    const end = performance.now() + seconds * 1000;
    const t0 = performance.now();
    while (performance.now() < end) {
      const bi = String(1_000_000 + n++);
      const l0 = performance.now();
      for (const stmts of requests) {
        await h.db.transaction().execute(async (trx) => {
          for (const s of stmts) await sql.raw(s.split(':bi').join(bi)).execute(trx);
        });
      }
      lat.push(performance.now() - l0);
    }
    return { lat, perSecond: lat.length / ((performance.now() - t0) / 1000) };
  };
  if (WARMUP_SECONDS > 0) await replay(WARMUP_SECONDS);
  const { lat, perSecond } = await replay(SECONDS);
  await h.close();
  rmSync(dataDir, { recursive: true, force: true });
  return {
    api,
    replay: { lifecyclesPerSecond: r1(perSecond), actionsPerSecond: r1(perSecond * 4), lifecycleMs: { p50: r1(pct(lat, 50)), p95: r1(pct(lat, 95)), p99: r1(pct(lat, 99)) } },
    ratio: Number((api.lifecyclesPerSecond / perSecond).toFixed(3)),
  };
}

/** (pgbench client + its PostgreSQL CPU) / (server + load generator + PostgreSQL CPU) per lifecycle. */
function cpuCeiling(p: { api: { cpuMsPerLifecycle: Record<string, number | null> }; pgbench: { cpuMsPerLifecycle: Record<string, number | null> } }): number | null {
  const a = p.api.cpuMsPerLifecycle;
  const b = p.pgbench.cpuMsPerLifecycle;
  if (a.server == null || a.loadGenerator == null || a.postgres == null || b.client == null || b.postgres == null) return null;
  return Number(((b.client + b.postgres) / (a.server + a.loadGenerator + a.postgres)).toFixed(2));
}

// ---- report -----------------------------------------------------------------------------------

function svgChart(rows: Array<{ label: string; value: number; baseline: number }>): string {
  const w = 760;
  const rowH = 54;
  const h = 40 + rows.length * rowH;
  const max = Math.max(...rows.flatMap((r) => [r.value, r.baseline]), 1);
  const scale = (v: number) => (v / max) * (w - 260);
  const bars = rows
    .map((r, i) => {
      const y = 30 + i * rowH;
      return `<text x="10" y="${y + 14}" font-size="12">${r.label}</text>
<rect x="240" y="${y}" width="${scale(r.baseline)}" height="16" fill="#90a4ae"/><text x="${244 + scale(r.baseline)}" y="${y + 13}" font-size="11">${r.baseline} (database alone)</text>
<rect x="240" y="${y + 20}" width="${scale(r.value)}" height="16" fill="#c62828"/><text x="${244 + scale(r.value)}" y="${y + 33}" font-size="11">${r.value} (HTTP API)</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif"><text x="10" y="18" font-size="14" font-weight="bold">Dossier lifecycles per second (5 requests each), ${CLIENTS} clients, ${SECONDS} s</text>
${bars}</svg>`;
}

async function main() {
  const pdf = await onePagePdf();
  console.log(`motcua benchmark: ${CLIENTS} clients, ${SECONDS} s per phase, ${short ? 'short mode' : 'full mode'}, ${new Date().toISOString()}`);
  const postgres = await postgresPhase(pdf);
  if (args.includes('--postgres-only')) {
    console.log(JSON.stringify({ api: postgres.api, pgbench: postgres.pgbench, pgbenchPrepared: postgres.pgbenchPrepared, ratio: postgres.ratio, ratioPrepared: postgres.ratioPrepared, cpuCeiling: cpuCeiling(postgres) }, null, 2));
    return;
  }
  const pglite = await pgliteAnalysis(pdf);
  const pdfs = await pdfRates(short ? 1 : 3);
  const result = { date: new Date().toISOString(), clients: CLIENTS, seconds: SECONDS, machine: { cores: (await import('node:os')).cpus().length, node: process.version }, postgres: { ...postgres, cpuCeiling: cpuCeiling(postgres) }, pglite, pdf: pdfs };

  const md = [
    `# motcua benchmark — ${result.date}`,
    '',
    `${CLIENTS} concurrent clients, ${SECONDS} s per phase, ${result.machine.cores} cores, Node ${result.machine.node}. A lifecycle = upload, submit, accept, hand over, hand over (4 actions).`,
    '',
    '| database | HTTP API lifecycles/s | actions/s | request p50 / p95 / p99 ms | database alone lifecycles/s (same SQL) | API / database |',
    '|---|---:|---:|---|---:|---:|',
    `| PostgreSQL (pgbench, ${postgres.pgbench.statementsPerLifecycle} statements, default simple protocol) | ${postgres.api.lifecyclesPerSecond} | ${postgres.api.actionsPerSecond} | ${postgres.api.requestMs.p50} / ${postgres.api.requestMs.p95} / ${postgres.api.requestMs.p99} | ${postgres.pgbench.lifecyclesPerSecond} | ${postgres.ratio} |`,
    `| PostgreSQL (pgbench -M prepared, the same statements prepared once per connection) | ${postgres.api.lifecyclesPerSecond} | ${postgres.api.actionsPerSecond} | | ${postgres.pgbenchPrepared.lifecyclesPerSecond} | ${postgres.ratioPrepared} |`,
    `| PGlite (in-process replay) | ${pglite.api.lifecyclesPerSecond} | ${pglite.api.actionsPerSecond} | ${pglite.api.requestMs.p50} / ${pglite.api.requestMs.p95} / ${pglite.api.requestMs.p99} | ${pglite.replay.lifecyclesPerSecond} | ${pglite.ratio} |`,
    '',
    `Lifecycle latency p50 / p95 / p99 ms — API on PostgreSQL ${postgres.api.lifecycleMs.p50} / ${postgres.api.lifecycleMs.p95} / ${postgres.api.lifecycleMs.p99}; pgbench ${postgres.pgbench.lifecycleMs.p50} / ${postgres.pgbench.lifecycleMs.p95} / ${postgres.pgbench.lifecycleMs.p99}. Errors: API ${postgres.api.errors + pglite.api.errors}, pgbench ${postgres.pgbench.failed + postgres.pgbenchPrepared.failed}.`,
    '',
    `CPU ms per lifecycle (from /proc; "n/a" where not measurable) — API on PostgreSQL: server ${na(postgres.api.cpuMsPerLifecycle.server)}, load generator ${na(postgres.api.cpuMsPerLifecycle.loadGenerator)}, PostgreSQL ${na(postgres.api.cpuMsPerLifecycle.postgres)}; pgbench: client ${na(postgres.pgbench.cpuMsPerLifecycle.client)}, PostgreSQL ${na(postgres.pgbench.cpuMsPerLifecycle.postgres)}; pgbench -M prepared: client ${na(postgres.pgbenchPrepared.cpuMsPerLifecycle.client)}, PostgreSQL ${na(postgres.pgbenchPrepared.cpuMsPerLifecycle.postgres)}; API on PGlite: server with the database inside ${na(pglite.api.cpuMsPerLifecycle.server)}, load generator ${na(pglite.api.cpuMsPerLifecycle.loadGenerator)}. With every core busy, the API / pgbench ratio cannot exceed pgbench's CPU per lifecycle over the API's: ${na(cpuCeiling(postgres))}.`,
    '',
    `Catalogue search, ${postgres.search.procedures} procedures: API p50 ${postgres.search.apiMs.p50} ms, p95 ${postgres.search.apiMs.p95} ms; the same SQL straight to PostgreSQL p50 ${postgres.search.sqlMs.p50} ms, p95 ${postgres.search.sqlMs.p95} ms (ratio ${postgres.search.ratioP50}).`,
    '',
    '| PDF phase | per second | ms each |',
    '|---|---:|---:|',
    ...pdfs.map((p) => `| ${p.label} | ${p.perSecond} | ${p.msEach} |`),
  ].join('\n');
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/latest.json', JSON.stringify(result, null, 2));
  writeFileSync('bench/results/latest.md', `${md}\n`);
  writeFileSync(
    'bench/results/latest.svg',
    svgChart([
      { label: 'PostgreSQL', value: postgres.api.lifecyclesPerSecond, baseline: postgres.pgbench.lifecyclesPerSecond },
      { label: 'PG, -M prepared', value: postgres.api.lifecyclesPerSecond, baseline: postgres.pgbenchPrepared.lifecyclesPerSecond },
      { label: 'PGlite', value: pglite.api.lifecyclesPerSecond, baseline: pglite.replay.lifecyclesPerSecond },
    ]),
  );
  console.log(`\n${md}\n\nWritten: bench/results/latest.json, latest.md, latest.svg`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
