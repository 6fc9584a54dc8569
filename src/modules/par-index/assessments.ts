/**
 * The assessment of a unit for a year (docs/par-index.md): the unit's self-assessment, freezing of the computed
 * and survey leaves, submission by its leader, appraisal by the home-affairs side, publication by the city, and
 * corrections of published scores. Each command loads the assessment under a row lock, lets the pure rule in
 * ./domain/workflow.ts decide, writes, and records the step in the hash-chained audit log, in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.ts';
import { DomainError, type FieldIssue } from '../../kernel/errors.ts';
import { json } from '../../platform/db/db.ts';
import type { DB } from '../../platform/db/schema.ts';
import { recordAudit } from '../audit/audit.ts';
import { dayNumberOf, isoDate, parseIsoDate } from '../calendar/domain/local-time.ts';
import type { SessionUser } from '../identity/auth.ts';
import { isCityLevel, requireScope } from '../organisations/scope.ts';
import { readUpload } from '../uploads/uploads.ts';
import type { Frozen } from './contracts.ts';
import { leafCodes, type CriterionRow, type ParGroup } from './domain/criteria.ts';
import { pointsFor } from './domain/scoring.ts';
import { decideResubmit, decideReturn, missingForFinish, requireState, type Status } from './domain/workflow.ts';
import { measureOf } from './measures.ts';
import { requireSet, setById } from './sets.ts';

const UNIT_ROLES = ['specialist', 'leader', 'manager', 'admin'];
const STAFF_ROLES = ['manager', 'admin'];

export type AssessmentRow = Awaited<ReturnType<typeof loadRow>>;
async function loadRow(db: AppContext['db'] | Transaction<DB>, id: string, lock = false) {
  let q = db.selectFrom('par_assessments').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new DomainError('not-found', 404, { vi: `Không có bản đánh giá "${id}".`, en: `No assessment "${id}".` });
  return row;
}

const forbidden = (vi: string, en: string) => new DomainError('forbidden', 403, { vi, en });

/** Any officer of the unit's scope reads its assessment. */
export async function readable(ctx: AppContext, user: SessionUser, id: string) {
  const row = await loadRow(ctx.db, id);
  if (user.role === 'citizen') throw forbidden('Chỉ cán bộ được xem bản đánh giá.', 'Only officers see assessments.');
  if (!(await mayAppraise(ctx, user, row.org_id))) await requireScope(ctx, user, row.org_id);
  return row;
}

/**
 * The unit's side: its own specialists (drafting), leaders, managers and administrators — officers placed in
 * the unit or in a part of it that is not assessed on its own (a ward's one-stop desk). An officer above (the
 * city) covers the unit too, but appraises it; an officer of a ward is under the city but not the city's side.
 */
export async function mayActForUnit(ctx: AppContext, user: SessionUser, orgId: string): Promise<boolean> {
  if (!UNIT_ROLES.includes(user.role) || !user.orgId) return false;
  return (await assessedUnitOf(ctx, user.orgId)) === orgId;
}

/** The assessed unit an officer belongs to: their organisation, or the nearest above it that is assessed (a ward's desk → the ward). */
async function assessedUnitOf(ctx: AppContext, orgId: string): Promise<string | null> {
  let org = await ctx.orgs.find(orgId);
  for (let depth = 0; org && depth < 20; depth++) {
    if (groupOfKind(org.kind)) return org.id;
    org = org.parent_id ? await ctx.orgs.find(org.parent_id) : undefined;
  }
  return null;
}
/**
 * The appraiser (Sở Nội vụ's side): a manager or administrator whose scope covers the unit from ABOVE — never
 * an officer of the unit itself, who would appraise their own self-assessment.
 */
export async function mayAppraise(ctx: AppContext, user: SessionUser, orgId: string): Promise<boolean> {
  if (!STAFF_ROLES.includes(user.role) || !user.orgId || user.orgId === orgId) return false;
  return (await ctx.orgs.covers(user.orgId, orgId)) && !(await ctx.orgs.covers(orgId, user.orgId));
}
/** Publication and corrections: a manager or administrator at the city level. */
export async function mayPublish(ctx: AppContext, user: SessionUser): Promise<boolean> {
  return STAFF_ROLES.includes(user.role) && (await isCityLevel(ctx, user));
}

async function requireUnitSide(ctx: AppContext, user: SessionUser, orgId: string) {
  if (!(await mayActForUnit(ctx, user, orgId))) throw forbidden('Chỉ cán bộ của đơn vị được tự đánh giá.', 'Only the unit’s officers self-assess.');
}
async function requireAppraiser(ctx: AppContext, user: SessionUser, orgId: string) {
  if (!(await mayAppraise(ctx, user, orgId))) throw forbidden('Chỉ cơ quan thẩm định cấp trên (Sở Nội vụ) được thẩm định; đơn vị không tự thẩm định.', 'Only the appraising body above the unit (home affairs) appraises; a unit does not appraise itself.');
}
async function requirePublisher(ctx: AppContext, user: SessionUser) {
  if (!(await mayPublish(ctx, user))) throw forbidden('Chỉ lãnh đạo, quản trị cấp thành phố được công bố, đính chính kết quả.', 'Only city-level managers and administrators publish or correct results.');
}

export function groupOfKind(kind: string): ParGroup | null {
  return kind === 'department' ? 'department' : kind === 'commune' ? 'ward' : kind === 'province' ? 'province' : null;
}

/** Opens (or returns) the unit's assessment of a year, one leaf row per leaf of the year's set for its group. */
export async function openAssessment(ctx: AppContext, user: SessionUser, input: { year: number; orgId: string }): Promise<string> {
  const org = await ctx.orgs.find(input.orgId);
  if (!org) throw new DomainError('not-found', 404, { vi: `Không có cơ quan "${input.orgId}".`, en: `No organisation "${input.orgId}".` });
  await requireUnitSide(ctx, user, org.id);
  const group = groupOfKind(org.kind);
  if (!group) {
    throw new DomainError('validation-failed', 422, { vi: 'Chỉ sở, ban, ngành và phường, xã được chấm Chỉ số CCHC.', en: 'Only departments and wards/communes are assessed.' }, [{ path: 'orgId', message: { vi: 'Không thuộc nhóm được đánh giá', en: 'Not in an assessed group' } }]);
  }
  const set = await requireSet(ctx, input.year, group);
  const existing = await ctx.db.selectFrom('par_assessments').select('id').where('year', '=', input.year).where('org_id', '=', org.id).executeTakeFirst();
  if (existing) return existing.id;
  const id = randomUUID();
  try {
    await insertAssessment(ctx, user, id, org.id, group, input.year, set);
  } catch (e) {
    // Two officers opening at once: the second finds the first's (unique year × unit).
    if ((e as { code?: string }).code !== '23505') throw e;
    const again = await ctx.db.selectFrom('par_assessments').select('id').where('year', '=', input.year).where('org_id', '=', org.id).executeTakeFirstOrThrow();
    return again.id;
  }
  return id;
}

async function insertAssessment(ctx: AppContext, user: SessionUser, id: string, orgId: string, group: ParGroup, year: number, set: { id: string; rows: CriterionRow[] }) {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('par_assessments').values({ id, set_id: set.id, year, grp: group, org_id: orgId, status: 'draft', frozen_on: null, submitted_at: null, appraised_at: null, published_at: null, created_at: ctx.clock() }).execute();
    const leaves = [...leafCodes(set.rows)];
    await trx.insertInto('par_scores').values(leaves.map((code) => ({ assessment_id: id, code, self_score: null, evidence_upload_id: null, evidence_link: null, explanation: null, figures: null, appraised_score: null, appraisal_comment: null, return_reason: null }))).execute();
    await recordAudit(trx, ctx, user, { action: 'par.assessment_open', subjectType: 'par_assessment', subjectId: id, orgId, details: { year, set: set.id } });
  });
}

interface Locked {
  trx: Transaction<DB>;
  row: AssessmentRow;
  rows: CriterionRow[];
  leaf: (code: string) => CriterionRow;
}
/** Runs a step on the locked assessment, then bumps its version. */
async function step<T>(ctx: AppContext, id: string, fn: (l: Locked) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await loadRow(trx, id, true);
    const set = await setById({ ...ctx, db: trx as never }, row.set_id);
    const leaves = leafCodes(set.rows);
    const leaf = (code: string) => {
      const r = set.rows.find((x) => x.code === code && leaves.has(code));
      if (!r) throw new DomainError('not-found', 404, { vi: `Bộ tiêu chí không có tiêu chí lá "${code}".`, en: `The set has no leaf criterion "${code}".` });
      return r;
    };
    const out = await fn({ trx, row, rows: set.rows, leaf });
    await trx.updateTable('par_assessments').set({ version: row.version + 1 }).where('id', '=', id).execute();
    return out;
  });
}

const overMax = (path: string, max: number): FieldIssue => ({ path, message: { vi: `Điểm không được vượt quá điểm tối đa ${max}`, en: `The score must not exceed the maximum ${max}` } });

async function checkEvidence(ctx: AppContext, user: SessionUser, assessmentId: string, uploadId: string | null | undefined, path: string): Promise<FieldIssue | null> {
  if (!uploadId) return null;
  const file = await ctx.db.selectFrom('uploads').select(['id', 'owner_id']).where('id', '=', uploadId).executeTakeFirst();
  const attached = await ctx.db.selectFrom('par_scores').select('code').where('assessment_id', '=', assessmentId).where('evidence_upload_id', '=', uploadId).executeTakeFirst();
  // Only one's own upload (or one already attached to this assessment by a colleague) may be attached: upload ids of others are not a way in.
  if (!file || (file.owner_id !== user.id && !attached)) return { path, message: { vi: 'Không có tệp minh chứng này', en: 'No such evidence file' } };
  return null;
}

/** The unit saves scores, evidence and explanations of manual leaves (and explanations of any leaf), while in draft. */
export async function saveSelf(ctx: AppContext, user: SessionUser, id: string, leaves: Array<{ code: string; score?: number | null; evidenceUploadId?: string | null; evidenceLink?: string | null; explanation?: string | null }>) {
  const head = await loadRow(ctx.db, id);
  await requireUnitSide(ctx, user, head.org_id);
  const issues: FieldIssue[] = [];
  for (const [i, l] of leaves.entries()) {
    const bad = await checkEvidence(ctx, user, id, l.evidenceUploadId, `leaves.${i}.evidenceUploadId`);
    if (bad) issues.push(bad);
  }
  await step(ctx, id, async ({ trx, row, leaf }) => {
    requireState('self', row.status as Status);
    for (const [i, l] of leaves.entries()) {
      const c = leaf(l.code);
      if (l.score !== undefined && l.score !== null && c.method !== 'manual') issues.push({ path: `leaves.${i}.score`, message: { vi: 'Điểm tiêu chí tính tự động, điều tra XHH lấy khi chốt số liệu, không tự nhập', en: 'Computed and survey leaves are scored when figures are frozen, not typed in' } });
      if (l.score !== undefined && l.score !== null && l.score > c.max) issues.push(overMax(`leaves.${i}.score`, c.max));
    }
    if (issues.length) throw new DomainError('validation-failed', 422, { vi: 'Có điểm hoặc minh chứng không hợp lệ.', en: 'Some scores or evidence are not valid.' }, issues);
    for (const l of leaves) {
      const set: Record<string, unknown> = {};
      if (l.score !== undefined) set.self_score = l.score;
      if (l.evidenceUploadId !== undefined) set.evidence_upload_id = l.evidenceUploadId;
      if (l.evidenceLink !== undefined) set.evidence_link = l.evidenceLink;
      if (l.explanation !== undefined) set.explanation = l.explanation || null;
      if (Object.keys(set).length) await trx.updateTable('par_scores').set(set).where('assessment_id', '=', id).where('code', '=', l.code).execute();
    }
    await recordAudit(trx, ctx, user, { action: 'par.self_save', subjectType: 'par_assessment', subjectId: id, orgId: row.org_id, details: { leaves: leaves.map((l) => ({ code: l.code, score: l.score })) } });
  });
}

/** The period of a freeze: the year's first day to the chosen day (default today, never past the year's end). */
export function freezePeriod(year: number, on: string | undefined, now: Date): { from: string; to: string } {
  const today = isoDate(dayNumberOf(now));
  const last = `${year}-12-31`;
  const to = on ?? (today < last ? today : last);
  return { from: `${year}-01-01`, to };
}

/** Fills the computed and survey leaves from the measures, frozen at a day; the figures behind each are kept. */
export async function freeze(ctx: AppContext, user: SessionUser, id: string, on: string | undefined) {
  const head = await loadRow(ctx.db, id);
  await requireUnitSide(ctx, user, head.org_id);
  const { from, to } = freezePeriod(head.year, on, ctx.clock());
  if (to < from || to > `${head.year}-12-31` || parseIsoDate(to) === null || to > isoDate(dayNumberOf(ctx.clock()))) {
    throw new DomainError('validation-failed', 422, { vi: `Ngày chốt phải trong năm ${head.year} và không sau hôm nay.`, en: `The freeze day must be in ${head.year} and not after today.` }, [{ path: 'on', message: { vi: 'Ngày chốt không hợp lệ', en: 'Invalid freeze day' } }]);
  }
  requireState('freeze', head.status as Status);
  const set = await setById(ctx, head.set_id);
  const leaves = leafCodes(set.rows);
  const orgIds = await ctx.orgs.subtreeIds(head.org_id);
  // Measures read outside the write transaction (they are read models); the step below rechecks the state.
  const frozen: Array<{ code: string; f: Frozen }> = [];
  for (const r of set.rows) {
    if (!leaves.has(r.code) || r.method === 'manual' || !r.method) continue;
    const spec = r.method === 'survey' ? 'sipas' : r.measure!;
    const m = measureOf(spec);
    const result = m ? await m.measure.compute(ctx, { orgId: head.org_id, orgIds, from, to, year: head.year, arg: m.arg }) : { ratio: null, figures: [], note: { vi: `Chỉ số "${spec}" không còn trong danh mục.`, en: `Measure "${spec}" is no longer registered.` } };
    frozen.push({ code: r.code, f: { measure: spec, on: to, from, to, ratio: result.ratio, points: pointsFor(r, result.ratio), figures: result.figures, note: result.note ?? null } });
  }
  await step(ctx, id, async ({ trx, row }) => {
    requireState('freeze', row.status as Status);
    for (const x of frozen) await trx.updateTable('par_scores').set({ self_score: x.f.points, figures: json(x.f) }).where('assessment_id', '=', id).where('code', '=', x.code).execute();
    await trx.updateTable('par_assessments').set({ frozen_on: to }).where('id', '=', id).execute();
    await recordAudit(trx, ctx, user, { action: 'par.freeze', subjectType: 'par_assessment', subjectId: id, orgId: row.org_id, details: { on: to, leaves: frozen.map((x) => ({ code: x.code, ratio: x.f.ratio, points: x.f.points })) } });
  });
}

/** The unit's leader submits: figures frozen, every manual leaf scored, with evidence (a file or a link) when it claims points. */
export async function submit(ctx: AppContext, user: SessionUser, id: string) {
  const head = await loadRow(ctx.db, id);
  if (!['leader', 'manager', 'admin'].includes(user.role) || !(await mayActForUnit(ctx, user, head.org_id))) throw forbidden('Chỉ lãnh đạo đơn vị được gửi bản tự đánh giá.', 'Only the unit’s leader submits the self-assessment.');
  await step(ctx, id, async ({ trx, row, leaf }) => {
    requireState('submit', row.status as Status);
    const scores = await trx.selectFrom('par_scores').selectAll().where('assessment_id', '=', id).orderBy('code').execute();
    const issues: FieldIssue[] = [];
    if (!row.frozen_on) issues.push({ path: 'frozenOn', message: { vi: 'Chưa chốt số liệu các tiêu chí tính tự động', en: 'The computed leaves are not frozen yet' } });
    for (const s of scores) {
      if (leaf(s.code).method !== 'manual') continue;
      if (s.self_score === null) issues.push({ path: `leaves.${s.code}.score`, message: { vi: `Tiêu chí ${s.code} chưa tự chấm`, en: `Criterion ${s.code} has no self-score` } });
      else if (s.self_score > 0 && !s.evidence_upload_id && !s.evidence_link) issues.push({ path: `leaves.${s.code}.evidence`, message: { vi: `Tiêu chí ${s.code} chưa có minh chứng`, en: `Criterion ${s.code} has no evidence` } });
    }
    if (issues.length) throw new DomainError('validation-failed', 422, { vi: 'Bản tự đánh giá chưa đủ để gửi.', en: 'The self-assessment is not complete.' }, issues);
    await trx.updateTable('par_assessments').set({ status: 'submitted', submitted_at: ctx.clock() }).where('id', '=', id).execute();
    await recordAudit(trx, ctx, user, { action: 'par.submit', subjectType: 'par_assessment', subjectId: id, orgId: row.org_id, details: { year: row.year } });
  });
}

/** The appraiser's score and comment per leaf (any number of leaves at once). */
export async function appraise(ctx: AppContext, user: SessionUser, id: string, leaves: Array<{ code: string; score: number; comment?: string | null }>) {
  const head = await loadRow(ctx.db, id);
  await requireAppraiser(ctx, user, head.org_id);
  await step(ctx, id, async ({ trx, row, leaf }) => {
    requireState('appraise', row.status as Status);
    const issues = leaves.flatMap((l, i) => (l.score > leaf(l.code).max ? [overMax(`leaves.${i}.score`, leaf(l.code).max)] : []));
    if (issues.length) throw new DomainError('validation-failed', 422, { vi: 'Có điểm thẩm định vượt điểm tối đa.', en: 'Some appraised scores exceed the maximum.' }, issues);
    for (const l of leaves) await trx.updateTable('par_scores').set({ appraised_score: l.score, appraisal_comment: l.comment ?? null }).where('assessment_id', '=', id).where('code', '=', l.code).execute();
    await recordAudit(trx, ctx, user, { action: 'par.appraise', subjectType: 'par_assessment', subjectId: id, orgId: row.org_id, details: { leaves: leaves.map((l) => ({ code: l.code, score: l.score })) } });
  });
}

/** Returns a leaf to the unit for more evidence: once per leaf (a second return is 409). */
export async function returnLeaf(ctx: AppContext, user: SessionUser, id: string, code: string, reason: string) {
  const head = await loadRow(ctx.db, id);
  await requireAppraiser(ctx, user, head.org_id);
  await step(ctx, id, async ({ trx, row, leaf }) => {
    requireState('return', row.status as Status);
    leaf(code);
    const s = await trx.selectFrom('par_scores').select(['returns', 'state']).where('assessment_id', '=', id).where('code', '=', code).executeTakeFirstOrThrow();
    const next = decideReturn(s);
    await trx.updateTable('par_scores').set({ returns: next.returns, state: next.state, return_reason: reason }).where('assessment_id', '=', id).where('code', '=', code).execute();
    await recordAudit(trx, ctx, user, { action: 'par.return', subjectType: 'par_assessment', subjectId: id, orgId: row.org_id, details: { code, reason } });
  });
}

/** The unit answers a return: new evidence, explanation and (for a manual leaf) score, then the leaf goes back to the appraiser. */
export async function resubmitLeaf(ctx: AppContext, user: SessionUser, id: string, code: string, body: { score?: number | null; evidenceUploadId?: string | null; evidenceLink?: string | null; explanation?: string | null }) {
  const head = await loadRow(ctx.db, id);
  await requireUnitSide(ctx, user, head.org_id);
  const bad = await checkEvidence(ctx, user, id, body.evidenceUploadId, 'evidenceUploadId');
  if (bad) throw new DomainError('validation-failed', 422, { vi: 'Minh chứng không hợp lệ.', en: 'Invalid evidence.' }, [bad]);
  await step(ctx, id, async ({ trx, row, leaf }) => {
    requireState('resubmit', row.status as Status);
    const c = leaf(code);
    const s = await trx.selectFrom('par_scores').select(['state']).where('assessment_id', '=', id).where('code', '=', code).executeTakeFirstOrThrow();
    const next = decideResubmit(s);
    if (body.score !== undefined && body.score !== null && (c.method !== 'manual' || body.score > c.max)) {
      throw new DomainError('validation-failed', 422, { vi: 'Điểm không hợp lệ.', en: 'Invalid score.' }, [c.method !== 'manual' ? { path: 'score', message: { vi: 'Tiêu chí tính tự động không tự nhập điểm', en: 'A computed leaf takes no typed score' } } : overMax('score', c.max)]);
    }
    const set: Record<string, unknown> = { state: next.state };
    if (body.score !== undefined) set.self_score = body.score;
    if (body.evidenceUploadId !== undefined) set.evidence_upload_id = body.evidenceUploadId;
    if (body.evidenceLink !== undefined) set.evidence_link = body.evidenceLink;
    if (body.explanation !== undefined) set.explanation = body.explanation || null;
    await trx.updateTable('par_scores').set(set).where('assessment_id', '=', id).where('code', '=', code).execute();
    await recordAudit(trx, ctx, user, { action: 'par.resubmit', subjectType: 'par_assessment', subjectId: id, orgId: row.org_id, details: { code, score: body.score } });
  });
}

/** The appraisal is finished: every leaf appraised, none waiting for the unit. */
export async function finishAppraisal(ctx: AppContext, user: SessionUser, id: string) {
  const head = await loadRow(ctx.db, id);
  await requireAppraiser(ctx, user, head.org_id);
  await step(ctx, id, async ({ trx, row }) => {
    requireState('finish', row.status as Status);
    const scores = await trx.selectFrom('par_scores').select(['code', 'appraised_score', 'state']).where('assessment_id', '=', id).execute();
    const missing = missingForFinish(scores.map((s) => ({ code: s.code, appraised: s.appraised_score, state: s.state })));
    if (missing.length) {
      throw new DomainError('par-appraisal-incomplete', 409, { vi: `Còn tiêu chí chưa thẩm định hoặc đang chờ đơn vị bổ sung: ${missing.join(', ')}.`, en: `Criteria not appraised yet or waiting for the unit: ${missing.join(', ')}.` }, [], { missing });
    }
    await trx.updateTable('par_assessments').set({ status: 'appraised', appraised_at: ctx.clock() }).where('id', '=', id).execute();
    await recordAudit(trx, ctx, user, { action: 'par.appraised', subjectType: 'par_assessment', subjectId: id, orgId: row.org_id, details: {} });
  });
}

export async function publish(ctx: AppContext, user: SessionUser, id: string) {
  await requirePublisher(ctx, user);
  await step(ctx, id, async ({ trx, row }) => {
    requireState('publish', row.status as Status);
    await trx.updateTable('par_assessments').set({ status: 'published', published_at: ctx.clock() }).where('id', '=', id).execute();
    await recordAudit(trx, ctx, user, { action: 'par.publish', subjectType: 'par_assessment', subjectId: id, orgId: row.org_id, details: { year: row.year } });
  });
}

/** A published score is superseded by a recorded correction (who, why, old → new); the appraisal itself stays. */
export async function correct(ctx: AppContext, user: SessionUser, id: string, code: string, body: { score: number; reason: string }) {
  await requirePublisher(ctx, user);
  await step(ctx, id, async ({ trx, row, leaf }) => {
    requireState('correct', row.status as Status);
    const c = leaf(code);
    if (body.score > c.max) throw new DomainError('validation-failed', 422, { vi: 'Điểm vượt điểm tối đa.', en: 'The score exceeds the maximum.' }, [overMax('score', c.max)]);
    const s = await trx.selectFrom('par_scores').select('appraised_score').where('assessment_id', '=', id).where('code', '=', code).executeTakeFirstOrThrow();
    const last = await trx.selectFrom('par_corrections').select('new_score').where('assessment_id', '=', id).where('code', '=', code).orderBy('at', 'desc').orderBy('id', 'desc').executeTakeFirst();
    const old = last?.new_score ?? s.appraised_score ?? 0;
    await trx.insertInto('par_corrections').values({ id: randomUUID(), assessment_id: id, code, old_score: old, new_score: body.score, reason: body.reason, by_user: user.id, at: ctx.clock() }).execute();
    await recordAudit(trx, ctx, user, { action: 'par.correct', subjectType: 'par_assessment', subjectId: id, orgId: row.org_id, details: { code, old, new: body.score, reason: body.reason } });
  });
}

/** The evidence file of a leaf, for anyone who may read the assessment. */
export async function evidenceFile(ctx: AppContext, user: SessionUser, id: string, code: string) {
  await readable(ctx, user, id);
  const s = await ctx.db.selectFrom('par_scores').select('evidence_upload_id').where('assessment_id', '=', id).where('code', '=', code).executeTakeFirst();
  const file = s?.evidence_upload_id ? await readUpload(ctx, s.evidence_upload_id) : undefined;
  if (!file) throw new DomainError('not-found', 404, { vi: 'Tiêu chí này không có tệp minh chứng.', en: 'This criterion has no evidence file.' });
  return file;
}
