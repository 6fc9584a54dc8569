/** Results of a round (GET /api/surveys/rounds/:id/results), their CSV export, and the comparison of rounds. */
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { csvCell } from '../audit/audit.ts';
import type { RoundResults } from './contracts.ts';
import { FACTORS, responseRate, summarise, type IndexMethod, type Ratings } from './domain/stats.ts';
import { roundInScope } from './rounds.ts';

/** How each figure is computed, in both languages: the results page shows the reader's. */
export const METHOD = {
  share: {
    vi: 'Tỷ lệ người trả lời 4 (hài lòng) hoặc 5 (rất hài lòng) cho câu hỏi về sự hài lòng của yếu tố, trên số người đã trả lời câu hỏi đó.',
    en: 'Share of respondents answering 4 (satisfied) or 5 (very satisfied) to the factor’s satisfaction question, among those who answered it.',
  },
  interval: {
    vi: 'Khoảng tin cậy Wilson 95 % (z = 1,96), không hiệu chỉnh tổng thể hữu hạn (thận trọng).',
    en: 'Wilson score interval at 95 % (z = 1.96), without finite-population correction (conservative).',
  },
  index: {
    vi: 'Bình quân: trung bình cộng tỷ lệ hài lòng của các yếu tố (Quyết định 2640/QĐ-BNV); gộp: số câu trả lời hài lòng trên tổng số câu trả lời về sự hài lòng.',
    en: 'mean: the mean of the factor shares (Decision 2640/QĐ-BNV); pooled: satisfied answers over all satisfaction answers.',
  },
  gap: {
    vi: 'Điểm kỳ vọng trung bình trừ điểm cảm nhận trung bình, trên thang 1–5; số dương nghĩa là dịch vụ chưa đạt kỳ vọng.',
    en: 'Mean expectation minus mean perception, on the 1–5 scale; positive means the service falls short of expectations.',
  },
};

const ratingsOf = (answers: Record<string, number | string>): Ratings => Object.fromEntries(Object.entries(answers).filter((e): e is [string, number] => typeof e[1] === 'number'));

export async function roundResults(ctx: AppContext, user: SessionUser, id: string): Promise<RoundResults> {
  const round = await roundInScope(ctx, user, id);
  const method: IndexMethod = round.index_method;
  const responses = await ctx.db.selectFrom('survey_responses').select(['stratum_org_id', 'stratum_field', 'answers']).where('round_id', '=', id).execute();
  const invitations = await ctx.db
    .selectFrom('survey_invitations')
    .select(['stratum_org_id', 'stratum_field', 'state'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('round_id', '=', id)
    .groupBy(['stratum_org_id', 'stratum_field', 'state'])
    .execute();
  const orgs = new Map((await ctx.orgs.all()).map((o) => [o.id, o.name]));
  const invited = (pred: (r: (typeof invitations)[number]) => boolean) => invitations.filter(pred).reduce((s, r) => s + Number(r.n), 0);
  const group = (orgId: string, fieldCode: string | null) => {
    const mine = responses.filter((r) => r.stratum_org_id === orgId && (fieldCode === null || r.stratum_field === fieldCode));
    const inv = invited((r) => r.stratum_org_id === orgId && (fieldCode === null || r.stratum_field === fieldCode));
    const s = summarise(mine.map((r) => ratingsOf(r.answers)), method);
    return { orgId, orgName: orgs.get(orgId) ?? orgId, fieldCode, invited: inv, responses: mine.length, responseRate: responseRate(mine.length, inv), index: s.index, factors: s.factors };
  };
  const strata = [...new Set(invitations.map((r) => `${r.stratum_org_id}|${r.stratum_field}`))].sort();
  const units = [...new Set(invitations.map((r) => r.stratum_org_id))].sort();
  const all = summarise(responses.map((r) => ratingsOf(r.answers)), method);
  const total = invited(() => true);
  return {
    round: { id: round.id, name: round.name, from: round.period_from, to: round.period_to, indexMethod: method, status: round.status },
    method: METHOD,
    invited: total,
    responses: responses.length,
    held: invited((r) => r.state === 'held'),
    responseRate: responseRate(responses.length, total),
    index: all.index,
    factors: all.factors,
    byUnit: units.map((u) => group(u, null)),
    byStratum: strata.map((k) => group(k.split('|')[0]!, k.split('|')[1]!)),
  };
}

const pct = (x: number | null) => (x === null ? '' : (Math.round(x * 10_000) / 100).toFixed(2));
const num = (x: number | null) => (x === null ? '' : x.toFixed(2));

/** The results table as CSV (one line per unit and per unit × field, then the whole round), percentages with two decimals. */
export async function resultsCsv(ctx: AppContext, user: SessionUser, id: string): Promise<string> {
  const r = await roundResults(ctx, user, id);
  const head = ['nhom', 'don_vi', 'linh_vuc', 'moi', 'tra_loi', 'ty_le_tra_loi_%', 'chi_so_sipas_%', ...FACTORS.flatMap((f) => [`${f}_hai_long_%`, `${f}_ci95_thap_%`, `${f}_ci95_cao_%`, `${f}_chenh_lech`])];
  const line = (kind: string, g: { orgId: string; orgName: string; fieldCode: string | null; invited: number; responses: number; responseRate: number | null; index: number | null; factors: RoundResults['factors'] }) =>
    [kind, g.orgName, g.fieldCode ?? '', g.invited, g.responses, pct(g.responseRate), pct(g.index), ...g.factors.flatMap((f) => [pct(f.share), pct(f.ci95?.low ?? null), pct(f.ci95?.high ?? null), num(f.gap)])].map(csvCell).join(',');
  const lines = [
    line('toan_dot', { orgId: '', orgName: r.round.name, fieldCode: null, invited: r.invited, responses: r.responses, responseRate: r.responseRate, index: r.index, factors: r.factors }),
    ...r.byUnit.map((g) => line('don_vi', g)),
    ...r.byStratum.map((g) => line('don_vi_linh_vuc', g)),
  ];
  return `\ufeff${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

/** Several rounds side by side: the index and each factor's share. */
export async function compareRounds(ctx: AppContext, user: SessionUser, ids: string[]) {
  const rounds = [];
  for (const id of ids) {
    const r = await roundResults(ctx, user, id);
    rounds.push({ id: r.round.id, name: r.round.name, from: r.round.from, to: r.round.to, responses: r.responses, responseRate: r.responseRate, index: r.index, shares: Object.fromEntries(r.factors.map((f) => [f.factor, f.share])) });
  }
  return { rounds };
}

/**
 * The SIPAS index of a set of units from the latest round (by its period's end) whose period ends inside
 * [from, to] and that has responses from those units: for the PAR Index's survey leaves (src/modules/par-index).
 * Responses are summarised with the round's own index method. null: no such round.
 */
export async function latestSipasOf(ctx: AppContext, orgIds: readonly string[], from: string, to: string): Promise<{ roundId: string; roundName: string; index: number | null; responses: number } | null> {
  if (!orgIds.length) return null;
  const rounds = await ctx.db
    .selectFrom('survey_rounds')
    .select(['id', 'name', 'index_method', 'period_to'])
    .where('period_to', '>=', from)
    .where('period_to', '<=', to)
    .where((eb) => eb.exists(eb.selectFrom('survey_responses as r').select('r.id').whereRef('r.round_id', '=', 'survey_rounds.id').where('r.stratum_org_id', 'in', [...orgIds])))
    .orderBy('period_to', 'desc')
    .orderBy('id')
    .limit(1)
    .execute();
  const round = rounds[0];
  if (!round) return null;
  const responses = await ctx.db.selectFrom('survey_responses').select('answers').where('round_id', '=', round.id).where('stratum_org_id', 'in', [...orgIds]).execute();
  const s = summarise(responses.map((r) => ratingsOf(r.answers)), round.index_method);
  return { roundId: round.id, roundName: round.name, index: s.index, responses: responses.length };
}
