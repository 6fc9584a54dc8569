/** Writes counter increments: one multi-row upsert per table, inside the action's transaction. */
import type { Compilable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from './schema.ts';
import type { Increments } from '../domain/indices/counters.ts';
import { writeTogether } from './write-together.ts';

/** The upserts for one action's increments (none when nothing counts), to run with other writes. */
export function counterWrites(db: Transaction<DB> | Kysely<DB>, orgId: string, procedureCode: string, day: string, inc: Increments): Compilable[] {
  const rows = Object.entries(inc)
    .filter(([, v]) => v !== 0)
    .map(([metric, value]) => ({ org_id: orgId, procedure_code: procedureCode, day, metric, value: value! }));
  if (rows.length === 0) return [];
  const month = `${day.slice(0, 7)}-01`;
  return [
    db
      .insertInto('stats_daily')
      .values(rows)
      .onConflict((oc) => oc.columns(['org_id', 'procedure_code', 'day', 'metric']).doUpdateSet({ value: sql`stats_daily.value + excluded.value` })),
    db
      .insertInto('stats_monthly')
      .values(rows.map(({ day: _d, ...r }) => ({ ...r, month })))
      .onConflict((oc) => oc.columns(['org_id', 'procedure_code', 'month', 'metric']).doUpdateSet({ value: sql`stats_monthly.value + excluded.value` })),
  ];
}

export async function addCounters(trx: Transaction<DB> | Kysely<DB>, orgId: string, procedureCode: string, day: string, inc: Increments): Promise<void> {
  await writeTogether(trx, counterWrites(trx, orgId, procedureCode, day, inc));
}
