/**
 * Counter increments as upserts, one multi-row upsert per table and period, for the write path
 * (src/modules/dossiers/dossier-writes.ts) to send with the rest of a change.
 */
import type { CompiledQuery } from 'kysely';
import { sql } from 'kysely';
import { addInto, type Increments } from './domain/counters.ts';
import { precompiled, type Precompiled } from '../../platform/db/precompiled.ts';

/** What a counter is about: the dossier's receiving organisation, procedure, channel and field. */
export interface CounterSubject {
  orgId: string;
  procedureCode: string;
  channel: string;
  fieldCode: string;
}

/** The subject of a dossier's counters, from its row. */
export const counterSubjectOf = (d: { receiving_org_id: string; procedure_code: string; channel: string; field_code: string }): CounterSubject => ({
  orgId: d.receiving_org_id,
  procedureCode: d.procedure_code,
  channel: d.channel,
  fieldCode: d.field_code,
});

interface CounterValues extends CounterSubject {
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
    const rows = (p: CounterValues) =>
      Array.from({ length: n }, (_, i) => ({ org_id: p.orgId, procedure_code: p.procedureCode, channel: p.channel, field_code: p.fieldCode, metric: p[`m${i}`] as string, value: p[`v${i}`] as number }));
    pair = [
      precompiled((q, p: CounterValues) =>
        q
          .insertInto('stats_daily')
          .values(rows(p).map((r) => ({ ...r, day: p.day })))
          .onConflict((oc) => oc.columns(['org_id', 'procedure_code', 'day', 'metric', 'channel', 'field_code']).doUpdateSet({ value: sql`stats_daily.value + excluded.value` })),
      ),
      precompiled((q, p: CounterValues) =>
        q
          .insertInto('stats_monthly')
          .values(rows(p).map(({ channel: _c, field_code: _f, ...r }) => ({ ...r, month: p.month })))
          .onConflict((oc) => oc.columns(['org_id', 'procedure_code', 'month', 'metric']).doUpdateSet({ value: sql`stats_monthly.value + excluded.value` })),
      ),
    ];
    upsertsFor.set(n, pair);
  }
  return pair;
}

/** The upserts for one action's increments (none when nothing counts), to run with other writes. */
export function counterWrites(subject: CounterSubject, day: string, inc: Increments): CompiledQuery[] {
  const counted = counterValues(subject, day, inc);
  if (!counted) return [];
  const [daily, monthly] = upserts(counted.n);
  return [daily(counted.values), monthly(counted.values)];
}

/** One action's increments and the (Vietnam) day it happened. */
export interface DatedIncrements {
  day: string;
  increments: Increments;
}

/**
 * The upserts for several actions of one dossier (its subject: receiving organisation, procedure,
 * channel, field), merged so that no two writes touch the same counter row: the writes go into one
 * statement, whose parts cannot see each other's rows (src/platform/db/write-together.ts). One upsert
 * per day and one per month; for a single action exactly counterWrites.
 */
export function countersWrites(subject: CounterSubject, dated: DatedIncrements[]): CompiledQuery[] {
  if (dated.length === 1) return counterWrites(subject, dated[0]!.day, dated[0]!.increments);
  const byDay = new Map<string, Increments>();
  const byMonth = new Map<string, Increments>();
  for (const { day, increments } of dated) {
    addInto(byDay.get(day) ?? byDay.set(day, {}).get(day)!, increments);
    const month = `${day.slice(0, 7)}-01`;
    addInto(byMonth.get(month) ?? byMonth.set(month, {}).get(month)!, increments);
  }
  const daily = [...byDay].flatMap(([day, inc]) => {
    const values = counterValues(subject, day, inc);
    return values ? [upserts(values.n)[0](values.values)] : [];
  });
  const monthly = [...byMonth].flatMap(([month, inc]) => {
    const values = counterValues(subject, month, inc);
    return values ? [upserts(values.n)[1](values.values)] : [];
  });
  return [...daily, ...monthly];
}

function counterValues(subject: CounterSubject, day: string, inc: Increments): { n: number; values: CounterValues } | null {
  const counted = Object.entries(inc).filter(([, v]) => v !== 0) as Array<[string, number]>;
  if (counted.length === 0) return null;
  const values: CounterValues = { orgId: subject.orgId, procedureCode: subject.procedureCode, channel: subject.channel, fieldCode: subject.fieldCode, day, month: `${day.slice(0, 7)}-01` };
  counted.forEach(([metric, value], i) => {
    values[`m${i}`] = metric;
    values[`v${i}`] = value;
  });
  return { n: counted.length, values };
}
