/** Writes counter increments: one multi-row upsert per action, inside the action's transaction. */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from './schema.ts';
import type { Increments } from '../domain/indices/counters.ts';

export async function addCounters(trx: Transaction<DB> | Kysely<DB>, orgId: string, procedureCode: string, day: string, inc: Increments): Promise<void> {
  const rows = Object.entries(inc)
    .filter(([, v]) => v !== 0)
    .map(([metric, value]) => ({ org_id: orgId, procedure_code: procedureCode, day, metric, value: value! }));
  if (rows.length === 0) return;
  await trx
    .insertInto('stats_daily')
    .values(rows)
    .onConflict((oc) => oc.columns(['org_id', 'procedure_code', 'day', 'metric']).doUpdateSet({ value: sql`stats_daily.value + excluded.value` }))
    .execute();
  const month = `${day.slice(0, 7)}-01`;
  await trx
    .insertInto('stats_monthly')
    .values(rows.map(({ day: _d, ...r }) => ({ ...r, month })))
    .onConflict((oc) => oc.columns(['org_id', 'procedure_code', 'month', 'metric']).doUpdateSet({ value: sql`stats_monthly.value + excluded.value` }))
    .execute();
}
