/**
 * Dashboard latency on a read replica vs on the primary (issue 19): the same KPI route
 * (GET /api/stats/kpis, the city's units, grouped by unit and by month) answered by two apps over one
 * primary — one reading the primary, one reading a real streaming replica (test/pg-replica.ts:
 * pg_basebackup -R, a second local cluster) — side by side, p50/p95 and the ratio.
 *
 *   npm run bench:replica [-- --schema city_2026] [--rounds 40]
 *
 * Without --schema a throwaway schema with the demo city is created (and dropped). Needs PostgreSQL
 * (DATABASE_URL or MOTCUA_TEST_DATABASE_URL) and root or the postgres user for the cluster commands;
 * writes bench/results/replica.{json,md}. On one machine the replica shares the cores and disk with the
 * primary: the ratio shows the cost of reading a standby, not the relief of a second server.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openAndMigrate, openDatabase } from '../src/platform/db/db.ts';
import { createContext } from '../src/context.ts';
import { buildApp } from '../src/app.ts';
import { seedDemoIfEmpty, DEMO_PASSWORD } from '../src/demo/seed.ts';
import { replicaUnavailable, startReplica } from '../test/pg-replica.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const URL_ = process.env.DATABASE_URL ?? process.env.MOTCUA_TEST_DATABASE_URL ?? 'postgres://motcua:motcua@localhost:5432/motcua_test';
const GIVEN = arg('schema', '');
const SCHEMA = GIVEN || `bench_replica_${randomBytes(4).toString('hex')}`;
const ROUNDS = Number(arg('rounds', '40'));

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const r1 = (n: number) => Math.round(n * 10) / 10;

async function main() {
  const why = replicaUnavailable(URL_);
  if (why) {
    console.log(`bench:replica skipped: ${why}`);
    return;
  }
  const primary = await openAndMigrate({ databaseUrl: URL_, schema: SCHEMA, poolSize: 8 });
  const ctx = createContext(primary.db);
  await seedDemoIfEmpty(ctx, { enabled: !GIVEN });
  const replica = await startReplica(URL_);
  const read = await openDatabase({ databaseUrl: replica.url, schema: SCHEMA, replica: true, poolSize: 8 });
  const onPrimary = await buildApp(ctx, {});
  const onReplica = await buildApp({ ...ctx, readDb: read.db }, {});
  try {
    const login = await onPrimary.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } });
    const token = login.json().token as string;
    const urls = ['/api/stats/kpis?groupBy=org', '/api/stats/kpis?groupBy=month&from=2026-01-01'];
    const measure = async (app: typeof onPrimary) => {
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        for (const url of urls) {
          const t0 = performance.now();
          const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
          times.push(performance.now() - t0);
          if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
        }
      }
      return times;
    };
    // Warm both (plans, caches), then alternate so neither gets the quieter minute.
    await measure(onPrimary);
    await measure(onReplica);
    const p: number[] = [];
    const r: number[] = [];
    for (let k = 0; k < 2; k++) {
      p.push(...(await measure(onPrimary)));
      r.push(...(await measure(onReplica)));
    }
    const lag = (await onReplica.inject({ method: 'GET', url: urls[0]!, headers: { authorization: `Bearer ${token}` } })).json().replicaLagSeconds;
    const result = {
      schema: SCHEMA, requests: p.length,
      primary: { p50: r1(pct(p, 50)), p95: r1(pct(p, 95)) },
      replica: { p50: r1(pct(r, 50)), p95: r1(pct(r, 95)), lagSeconds: lag },
      ratioP50: r1(pct(r, 50) / pct(p, 50) * 100) / 100,
    };
    const md = [
      `# Dashboard (KPI route) latency: primary vs streaming replica`,
      '',
      `Schema \`${SCHEMA}\`, ${p.length} requests each (${urls.join(', ')}), ${new Date().toISOString()}.`,
      '',
      '| reads from | p50 ms | p95 ms |',
      '|---|---:|---:|',
      `| primary | ${result.primary.p50} | ${result.primary.p95} |`,
      `| replica | ${result.replica.p50} | ${result.replica.p95} |`,
      '',
      `Replica / primary (p50): **${result.ratioP50}**; replica lag at the end: ${lag} s.`,
    ].join('\n');
    console.log(md);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/replica.json', JSON.stringify(result, null, 2) + '\n');
    writeFileSync('bench/results/replica.md', md + '\n');
  } finally {
    await onPrimary.close();
    await onReplica.close();
    await read.close();
    await replica.stop();
    await primary.close();
    if (!GIVEN) {
      const client = new pg.Client({ connectionString: URL_ });
      await client.connect();
      await client.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
      await client.end();
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
