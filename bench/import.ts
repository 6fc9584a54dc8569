/**
 * Speed of the historical import (issue 13, item 2: "the import keeps its speed"): N NDJSON lines,
 * generated deterministically (the same file on every run and every commit), imported through the
 * service (src/modules/dossiers/import.ts, what `POST /api/admin/import/dossiers` and `motcua import dossiers`
 * call) into a fresh, seeded database: in-memory PGlite, and PostgreSQL in a throwaway schema.
 *
 *   npm run bench:import -- [--lines 5000] [--backend pglite|postgres|both]
 *
 * PostgreSQL from DATABASE_URL / MOTCUA_TEST_DATABASE_URL. Prints lines/s per backend, one JSON line each.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openAndMigrate } from '../src/platform/db/db.ts';
import { createContext } from '../src/context.ts';
import { seedDemoIfEmpty } from '../src/demo/seed.ts';
import { importDossiers } from '../src/modules/dossiers/import.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const LINES = Number(arg('lines', '5000'));
const BACKEND = arg('backend', 'both');
const URL_ = process.env.DATABASE_URL ?? process.env.MOTCUA_TEST_DATABASE_URL ?? 'postgres://motcua:motcua@localhost:5432/motcua_test';

const applicant = (i: number) => ({ fullName: 'Phạm Thị Hoa', idNumber: `0791850${String(10000 + (i % 90000)).padStart(5, '0')}`, address: '5 Nguyễn Huệ, Phường Sài Gòn', phone: '0909000111' });
const form = { businessName: 'Tạp hóa Hoa', businessAddress: '5 Nguyễn Huệ', businessLines: 'Bán lẻ', capitalVnd: 30000000 };

/** Monday 2025-01-06 plus `weeks` weeks, at a Vietnam wall-clock day offset and time. */
function at(weeks: number, dayOffset: number, time: string): string {
  const d = new Date(Date.UTC(2025, 0, 6 + weeks * 7 + dayOffset));
  return `${d.toISOString().slice(0, 10)}T${time}:00+07:00`;
}

/** Three shapes of history in turn: a full lifecycle with a pause, an open dossier, a refusal. */
export function line(i: number): string {
  const w = i % 48;
  const kind = i % 3;
  const actions =
    kind === 0
      ? [
          { action: 'submit', at: at(w, 0, '08:00') },
          { action: 'accept', at: at(w, 0, '08:30'), actorName: 'Nguyễn Văn Bình' },
          { action: 'hand_over', at: at(w, 0, '09:00') },
          { action: 'request_supplement', at: at(w, 0, '14:00'), reason: 'Thiếu hợp đồng thuê', items: [{ name: 'Hợp đồng thuê', reason: 'Thiếu' }] },
          { action: 'supplement', at: at(w, 2, '08:00') },
          { action: 'hand_over', at: at(w, 3, '09:00') },
          { action: 'complete', at: at(w, 3, '15:00') },
          { action: 'return_result', at: at(w, 4, '08:00'), channel: 'counter' },
          { action: 'rate', at: at(w, 4, '08:05'), level: 'very_satisfied' },
        ]
      : kind === 1
        ? [
            { action: 'submit', at: at(w, 1, '10:00') },
            { action: 'accept', at: at(w, 1, '10:15') },
            { action: 'hand_over', at: at(w, 1, '11:00') },
          ]
        : [
            { action: 'submit', at: at(w, 2, '15:00') },
            { action: 'reject', at: at(w, 2, '15:20'), reason: 'Không thuộc thẩm quyền' },
          ];
  return JSON.stringify({ code: `BENCH-${String(i).padStart(7, '0')}`, procedureCode: '2.000720.H29', receivingOrgId: 'phuong-sai-gon', channel: i % 5 === 0 ? 'post' : 'counter', applicant: applicant(i), form, actions });
}

async function run(backend: 'pglite' | 'postgres') {
  const schema = backend === 'postgres' ? `bench_import_${randomBytes(4).toString('hex')}` : undefined;
  const handle = await openAndMigrate(backend === 'postgres' ? { databaseUrl: URL_, schema, poolSize: 4 } : { dataDir: null });
  try {
    const ctx = createContext(handle.db, { clock: () => new Date('2026-01-15T08:00:00+07:00') });
    await seedDemoIfEmpty(ctx, { enabled: true });
    const ndjson = Array.from({ length: LINES }, (_, i) => line(i)).join('\n');
    const started = process.hrtime.bigint();
    const report = await importDossiers(ctx, ndjson);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (report.imported !== LINES) throw new Error(`imported ${report.imported} of ${LINES}: ${JSON.stringify(report.errors.slice(0, 3))}`);
    console.log(JSON.stringify({ backend, lines: LINES, seconds: Math.round(seconds * 100) / 100, linesPerSecond: Math.round(LINES / seconds) }));
  } finally {
    await handle.close();
    if (schema) {
      const client = new pg.Client({ connectionString: URL_ });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    }
  }
}

for (const backend of BACKEND === 'both' ? (['pglite', 'postgres'] as const) : [BACKEND as 'pglite' | 'postgres']) await run(backend);
