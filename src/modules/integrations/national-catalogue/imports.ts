/**
 * The catalogue import: an uploaded export of the national procedure database is read, checked row by row and
 * compared with the catalogue (a preview: new / changed field by field / unchanged, and the errors by row), kept
 * as an import; applying it writes, in ONE transaction, a new version for each changed procedure and a new
 * (unpublished) procedure for each new one, or nothing at all. City-level administrators only: the catalogue is
 * shared by the whole city (organisations/scope.ts requireCityLevel), like the statutory parts of PUT /api/procedures.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../kernel/errors.ts';
import { json } from '../../../platform/db/db.ts';
import { isoDate, dayNumberOf } from '../../calendar/domain/local-time.ts';
import { requireCityLevel } from '../../organisations/scope.ts';
import { recordAudit } from '../../audit/audit.ts';
import { canonical, currentParts, diffDecision, diffParts, writeVersion } from '../../catalogue/versions.ts';
import { missingParts } from '../../catalogue/domain/completeness.ts';
import type { AppContext } from '../../../context.ts';
import type { SessionUser } from '../../identity/auth.ts';
import type { CatalogueImportView } from '../contracts.ts';
import { checkRecord, type CheckedRecord, type RawRecord, type RowError } from './domain/record.ts';
import { COMPONENT_SHEET, FileProblem, isXlsx, readJson, readXlsx, templateXlsx } from './file.ts';

type DiffItem = CatalogueImportView['items'][number];

const badFile = (issues: RowError[]) =>
  new DomainError(
    'catalogue-file-unreadable',
    422,
    { vi: 'Không đọc được tệp danh mục thủ tục.', en: 'The catalogue file cannot be read.' },
    // A problem of the whole file has no column (and row 1 means nothing there): its path is just "file".
    issues.map((i) => ({ path: [i.sheet, ...(i.column ? [i.row, i.column] : i.sheet === 'file' ? [] : [i.row])].join('.'), message: i.message })),
  );

/** Reads, checks and compares; stores the import (not applied) and answers its preview. */
export async function previewImport(ctx: AppContext, user: SessionUser, bytes: Buffer, filename: string | null): Promise<CatalogueImportView> {
  await requireCityLevel(ctx, user);
  if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw badFile([{ sheet: 'file', row: 1, column: '', message: { vi: 'Tệp rỗng', en: 'The file is empty' } }]);
  const format = isXlsx(bytes) ? 'xlsx' : 'json';
  let raw: RawRecord[];
  const errors: RowError[] = [];
  try {
    if (format === 'xlsx') {
      const read = await readXlsx(bytes);
      raw = read.records;
      errors.push(...read.issues);
    } else raw = readJson(bytes);
  } catch (e) {
    if (e instanceof FileProblem) throw badFile(e.issues);
    throw e;
  }
  const fields = await ctx.db.selectFrom('fields').select(['code', 'name']).execute();
  const records: CheckedRecord[] = [];
  const seen = new Map<string, number>();
  for (const r of raw) {
    const checked = checkRecord(r, fields);
    errors.push(...checked.errors);
    if (!checked.record) continue;
    const first = seen.get(checked.record.code);
    if (first !== undefined) {
      errors.push({ sheet: r.position.sheet, row: r.position.row, column: r.position.column('maTTHC'), message: { vi: `Mã thủ tục ${checked.record.code} đã có ở dòng ${first}`, en: `Procedure ${checked.record.code} is already on row ${first}` } });
      continue;
    }
    seen.set(checked.record.code, r.position.row);
    records.push(checked.record);
  }
  const items = await compare(ctx, records);
  const id = `cimp_${randomUUID()}`;
  const now = ctx.clock();
  // The procedures' sheet first, then the papers' sheet; by row within each (a stable sort keeps the columns' order).
  const sheetRank = (e: RowError) => (e.sheet === COMPONENT_SHEET ? 1 : 0);
  errors.sort((a, b) => sheetRank(a) - sheetRank(b) || a.row - b.row);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('catalogue_imports')
      .values({ id, format, filename: filename?.slice(0, 200) ?? null, records: json(records), preview: json(items), errors: json(errors), created_by: user.id, created_at: now })
      .execute();
    await recordAudit(trx, ctx, user, { action: 'catalogue.import_preview', subjectType: 'catalogue_import', subjectId: id, orgId: user.orgId, details: { format, filename, ...countsOf(items, errors) } });
  });
  return view({ id, format, filename, created_at: now, applied_at: null, preview: items, errors });
}

function countsOf(items: DiffItem[], errors: RowError[]) {
  return {
    new: items.filter((i) => i.status === 'new').length,
    changed: items.filter((i) => i.status === 'changed').length,
    unchanged: items.filter((i) => i.status === 'unchanged').length,
    errors: errors.length,
  };
}

/** Each checked record against the catalogue as it is now. */
async function compare(ctx: AppContext, records: CheckedRecord[]): Promise<DiffItem[]> {
  const items: DiffItem[] = [];
  for (const r of records) {
    const current = await currentParts(ctx.db, r.code);
    const changes = current ? [...diffParts(current.parts, r.parts, current.agencies), ...diffDecision(current.decision, r.meta)] : [];
    const process = current ? ((await ctx.db.selectFrom('procedures').select('process').where('code', '=', r.code).executeTakeFirstOrThrow()).process as unknown[]) : [];
    items.push({
      code: r.code,
      name: r.parts.name,
      row: r.row,
      status: !current ? 'new' : changes.length ? 'changed' : 'unchanged',
      changes,
      decisionNumber: r.meta.decisionNumber,
      decisionDate: r.meta.decisionDate,
      effectiveDate: r.meta.effectiveDate,
      nationalUpdatedOn: r.meta.nationalUpdatedOn,
      missingParts: missingParts({ components: r.parts.components, process, legalBasis: r.parts.legalBasis, feeVnd: r.parts.feeVnd, feeNote: r.parts.feeNote, durationValue: r.parts.duration.value, resultName: r.parts.resultName }),
    });
  }
  return items;
}

interface ImportRow {
  id: string;
  format: 'json' | 'xlsx';
  filename: string | null;
  created_at: Date;
  applied_at: Date | null;
  preview: unknown[];
  errors: unknown[];
}

function view(r: ImportRow): CatalogueImportView {
  const items = r.preview as DiffItem[];
  const errors = r.errors as RowError[];
  return { id: r.id, format: r.format, filename: r.filename, createdAt: r.created_at.toISOString(), appliedAt: r.applied_at?.toISOString() ?? null, counts: countsOf(items, errors), items, errors };
}

async function requireImport(ctx: AppContext, id: string) {
  const row = await ctx.db.selectFrom('catalogue_imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not-found', 404, { vi: `Không có lượt nhập "${id}".`, en: `No import "${id}".` });
  return row;
}

/** The template, for the same administrators as the import. */
export async function catalogueTemplate(ctx: AppContext, user: SessionUser): Promise<Buffer> {
  await requireCityLevel(ctx, user);
  return templateXlsx();
}

export async function getImport(ctx: AppContext, user: SessionUser, id: string): Promise<CatalogueImportView> {
  await requireCityLevel(ctx, user);
  return view(await requireImport(ctx, id));
}

/**
 * Applies the previewed import in one transaction. Refused (409) when it has errors, was applied already, or
 * the catalogue changed since the preview (someone edited a procedure, another import added one): what was
 * shown is what is applied, or nothing is.
 */
export async function applyImport(ctx: AppContext, user: SessionUser, id: string) {
  await requireCityLevel(ctx, user);
  const imp = await requireImport(ctx, id);
  if ((imp.errors as unknown[]).length > 0) {
    throw new DomainError('catalogue-import-has-errors', 409, { vi: 'Tệp còn lỗi ở một số dòng; sửa tệp và tải lên lại.', en: 'The file has errors in some rows; correct it and upload it again.' });
  }
  const records = imp.records as CheckedRecord[];
  const preview = imp.preview as DiffItem[];
  const now = ctx.clock();
  const today = isoDate(dayNumberOf(now));
  const fieldNames = new Map((await ctx.db.selectFrom('fields').select(['code', 'name']).execute()).map((f) => [f.code, f.name]));
  const result = { newProcedures: [] as string[], newVersions: [] as Array<{ code: string; version: number }>, unchanged: 0 };
  await ctx.db.transaction().execute(async (trx) => {
    // Claimed first: a second apply (or one running at the same time) finds it taken and changes nothing.
    const claimed = await trx.updateTable('catalogue_imports').set({ applied_at: now, applied_by: user.id }).where('id', '=', id).where('applied_at', 'is', null).returning('id').executeTakeFirst();
    if (!claimed) throw new DomainError('catalogue-import-applied', 409, { vi: 'Lượt nhập này đã được áp dụng.', en: 'This import has already been applied.' });
    for (const item of preview) {
      const r = records.find((x) => x.code === item.code)!;
      const current = await currentParts(trx, r.code);
      const changes = current ? [...diffParts(current.parts, r.parts, current.agencies), ...diffDecision(current.decision, r.meta)] : [];
      const status = !current ? 'new' : changes.length ? 'changed' : 'unchanged';
      if (status !== item.status || canonical(changes) !== canonical(item.changes)) {
        throw new DomainError('catalogue-changed-since-preview', 409, {
          vi: `Thủ tục ${r.code} đã thay đổi sau khi xem trước; không áp dụng gì. Tải tệp lên lại để xem khác biệt mới.`,
          en: `Procedure ${r.code} changed after the preview; nothing was applied. Upload the file again to see the new differences.`,
        });
      }
      if (status === 'unchanged') {
        result.unchanged += 1;
        continue;
      }
      const version = await writeVersion(trx, fieldNames.get(r.parts.fieldCode) ?? '', {
        code: r.code,
        parts: r.parts,
        changes,
        meta: r.meta,
        source: 'import',
        importId: id,
        userId: user.id,
        at: now,
        publishedOn: today,
      });
      if (status === 'new') result.newProcedures.push(r.code);
      else result.newVersions.push({ code: r.code, version });
    }
    await recordAudit(trx, ctx, user, { action: 'catalogue.import_apply', subjectType: 'catalogue_import', subjectId: id, orgId: user.orgId, details: { ...result } });
  });
  return { id, appliedAt: now.toISOString(), ...result };
}
