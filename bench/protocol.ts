/**
 * What the query protocol costs PostgreSQL (docs/performance.md): the statements of one benchmark
 * lifecycle, captured from the app, replayed on 4 connections twice each way — the extended protocol
 * with parameters and unnamed statements (how `pg` sends a query by default), the same with named
 * prepared statements (how the app sends them, src/platform/db/prepared-pool.ts), and the simple protocol
 * with the parameters inlined (how pgbench sends its script by default). Same statements, same data; prints lifecycles per second and
 * PostgreSQL's CPU per lifecycle (from /proc).
 *
 *   npm run bench:protocol [-- 300]      (lifecycles per round; MOTCUA_BENCH_DATABASE_URL as for bench)
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openAndMigrate } from '../src/platform/db/db.ts';
import { createContext } from '../src/context.ts';
import { buildApp } from '../src/app.ts';
import { seedDemoIfEmpty } from '../src/demo/seed.ts';
import { postgresCpuMs } from './cpu.ts';
import { inline } from './sql-literal.ts';
import { captureLifecycle, onePagePdf, BENCH_CONFIG } from './workload.ts';

const PG_URL = process.env.MOTCUA_BENCH_DATABASE_URL ?? process.env.MOTCUA_TEST_DATABASE_URL ?? 'postgres://motcua:motcua@localhost:5432/motcua_test';
const schema = `proto_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: PG_URL });
await admin.connect();
await admin.query(`CREATE SCHEMA ${schema}`);
const { requests, ids } = await captureLifecycle(async (onQuery) => {
  const h = await openAndMigrate({ databaseUrl: PG_URL, schema, poolSize: 2, onQuery });
  const ctx = createContext(h.db, { config: BENCH_CONFIG });
  await seedDemoIfEmpty(ctx, { enabled: true });
  const app = await buildApp(ctx);
  return { app, close: async () => (await app.close(), await h.close()) };
}, await onePagePdf());
const stmts = requests.flat();
const prefix = { upload: 'upl_', dossier: 'dos_', code: 'C-', key: 'k' } as const;
/** The captured value with this replay's unique ids in place of the captured run's. */
const swap = (v: unknown, tag: string): unknown => (typeof v === 'string' ? ids.reduce((acc, { id, kind }) => acc.split(id).join(`${prefix[kind]}${tag}`), v) : v);
console.log(`${stmts.length} statements per lifecycle`);
const N = Number(process.argv[2] ?? 150);
for (const mode of ['extended', 'named', 'simple', 'extended', 'named', 'simple']) {
  const clients = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const x = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
      await x.connect();
      return x;
    }),
  );
  let n = 0;
  const p0 = postgresCpuMs();
  const t0 = performance.now();
  await Promise.all(clients.map(async (cl) => {
    while (n < N) {
      const tag = `${mode}${randomBytes(6).toString('hex')}`;
      n++;
      for (const [i, st] of stmts.entries()) {
        const params = st.params.map((p) => swap(p, tag));
        const text = swap(st.text, tag) as string;
        if (mode === 'extended') await cl.query(text, params);
        else if (mode === 'named') await (params.length > 0 ? cl.query({ name: `s${i}`, text, values: params }) : cl.query(text));
        else await cl.query(inline(text, params));
      }
    }
  }));
  const el = performance.now() - t0;
  const p1 = postgresCpuMs();
  const cpu = p0 === null || p1 === null ? 'n/a (PostgreSQL not on this machine)' : `${((p1 - p0) / N).toFixed(2)} ms`;
  console.log(`${mode}: ${(N / (el / 1000)).toFixed(1)} lifecycles/s, PostgreSQL CPU per lifecycle ${cpu}`);
  await Promise.all(clients.map((x) => x.end()));
}
await admin.query(`DROP SCHEMA ${schema} CASCADE`);
await admin.end();
