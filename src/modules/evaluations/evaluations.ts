/** The 18-point evaluation: suggestions from the counters, self-scores by the unit, appraisal from above. */
import { DEFAULT_EVALUATION_BANDS, evaluationBand, INDICATORS, suggestScores } from './domain/evaluation.ts';
import { DomainError } from '../../kernel/errors.ts';
import { catalogueCounts, monthlyTotals } from '../measurement/figures.ts';
import { requirePeriod } from '../measurement/index766.ts';
import { feedbackFigures } from '../feedback/queries.ts';
import { dayNumberFromYmd, parseIsoDate, startOfDay } from '../calendar/domain/local-time.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';

export interface ScoreInput {
  indicator: number;
  score: number;
  slips?: number;
  note?: string;
}


export async function getEvaluation(ctx: AppContext, orgId: string, period: string) {
  const { from, to } = requirePeriod(period, 'period');
  const org = await ctx.orgs.find(orgId);
  if (!org) throw new DomainError('not-found', 404, { vi: `Không có cơ quan "${orgId}".`, en: `No organisation "${orgId}".` });
  const c = await monthlyTotals(ctx, org, from, to);
  const catalogue = await catalogueCounts(ctx, org);
  // Feedback handled in the period, the period's days in Vietnam time (as the 766 index counts them).
  const end = startOfDay(dayNumberFromYmd(Number(to.slice(0, 4)), Number(to.slice(5, 7)), Number(to.slice(8, 10))) + 1);
  const fb = await feedbackFigures(ctx.db, await ctx.orgs.subtreeIds(org.id), startOfDay(parseIsoDate(from)!), end, ctx.clock());
  const suggestions = suggestScores({
    finishedEarly: c('finished_early'),
    finishedOnTime: c('finished_on_time'),
    finishedLate: c('finished_late'),
    accepted: c('accepted'),
    supplementRequests: c('supplement_requests'),
    supplementSecond: c('supplement_second'),
    ratedDissatisfied: c('rated_dissatisfied'),
    ratedSatisfied: c('rated_satisfied'),
    ratedVerySatisfied: c('rated_very_satisfied'),
    proceduresInCompetence: catalogue.total,
    proceduresComplete: catalogue.complete,
    received: c('received'),
    receivedOnline: c('received_online'),
    steps: null,
    feedback: { handled: fb.handled, handledOnTime: fb.handledOnTime },
  });
  const stored = await ctx.db.selectFrom('evaluations').selectAll().where('org_id', '=', orgId).where('period', '=', period).execute();
  const indicators = INDICATORS.map((ind) => {
    const row = stored.find((r) => r.indicator === ind.n);
    const sug = suggestions.find((x) => x.indicator === ind.n)!;
    return { indicator: ind.n, label: ind.label, standard: 2, suggested: sug.score, basis: sug.basis, selfScore: row?.self_score ?? null, appraisedScore: row?.appraised_score ?? null, slips: row?.slips ?? c('rated'), note: row?.note ?? null };
  });
  const sum = (k: 'selfScore' | 'appraisedScore') => (indicators.every((i) => i[k] === null) ? null : Math.round(indicators.reduce((s, i) => s + (i[k] ?? 0), 0) * 100) / 100);
  const selfTotal = sum('selfScore');
  const appraisedTotal = sum('appraisedScore');
  const final = appraisedTotal ?? selfTotal;
  return { org: { id: org.id, name: org.name }, period, max: 18, indicators, selfTotal, appraisedTotal, band: final === null ? null : evaluationBand(final), bands: DEFAULT_EVALUATION_BANDS };
}

export async function saveScores(ctx: AppContext, user: SessionUser, orgId: string, period: string, kind: 'self' | 'appraisal', scores: ScoreInput[]) {
  requirePeriod(period, 'period');
  const org = await ctx.orgs.find(orgId);
  if (!org) throw new DomainError('not-found', 404, { vi: `Không có cơ quan "${orgId}".`, en: `No organisation "${orgId}".` });
  const covers = await ctx.orgs.covers(user.orgId, orgId);
  // The unit scores itself; the level above appraises (never the unit itself).
  const allowed = kind === 'self' ? covers && (user.role === 'leader' || user.role === 'admin') : covers && user.orgId !== orgId && (user.role === 'manager' || user.role === 'admin');
  if (!allowed) {
    throw new DomainError('forbidden', 403, {
      vi: kind === 'self' ? 'Chỉ lãnh đạo đơn vị tự chấm điểm.' : 'Chỉ cơ quan cấp trên thẩm định điểm.',
      en: kind === 'self' ? 'Only the unit’s leader enters its self-scores.' : 'Only the level above appraises.',
    });
  }
  const seen = new Set<number>();
  for (const [i, s] of scores.entries()) {
    if (seen.has(s.indicator)) {
      throw new DomainError('validation-failed', 422, { vi: 'Mỗi tiêu chí chỉ nhập một lần.', en: 'Each indicator once.' }, [{ path: `indicators.${i}.indicator`, message: { vi: 'Trùng tiêu chí', en: 'Duplicate' } }]);
    }
    seen.add(s.indicator);
  }
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    for (const s of scores) {
      const values = kind === 'self' ? { self_score: s.score, self_by: user.id, self_at: now } : { appraised_score: s.score, appraised_by: user.id, appraised_at: now };
      const extra = { ...(s.slips !== undefined ? { slips: s.slips } : {}), ...(s.note !== undefined ? { note: s.note } : {}) };
      await trx
        .insertInto('evaluations')
        .values({ org_id: orgId, period, indicator: s.indicator, ...values, ...extra })
        .onConflict((oc) => oc.columns(['org_id', 'period', 'indicator']).doUpdateSet({ ...values, ...extra }))
        .execute();
    }
  });
  return getEvaluation(ctx, orgId, period);
}
