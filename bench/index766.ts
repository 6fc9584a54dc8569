/**
 * Latency of the 766 index at scale (issue 5): p50 and p95 for every organisation (and the whole city)
 * for one month and for one year, from the counters — next to the same dossier figures computed by a
 * direct scan of the dossiers table, in the same run.
 *
 *   npx tsx scripts/generate-city-year.ts --dossiers 10000000 --schema city_2026   (once, ~10 minutes)
 *   npm run bench:766 -- --schema city_2026 [--rounds 5]
 *
 * PostgreSQL from DATABASE_URL / MOTCUA_TEST_DATABASE_URL. Writes bench/results/index766.{json,md}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { openAndMigrate } from '../src/platform/db/db.ts';
import { createContext } from '../src/context.ts';
import { index766, periodRange } from '../src/modules/measurement/index766.ts';
import { inIds } from '../src/platform/db/sql.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const SCHEMA = arg('schema', 'city_2026');
const ROUNDS = Number(arg('rounds', '5'));
const MONTH = arg('month', '2026-06');
const YEAR = arg('year', '2026');
const URL_ = process.env.DATABASE_URL ?? process.env.MOTCUA_TEST_DATABASE_URL ?? 'postgres://motcua:motcua@localhost:5432/motcua_test';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const r1 = (n: number) => Math.round(n * 10) / 10;

async function main() {
  const h = await openAndMigrate({ databaseUrl: URL_, schema: SCHEMA, poolSize: 4 });
  const ctx = createContext(h.db, { clock: () => new Date(`${Number(YEAR) + 1}-01-15T00:00:00Z`) });
  const size = await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossiers`.execute(h.db);
  const orgs = (await ctx.orgs.all()).filter((o) => o.kind !== 'centre');

  /** The dossier figures of the index, straight from the dossiers table (what the counters replace). */
  const scan = async (orgId: string, period: string) => {
    const { from, to } = periodRange(period)!;
    const ids = await ctx.orgs.subtreeIds(orgId);
    const start = new Date(`${from}T00:00:00+07:00`);
    const end = new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 86_400_000);
    return sql`
      SELECT count(*) FILTER (WHERE d.submitted_at >= ${start} AND d.submitted_at < ${end}) AS received,
             count(*) FILTER (WHERE d.submitted_at >= ${start} AND d.submitted_at < ${end} AND d.channel = 'online') AS online,
             count(*) FILTER (WHERE d.finished_at >= ${start} AND d.finished_at < ${end} AND d.timeliness = 'early') AS early,
             count(*) FILTER (WHERE d.finished_at >= ${start} AND d.finished_at < ${end} AND d.timeliness = 'on_time') AS on_time,
             count(*) FILTER (WHERE d.finished_at >= ${start} AND d.finished_at < ${end} AND d.timeliness = 'late') AS late,
             count(*) FILTER (WHERE d.accepted_at < ${end} AND (d.finished_at IS NULL OR d.finished_at >= ${end})) AS open_at_end,
             count(*) FILTER (WHERE d.finished_at >= ${start} AND d.finished_at < ${end} AND d.rating_level = 'dissatisfied') AS dissatisfied
      FROM dossiers d
      WHERE ${inIds('d.receiving_org_id', ids)}`.execute(h.db);
  };

  const measure = async (label: string, fn: (orgId: string) => Promise<unknown>) => {
    const all: number[] = [];
    const city: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const o of orgs) {
        const t0 = performance.now();
        await fn(o.id);
        const ms = performance.now() - t0;
        all.push(ms);
        if (o.parent_id === null) city.push(ms);
      }
    }
    return { label, calls: all.length, p50: r1(pct(all, 50)), p95: r1(pct(all, 95)), cityP50: r1(pct(city, 50)), cityP95: r1(pct(city, 95)) };
  };

  const results = [];
  for (const period of [MONTH, YEAR]) {
    const counters = await measure(`766 index from counters, ${period}`, (id) => index766(ctx, id, period));
    const direct = await measure(`same dossier figures by direct scan, ${period}`, (id) => scan(id, period));
    results.push({ period, counters, direct, ratioP95: Number((direct.p95 / Math.max(0.1, counters.p95)).toFixed(1)) });
  }
  const md = [
    `# 766 index latency — ${size.rows[0]!.n.toLocaleString('en')} dossiers (schema ${SCHEMA}), ${orgs.length} organisations × ${ROUNDS} rounds`,
    '',
    '| period | counters p50 / p95 ms (all orgs) | whole city p50 / p95 ms | direct scan p50 / p95 ms (all orgs) | whole city scan p50 / p95 ms | scan p95 / counters p95 |',
    '|---|---|---|---|---|---:|',
    ...results.map((r) => `| ${r.period} | ${r.counters.p50} / ${r.counters.p95} | ${r.counters.cityP50} / ${r.counters.cityP95} | ${r.direct.p50} / ${r.direct.p95} | ${r.direct.cityP50} / ${r.direct.cityP95} | ${r.ratioP95}× |`),
  ].join('\n');
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/index766.json', JSON.stringify({ date: new Date().toISOString(), dossiers: size.rows[0]!.n, schema: SCHEMA, rounds: ROUNDS, results }, null, 2));
  writeFileSync('bench/results/index766.md', `${md}\n`);
  console.log(md);
  await h.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
