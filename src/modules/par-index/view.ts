/** Read models of assessments: one assessment with its tree, scores, totals and what the caller may do; the list. */
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import type { AssessmentView, Frozen } from './contracts.ts';
import { leafCodes } from './domain/criteria.ts';
import { bandOf, totals } from './domain/scoring.ts';
import { mayActForUnit, mayAppraise, mayPublish, readable } from './assessments.ts';
import { setById } from './sets.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Final score per leaf: the latest correction, else the appraised score. */
export async function finalScores(ctx: AppContext, assessmentIds: string[]) {
  if (!assessmentIds.length) return { scores: new Map<string, Map<string, { self: number | null; appraised: number | null; final: number | null }>>(), corrected: new Set<string>() };
  const rows = await ctx.db.selectFrom('par_scores').select(['assessment_id', 'code', 'self_score', 'appraised_score']).where('assessment_id', 'in', assessmentIds).execute();
  const corrections = await ctx.db.selectFrom('par_corrections').select(['assessment_id', 'code', 'new_score']).where('assessment_id', 'in', assessmentIds).orderBy('at').orderBy('id').execute();
  const latest = new Map(corrections.map((c) => [`${c.assessment_id}|${c.code}`, c.new_score]));
  const scores = new Map<string, Map<string, { self: number | null; appraised: number | null; final: number | null }>>();
  for (const r of rows) {
    const m = scores.get(r.assessment_id) ?? scores.set(r.assessment_id, new Map()).get(r.assessment_id)!;
    m.set(r.code, { self: r.self_score, appraised: r.appraised_score, final: latest.get(`${r.assessment_id}|${r.code}`) ?? r.appraised_score });
  }
  return { scores, corrected: new Set(corrections.map((c) => c.assessment_id)) };
}

export async function assessmentView(ctx: AppContext, user: SessionUser, id: string): Promise<AssessmentView> {
  const row = await readable(ctx, user, id);
  const set = await setById(ctx, row.set_id);
  const leaves = leafCodes(set.rows);
  const scores = await ctx.db
    .selectFrom('par_scores as s')
    .leftJoin('uploads as u', 'u.id', 's.evidence_upload_id')
    .selectAll('s')
    .select('u.filename')
    .where('s.assessment_id', '=', id)
    .execute();
  const byCode = new Map(scores.map((s) => [s.code, s]));
  const corrections = await ctx.db
    .selectFrom('par_corrections as c')
    .innerJoin('users as u', 'u.id', 'c.by_user')
    .select(['c.code', 'c.old_score', 'c.new_score', 'c.reason', 'c.at', 'u.full_name'])
    .where('c.assessment_id', '=', id)
    .orderBy('c.at')
    .orderBy('c.id')
    .execute();
  const latest = new Map(corrections.map((c) => [c.code, c.new_score]));
  const finalOf = (code: string) => latest.get(code) ?? byCode.get(code)?.appraised_score ?? null;
  const org = await ctx.orgs.find(row.org_id);
  const appraised = row.status === 'appraised' || row.status === 'published';
  const fin = totals(set.rows, finalOf);
  const unitSide = await mayActForUnit(ctx, user, row.org_id);
  const appraiser = await mayAppraise(ctx, user, row.org_id);
  const publisher = await mayPublish(ctx, user);
  return {
    id: row.id,
    year: row.year,
    group: row.grp,
    setId: set.id,
    setName: set.name,
    org: { id: row.org_id, name: org?.name ?? row.org_id },
    status: row.status,
    frozenOn: row.frozen_on,
    submittedAt: iso(row.submitted_at),
    appraisedAt: iso(row.appraised_at),
    publishedAt: iso(row.published_at),
    bands: set.bands,
    self: totals(set.rows, (c) => byCode.get(c)?.self_score ?? null),
    final: appraised ? { ...fin, band: bandOf(fin.total, set.bands) } : null,
    nodes: set.rows.map((r) => {
      const s = byCode.get(r.code);
      return {
        ...r,
        leaf: leaves.has(r.code),
        selfScore: s?.self_score ?? null,
        evidence: { uploadId: s?.evidence_upload_id ?? null, filename: s?.filename ?? null, link: s?.evidence_link ?? null },
        explanation: s?.explanation ?? null,
        frozen: (s?.figures as Frozen | null) ?? null,
        appraisedScore: s?.appraised_score ?? null,
        appraisalComment: s?.appraisal_comment ?? null,
        returns: s?.returns ?? 0,
        returnReason: s?.return_reason ?? null,
        state: s?.state ?? 'open',
        finalScore: leaves.has(r.code) && appraised ? finalOf(r.code) : null,
      };
    }),
    corrections: corrections.map((c) => ({ code: c.code, oldScore: c.old_score, newScore: c.new_score, reason: c.reason, by: c.full_name, at: c.at.toISOString() })),
    can: {
      selfAssess: unitSide && (row.status === 'draft' || (row.status === 'submitted' && scores.some((s) => s.state === 'returned'))),
      submit: unitSide && ['leader', 'manager', 'admin'].includes(user.role) && row.status === 'draft',
      appraise: appraiser && row.status === 'submitted',
      publish: publisher && row.status === 'appraised',
      correct: publisher && row.status === 'published',
    },
  };
}

/** Assessments the caller may read (their scope), for a year or all, with their totals. */
export async function listAssessments(ctx: AppContext, user: SessionUser, year: number | undefined) {
  if (!user.orgId) return { items: [] };
  const ids = await ctx.orgs.subtreeIds(user.orgId);
  let q = ctx.db.selectFrom('par_assessments').selectAll().where('org_id', 'in', ids);
  if (year) q = q.where('year', '=', year);
  const rows = await q.orderBy('year', 'desc').orderBy('grp').orderBy('org_id').execute();
  const { scores } = await finalScores(ctx, rows.map((r) => r.id));
  const names = new Map((await ctx.orgs.all()).map((o) => [o.id, o.name]));
  const sum = (m: Map<string, { self: number | null; final: number | null }> | undefined, k: 'self' | 'final') => Math.round([...(m?.values() ?? [])].reduce((s, v) => s + (v[k] ?? 0), 0) * 100) / 100;
  return {
    items: rows.map((r) => ({
      id: r.id,
      year: r.year,
      group: r.grp,
      orgId: r.org_id,
      orgName: names.get(r.org_id) ?? r.org_id,
      status: r.status,
      selfTotal: sum(scores.get(r.id), 'self'),
      finalTotal: r.status === 'appraised' || r.status === 'published' ? sum(scores.get(r.id), 'final') : null,
    })),
  };
}
