/**
 * Measurement read side: KPIs per organisation subtree, procedure, field and period, from the daily
 * counters (never a scan of dossiers), plus the point-in-time figures of open dossiers; and the rebuild
 * of the counters from the action logs.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { addInto, incrementsOf, METRICS, type Increments, type Metric } from './domain/counters.ts';
import { dayNumberOf, isoDate, parseIsoDate } from '../calendar/domain/local-time.ts';
import { DomainError } from '../../kernel/errors.ts';
import { inIds } from '../../platform/db/sql.ts';
import { standingSql } from '../dossiers/timeliness-sql.ts';
import { refusalCounts, refusalReasons, submittedLocalDaySql } from '../dossiers/received.ts';
import type { AppContext } from '../../context.ts';
import { recomputeMarkCounters } from './dossier-marks.ts';
import { inStretches, unitsOf } from './figures.ts';

export type GroupBy = 'none' | 'org' | 'procedure' | 'field' | 'channel' | 'month' | 'day';

/** Names of the channels a dossier arrives by, for grouped figures. */
const CHANNEL_NAMES: Record<string, string> = { online: 'Trực tuyến', counter: 'Trực tiếp tại bộ phận một cửa', post: 'Qua bưu chính' };

export interface KpiQuery {
  orgId: string;
  from: string; // ISO date, inclusive
  to: string; // ISO date, inclusive
  groupBy: GroupBy;
}

const ratio = (num: number, den: number) => (den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null);

/** The figures a manager reads, derived from the raw counters of one group. */
export function derive(c: Increments) {
  const v = (m: Metric) => c[m] ?? 0;
  const finished = v('finished_early') + v('finished_on_time') + v('finished_late');
  return {
    counters: Object.fromEntries(METRICS.map((m) => [m, v(m)])) as Record<Metric, number>,
    finished,
    onTimeRate: ratio(v('finished_early') + v('finished_on_time'), finished),
    earlyRate: ratio(v('finished_early'), finished),
    lateRate: ratio(v('finished_late'), finished),
    averageHandlingHours: v('handled') > 0 ? Math.round((v('handling_minutes') / v('handled') / 60) * 100) / 100 : null,
    supplementRate: ratio(v('supplement_requests'), v('accepted')),
    rejectionRate: ratio(v('rejected'), v('received')),
    onlineShare: ratio(v('received_online'), v('received')),
    electronicResultShare: ratio(v('e_results'), v('completed')),
    satisfaction: {
      rated: v('rated'),
      dissatisfied: ratio(v('rated_dissatisfied'), v('rated')),
      satisfied: ratio(v('rated_satisfied'), v('rated')),
      verySatisfied: ratio(v('rated_very_satisfied'), v('rated')),
      satisfiedOrBetter: ratio(v('rated_satisfied') + v('rated_very_satisfied'), v('rated')),
    },
  };
}

export async function kpis(ctx: AppContext, q: KpiQuery) {
  const org = await ctx.orgs.find(q.orgId);
  if (!org) throw new DomainError('not-found', 404, { vi: `Không có cơ quan "${q.orgId}".`, en: `No organisation "${q.orgId}".` });
  if (q.from > q.to) {
    throw new DomainError('validation-failed', 422, { vi: 'Ngày bắt đầu phải trước ngày kết thúc.', en: '"from" must not be after "to".' }, [{ path: 'query.from', message: { vi: 'Sau ngày kết thúc', en: 'After "to"' } }]);
  }
  // Counters per the tree of each date (src/modules/organisations/directory.ts stretchesOver): counters stay keyed
  // by the unit that handled each dossier, and a unit moved, merged or split in the period counts under the
  // parent it had on each day. Refusals are read from dossiers for every unit counted in the period; the
  // dossiers open now, for the units under the organisation today.
  const stretches = await ctx.orgs.stretchesOver(org.id, q.from, q.to);
  const ids = unitsOf(stretches);
  const idsNow = await ctx.orgs.subtreeIds(org.id);
  // Every grouping is a column of the counters' key (or a part of the day): no scan of dossiers.
  const keys: Record<GroupBy, ReturnType<typeof sql<string>>> = {
    org: sql<string>`s.org_id`,
    procedure: sql<string>`s.procedure_code`,
    field: sql<string>`s.field_code`,
    channel: sql<string>`s.channel`,
    month: sql<string>`to_char(s.day, 'YYYY-MM')`,
    day: sql<string>`to_char(s.day, 'YYYY-MM-DD')`,
    none: sql<string>`'all'`,
  };
  const key = keys[q.groupBy];
  // Refused at intake, by the day their dossier was received and grouped by the same key read from the
  // dossier row: "received" is the `received` counter less these, the rule the register shares
  // (src/modules/dossiers/received.ts).
  const period = { fromDay: parseIsoDate(q.from)!, toDay: parseIsoDate(q.to)! };
  const refused = new Map((await refusalCounts(ctx.db, ids, period, intakeKeys(q.groupBy))).map((r) => [r.key, r.refusedAtIntake]));
  const rows = await sql<{ key: string; metric: Metric; value: number }>`
    SELECT ${key} AS key, s.metric, sum(s.value)::float8 AS value
    FROM stats_daily s
    WHERE ${inStretches('s.org_id', 's.day', stretches)}
    GROUP BY 1, 2
    ORDER BY 1`.execute(ctx.db);
  const groups = new Map<string, Increments>();
  for (const r of rows.rows) addInto(groups.get(r.key) ?? groups.set(r.key, {}).get(r.key)!, { [r.metric]: Number(r.value) });
  // Open dossiers right now: a read of open dossiers only, through the (receiving_org, status, due_at) index.
  const now = ctx.clock();
  // Within, overdue and paused by the one timeliness rule: paused counts only dossiers paused before their due time.
  const open = await sql<{ within: number; overdue: number; paused: number; waiting: number }>`
    SELECT count(*) FILTER (WHERE s.standing = 'within')::int AS within,
           count(*) FILTER (WHERE s.standing = 'late')::int AS overdue,
           count(*) FILTER (WHERE s.standing = 'paused')::int AS paused,
           count(*) FILTER (WHERE s.status = 'submitted')::int AS waiting
    FROM (SELECT d.status, ${standingSql('d', now)} AS standing FROM dossiers d
          WHERE ${inIds('d.receiving_org_id', idsNow)} AND d.status IN ('submitted', 'processing', 'awaiting_supplement')) s`.execute(ctx.db);
  const names = new Map<string, string>();
  if (q.groupBy === 'org') for (const o of await ctx.orgs.all()) names.set(o.id, o.name);
  if (q.groupBy === 'channel') for (const [k, v] of Object.entries(CHANNEL_NAMES)) names.set(k, v);
  if (q.groupBy === 'procedure' || q.groupBy === 'field') {
    const table = q.groupBy === 'procedure' ? 'procedures' : 'fields';
    for (const r of (await sql<{ code: string; name: string }>`SELECT code, name FROM ${sql.table(table)}`.execute(ctx.db)).rows) names.set(r.code, r.name);
  }
  const all = [...groups.values()].reduce((acc, g) => addInto(acc, g), {} as Increments);
  const intake = (c: Increments, key: string | null) => {
    const refusedAtIntake = key === null ? [...refused.values()].reduce((n, v) => n + v, 0) : refused.get(key) ?? 0;
    return { received: (c.received ?? 0) - refusedAtIntake, refusedAtIntake };
  };
  return {
    org: { id: org.id, name: org.name },
    from: q.from,
    to: q.to,
    groupBy: q.groupBy,
    total: {
      ...derive(all),
      ...intake(all, null),
      refusalReasons: await refusalReasons(ctx.db, ids, period),
    },
    openNow: { asOf: now.toISOString(), ...open.rows[0]! },
    groups: [...groups].map(([k, c]) => ({ key: k, name: names.get(k) ?? null, ...derive(c), ...intake(c, k) })),
  };
}

/** The KPI groupings read from a dossier row `d`, in the same shape as the counters' keys. */
function intakeKeys(groupBy: GroupBy): ReturnType<typeof sql<string>> {
  switch (groupBy) {
    case 'org':
      return sql<string>`d.receiving_org_id`;
    case 'procedure':
      return sql<string>`d.procedure_code`;
    case 'field':
      return sql<string>`d.field_code`;
    case 'channel':
      return sql<string>`d.channel`;
    case 'month':
      return sql<string>`left(${submittedLocalDaySql('d')}, 7)`;
    case 'day':
      return submittedLocalDaySql('d');
    case 'none':
      return sql<string>`'all'`;
  }
}

type Cell = string; // org|procedure|channel|field|day|metric (the key of stats_daily)

/** Recomputes every counter from the action logs, and the marks' counters from the marks. */
export async function recomputeCounters(db: Kysely<DB>): Promise<Map<Cell, number>> {
  const out = new Map<Cell, number>();
  const rows = await db
    .selectFrom('dossier_actions')
    .innerJoin('dossiers', 'dossiers.id', 'dossier_actions.dossier_id')
    .select(['dossier_actions.dossier_id', 'dossiers.receiving_org_id', 'dossiers.procedure_code', 'dossiers.channel', 'dossiers.field_code', 'dossier_actions.action', 'dossier_actions.at', 'dossier_actions.payload'])
    .orderBy('dossier_actions.dossier_id')
    .orderBy('dossier_actions.seq')
    .execute();
  // Each entry counts for the unit that received the dossier when it was logged: the dossier's unit
  // now, or — before a reorganisation moved it (transferred_by_reorganisation) — the unit it came from,
  // as record() filed it. So the log is read from the last entry back.
  let orgOfEntry = '';
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i]!;
    if (i === rows.length - 1 || rows[i + 1]!.dossier_id !== r.dossier_id) orgOfEntry = r.receiving_org_id;
    const day = isoDate(dayNumberOf(r.at));
    for (const [metric, value] of Object.entries(incrementsOf({ action: r.action, payload: r.payload }))) {
      const cell = `${orgOfEntry}|${r.procedure_code}|${r.channel}|${r.field_code}|${day}|${metric}`;
      out.set(cell, (out.get(cell) ?? 0) + value!);
    }
    const from = (r.payload as { fromReceivingOrgId?: unknown } | null)?.fromReceivingOrgId;
    if (r.action === 'transferred_by_reorganisation' && typeof from === 'string') orgOfEntry = from;
  }
  // The 766 marks (digitised, reusing, linked, population_checked) are counted from their own records.
  for (const [cell, value] of await recomputeMarkCounters(db)) out.set(cell, (out.get(cell) ?? 0) + value);
  return out;
}

export async function storedCounters(db: Kysely<DB>): Promise<Map<Cell, number>> {
  const rows = await sql<{ org_id: string; procedure_code: string; channel: string; field_code: string; day: string; metric: string; value: number }>`
    SELECT org_id, procedure_code, channel, field_code, to_char(day, 'YYYY-MM-DD') AS day, metric, value FROM stats_daily`.execute(db);
  return new Map(rows.rows.filter((r) => r.value !== 0).map((r) => [`${r.org_id}|${r.procedure_code}|${r.channel}|${r.field_code}|${r.day}|${r.metric}`, Number(r.value)]));
}

/** The monthly roll-up as cells, and the roll-up of the daily counters, for comparison. */
export async function monthlyCounters(db: Kysely<DB>): Promise<{ stored: Map<Cell, number>; fromDaily: Map<Cell, number> }> {
  const stored = await sql<{ k: string; value: number }>`
    SELECT org_id || '|' || procedure_code || '|' || to_char(month, 'YYYY-MM') || '|' || metric AS k, value FROM stats_monthly WHERE value <> 0`.execute(db);
  const daily = await sql<{ k: string; value: number }>`
    SELECT org_id || '|' || procedure_code || '|' || to_char(day, 'YYYY-MM') || '|' || metric AS k, sum(value)::float8 AS value FROM stats_daily GROUP BY 1 HAVING sum(value) <> 0`.execute(db);
  return { stored: new Map(stored.rows.map((r) => [r.k, Number(r.value)])), fromDaily: new Map(daily.rows.map((r) => [r.k, Number(r.value)])) };
}

/** Cells whose stored value differs from the recomputation (tolerance for float sums). */
export function diffCounters(stored: Map<Cell, number>, recomputed: Map<Cell, number>) {
  const diffs: Array<{ cell: string; stored: number; recomputed: number }> = [];
  for (const cell of new Set([...stored.keys(), ...recomputed.keys()])) {
    const a = stored.get(cell) ?? 0;
    const b = recomputed.get(cell) ?? 0;
    if (Math.abs(a - b) > 1e-6) diffs.push({ cell, stored: a, recomputed: b });
  }
  return diffs;
}

/** Replaces the stored counters by the recomputation, in one transaction. */
export async function rebuildCounters(db: Kysely<DB>) {
  const recomputed = await recomputeCounters(db);
  const diffs = diffCounters(await storedCounters(db), recomputed);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('stats_daily').execute();
    const rows = [...recomputed].map(([cell, value]) => {
      const [org_id, procedure_code, channel, field_code, day, metric] = cell.split('|') as [string, string, string, string, string, string];
      return { org_id, procedure_code, channel, field_code, day, metric, value };
    });
    for (let i = 0; i < rows.length; i += 1000) await trx.insertInto('stats_daily').values(rows.slice(i, i + 1000)).execute();
    await trx.deleteFrom('stats_monthly').execute();
    await sql`INSERT INTO stats_monthly (org_id, procedure_code, month, metric, value)
      SELECT org_id, procedure_code, date_trunc('month', day)::date, metric, sum(value) FROM stats_daily GROUP BY 1, 2, 3, 4`.execute(trx);
  });
  return diffs;
}

/**
 * Counters written before migration 020 carry an empty channel and field: they cannot be split from
 * the counters alone, so they are re-filed from the action logs (the same rule as `motcua stats
 * rebuild`). Run at server start, after migrations; a no-op once done. Returns whether it rebuilt.
 */
export async function refileLegacyCounters(db: Kysely<DB>): Promise<boolean> {
  const legacy = await db.selectFrom('stats_daily').select('org_id').where('channel', '=', '').limit(1).executeTakeFirst();
  if (!legacy) return false;
  await rebuildCounters(db);
  return true;
}
