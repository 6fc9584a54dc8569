/** Criteria sets: the shipped reference sets, reading, importing (JSON or XLSX) and exporting (XLSX). */
import type { AppContext } from '../../context.ts';
import { DomainError } from '../../kernel/errors.ts';
import { json } from '../../platform/db/db.ts';
import { recordAudit } from '../audit/audit.ts';
import type { SessionUser } from '../identity/auth.ts';
import { requireCityLevel } from '../organisations/scope.ts';
import type { ParSetView } from './contracts.ts';
import { bandsValid, compareCodes, DEFAULT_BANDS, leafCodes, toFieldIssue, validateSet, type BandThresholds, type CriterionRow, type ParGroup, type RowIssue } from './domain/criteria.ts';
import { REFERENCE_SETS } from './domain/reference-sets.ts';
import { knownMeasure } from './measures.ts';
import { setFromXlsx, setToXlsx } from './xlsx.ts';

export interface SetRecord {
  id: string;
  year: number;
  group: ParGroup;
  name: string;
  reference: boolean;
  rows: CriterionRow[];
  bands: BandThresholds;
}

/**
 * The reference sets are inserted when first needed (idempotent), like the SIPAS standard questionnaire: they
 * exist in every database, demo or not, and an import for the same year and group replaces them.
 */
export async function ensureReferenceSets(ctx: AppContext): Promise<void> {
  for (const s of REFERENCE_SETS) {
    await ctx.db
      .insertInto('par_sets')
      .values({ id: s.id, year: s.year, grp: s.group, name: s.name, criteria: json(s.rows), bands: json(s.bands), reference: true, created_by: null, created_at: ctx.clock() })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

const notFound = (year: number, group: string) => new DomainError('not-found', 404, { vi: `Chưa có bộ tiêu chí năm ${year} cho nhóm "${group}".`, en: `No criteria set for ${year} and group "${group}".` });

export async function findSet(ctx: AppContext, year: number, group: ParGroup): Promise<SetRecord | null> {
  await ensureReferenceSets(ctx);
  const r = await ctx.db.selectFrom('par_sets').selectAll().where('year', '=', year).where('grp', '=', group).executeTakeFirst();
  return r ? { id: r.id, year: r.year, group: r.grp, name: r.name, reference: r.reference, rows: r.criteria as CriterionRow[], bands: r.bands as BandThresholds } : null;
}
export async function requireSet(ctx: AppContext, year: number, group: ParGroup): Promise<SetRecord> {
  const s = await findSet(ctx, year, group);
  if (!s) throw notFound(year, group);
  return s;
}
export async function setById(ctx: AppContext, id: string): Promise<SetRecord> {
  const r = await ctx.db.selectFrom('par_sets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { id: r.id, year: r.year, group: r.grp, name: r.name, reference: r.reference, rows: r.criteria as CriterionRow[], bands: r.bands as BandThresholds };
}

export function setView(s: SetRecord): ParSetView {
  const leaves = leafCodes(s.rows);
  return { id: s.id, year: s.year, group: s.group, name: s.name, reference: s.reference, bands: s.bands, rows: s.rows.map((r) => ({ ...r, leaf: leaves.has(r.code) })) };
}

export async function listSets(ctx: AppContext) {
  await ensureReferenceSets(ctx);
  const rows = await ctx.db.selectFrom('par_sets').select(['id', 'year', 'grp', 'name', 'reference']).orderBy('year', 'desc').orderBy('grp').execute();
  return { items: rows.map((r) => ({ id: r.id, year: r.year, group: r.grp, name: r.name, reference: r.reference })) };
}

/**
 * Replaces the set of a year and group, after checking every row (422 naming row and column). Refused (409) once
 * an assessment of that year and group has been submitted: scores already given refer to the set's codes.
 */
export async function importSet(ctx: AppContext, user: SessionUser, year: number, group: ParGroup, input: { name: string; bands?: BandThresholds; rows: CriterionRow[] }, earlier: RowIssue[] = []): Promise<ParSetView> {
  await requireCityLevel(ctx, user);
  // A cell already reported by the spreadsheet reader is not reported twice.
  const reported = new Set(earlier.map((i) => `${i.row}${i.column}`));
  const issues = [...earlier, ...validateSet(input.rows, knownMeasure).filter((i) => !reported.has(`${i.row}${i.column}`))].map(toFieldIssue);
  const bands = input.bands ?? DEFAULT_BANDS;
  if (!bandsValid(bands)) issues.push({ path: 'bands', message: { vi: 'Ngưỡng xếp loại phải tăng dần: Trung bình < Khá < Tốt < Xuất sắc ≤ 100', en: 'Band thresholds must rise: average < fair < good < excellent ≤ 100' } });
  if (issues.length) throw new DomainError('validation-failed', 422, { vi: 'Bộ tiêu chí có lỗi; xem từng dòng.', en: 'The criteria set has errors; see each row.' }, issues);
  await ensureReferenceSets(ctx);
  const rows = [...input.rows].sort((a, b) => compareCodes(a.code, b.code));
  const id = `${year}-${group}`;
  await ctx.db.transaction().execute(async (trx) => {
    const used = await trx.selectFrom('par_assessments').select('id').where('set_id', '=', id).where('status', '<>', 'draft').executeTakeFirst();
    if (used) throw new DomainError('par-set-in-use', 409, { vi: 'Đã có đơn vị gửi tự đánh giá theo bộ tiêu chí này; không thay được nữa.', en: 'A unit has already submitted against this set; it can no longer be replaced.' });
    const drafts = await trx.selectFrom('par_assessments').select('id').where('set_id', '=', id).execute();
    if (drafts.length) throw new DomainError('par-set-in-use', 409, { vi: 'Đã có đơn vị bắt đầu tự đánh giá theo bộ tiêu chí này; không thay được nữa.', en: 'Units have started self-assessments against this set; it can no longer be replaced.' });
    await trx.deleteFrom('par_sets').where('id', '=', id).execute();
    await trx.insertInto('par_sets').values({ id, year, grp: group, name: input.name, criteria: json(rows), bands: json(bands), reference: false, created_by: user.id, created_at: ctx.clock() }).execute();
    await recordAudit(trx, ctx, user, { action: 'par.set_import', subjectType: 'par_set', subjectId: id, orgId: null, details: { name: input.name, rows: rows.length } });
  });
  return setView(await requireSet(ctx, year, group));
}

/** Imports a set from the officials' spreadsheet (./xlsx.ts): 422 with every problem by row and column. */
export async function importSetXlsx(ctx: AppContext, user: SessionUser, year: number, group: ParGroup, bytes: Buffer): Promise<ParSetView> {
  await requireCityLevel(ctx, user);
  const parsed = await setFromXlsx(bytes);
  const name = parsed.name ?? (group === 'department' ? `Bộ chỉ số CCHC các sở, ban, ngành năm ${year}` : group === 'ward' ? `Bộ chỉ số CCHC UBND phường, xã năm ${year}` : `Bộ chỉ số CCHC năm ${year}`);
  return importSet(ctx, user, year, group, { name, bands: parsed.bands ?? undefined, rows: parsed.rows }, parsed.issues);
}

export async function exportSetXlsx(ctx: AppContext, year: number, group: ParGroup): Promise<Buffer> {
  return setToXlsx(await requireSet(ctx, year, group));
}
