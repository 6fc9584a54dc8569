/** The 18-point evaluation: suggestions from the counters, self-scores by the unit, appraisal from above. */
import { sql } from 'kysely';
import { DEFAULT_EVALUATION_BANDS, evaluationBand, INDICATORS, suggestScores } from '../domain/indices/evaluation.ts';
import { DomainError } from '../domain/errors.ts';
import { escapeLike } from '../store/sql.ts';
import { periodRange } from './index766.ts';
import type { AppContext } from './context.ts';
import type { SessionUser } from './auth.ts';

export interface ScoreInput {
  indicator: number;
  score: number;
  slips?: number;
  note?: string;
}

function checkPeriod(period: string) {
  const range = periodRange(period);
  if (!range) throw new DomainError('validation-failed', 422, { vi: 'Kỳ phải có dạng 2026-11, 2026-Q4 hoặc 2026.', en: 'The period must look like 2026-11, 2026-Q4 or 2026.' }, [{ path: 'period', message: { vi: 'Kỳ không hợp lệ', en: 'Invalid period' } }]);
  return range;
}

export async function getEvaluation(ctx: AppContext, orgId: string, period: string) {
  const { from, to } = checkPeriod(period);
  const org = await ctx.orgs.find(orgId);
  if (!org) throw new DomainError('not-found', 404, { vi: `Không có cơ quan "${orgId}".`, en: `No organisation "${orgId}".` });
  const prefix = `${escapeLike(org.path)}%`;
  const counters = await sql<{ metric: string; value: number }>`
    SELECT s.metric, sum(s.value)::float8 AS value FROM stats_monthly s JOIN organisations o ON o.id = s.org_id
    WHERE o.path LIKE ${prefix} AND s.month BETWEEN ${from} AND ${to} GROUP BY s.metric`.execute(ctx.db);
  const c = (m: string) => Number(counters.rows.find((r) => r.metric === m)?.value ?? 0);
  const catalogue = await sql<{ total: number; complete: number }>`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE jsonb_array_length(p.components) > 0 AND jsonb_array_length(p.process) > 0 AND p.legal_basis <> '' AND (p.fee_vnd IS NOT NULL OR p.fee_note IS NOT NULL))::int AS complete
    FROM procedures p WHERE p.published AND EXISTS (SELECT 1 FROM procedure_orgs po JOIN organisations o ON o.id = po.org_id WHERE po.procedure_code = p.code AND o.path LIKE ${prefix})`.execute(ctx.db);
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
    proceduresInCompetence: catalogue.rows[0]!.total,
    proceduresComplete: catalogue.rows[0]!.complete,
    received: c('received'),
    receivedOnline: c('received_online'),
    steps: null,
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
  checkPeriod(period);
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
