/** Writes counter increments: one multi-row upsert per table, inside the action's transaction. */
import type { CompiledQuery, Transaction, Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Increments } from './domain/counters.ts';
import { writeTogether } from '../../platform/db/write-together.ts';
import { precompiled, type Precompiled } from '../../platform/db/precompiled.ts';

interface CounterValues {
  orgId: string;
  procedureCode: string;
  day: string;
  month: string;
  [metricOrValue: `m${number}` | `v${number}`]: string | number;
}

/**
 * The two upserts for `n` metrics, compiled once per n (an action counts one to three metrics, so
 * there are only a few shapes).
 */
const upsertsFor = new Map<number, [Precompiled<CounterValues, unknown>, Precompiled<CounterValues, unknown>]>();

function upserts(n: number) {
  let pair = upsertsFor.get(n);
  if (!pair) {
    const rows = (p: CounterValues) => Array.from({ length: n }, (_, i) => ({ org_id: p.orgId, procedure_code: p.procedureCode, metric: p[`m${i}`] as string, value: p[`v${i}`] as number }));
    pair = [
      precompiled((q, p: CounterValues) =>
        q
          .insertInto('stats_daily')
          .values(rows(p).map((r) => ({ ...r, day: p.day })))
          .onConflict((oc) => oc.columns(['org_id', 'procedure_code', 'day', 'metric']).doUpdateSet({ value: sql`stats_daily.value + excluded.value` })),
      ),
      precompiled((q, p: CounterValues) =>
        q
          .insertInto('stats_monthly')
          .values(rows(p).map((r) => ({ ...r, month: p.month })))
          .onConflict((oc) => oc.columns(['org_id', 'procedure_code', 'month', 'metric']).doUpdateSet({ value: sql`stats_monthly.value + excluded.value` })),
      ),
    ];
    upsertsFor.set(n, pair);
  }
  return pair;
}

/** The upserts for one action's increments (none when nothing counts), to run with other writes. */
export function counterWrites(orgId: string, procedureCode: string, day: string, inc: Increments): CompiledQuery[] {
  const counted = Object.entries(inc).filter(([, v]) => v !== 0) as Array<[string, number]>;
  if (counted.length === 0) return [];
  const values: CounterValues = { orgId, procedureCode, day, month: `${day.slice(0, 7)}-01` };
  counted.forEach(([metric, value], i) => {
    values[`m${i}`] = metric;
    values[`v${i}`] = value;
  });
  const [daily, monthly] = upserts(counted.length);
  return [daily(values), monthly(values)];
}

export async function addCounters(trx: Transaction<DB> | Kysely<DB>, orgId: string, procedureCode: string, day: string, inc: Increments): Promise<void> {
  await writeTogether(trx, counterWrites(orgId, procedureCode, day, inc));
}
