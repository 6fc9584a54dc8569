/**
 * Drafts: a citizen saves an application half-way and resumes it later, on any device. Only the owner
 * sees a draft; a missing and a foreign draft both answer 404 so ids cannot be probed.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import type { DraftData } from './draft-contracts.ts';
import { DomainError, errors } from '../../kernel/errors.ts';
import { loadProcedure } from '../catalogue/procedures.ts';

/** A citizen keeps at most this many drafts; the oldest must be deleted first. */
export const MAX_DRAFTS = 50;

interface DraftRow {
  id: string;
  procedure_code: string;
  procedure_name: string;
  data: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const view = (r: DraftRow) => ({
  id: r.id,
  procedure: { code: r.procedure_code, name: r.procedure_name },
  data: r.data as DraftData,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

function selectDrafts(ctx: AppContext, ownerId: string) {
  return ctx.db
    .selectFrom('drafts')
    .innerJoin('procedures', 'procedures.code', 'drafts.procedure_code')
    .select(['drafts.id', 'drafts.procedure_code', 'procedures.name as procedure_name', 'drafts.data', 'drafts.created_at', 'drafts.updated_at'])
    .where('drafts.owner_id', '=', ownerId);
}

export async function listDrafts(ctx: AppContext, user: SessionUser) {
  const rows = await selectDrafts(ctx, user.id).orderBy('drafts.updated_at', 'desc').execute();
  return { items: rows.map(view) };
}

export async function getDraft(ctx: AppContext, user: SessionUser, id: string) {
  const row = await selectDrafts(ctx, user.id).where('drafts.id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound('draft', id);
  return view(row);
}

export async function createDraft(ctx: AppContext, user: SessionUser, procedureCode: string, data: DraftData) {
  await loadProcedure(ctx, procedureCode); // 404 for an unknown procedure
  const id = `drf_${randomUUID()}`;
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    const { n } = await trx.selectFrom('drafts').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_id', '=', user.id).executeTakeFirstOrThrow();
    if (Number(n) >= MAX_DRAFTS) {
      throw new DomainError('too-many-drafts', 409, {
        vi: `Bạn đã có ${MAX_DRAFTS} bản nháp. Hãy xoá bớt bản nháp cũ trước khi lưu thêm.`,
        en: `You already have ${MAX_DRAFTS} drafts. Delete an old one first.`,
      });
    }
    await trx.insertInto('drafts').values({ id, owner_id: user.id, procedure_code: procedureCode, data: JSON.stringify(data), created_at: now, updated_at: now }).execute();
  });
  return getDraft(ctx, user, id);
}

export async function updateDraft(ctx: AppContext, user: SessionUser, id: string, data: DraftData) {
  const res = await ctx.db.updateTable('drafts').set({ data: JSON.stringify(data), updated_at: ctx.clock() }).where('id', '=', id).where('owner_id', '=', user.id).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw errors.notFound('draft', id);
  return getDraft(ctx, user, id);
}

export async function deleteDraft(ctx: AppContext, user: SessionUser, id: string) {
  const res = await ctx.db.deleteFrom('drafts').where('id', '=', id).where('owner_id', '=', user.id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw errors.notFound('draft', id);
}
