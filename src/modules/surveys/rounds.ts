/** Survey rounds: creation, the stratified draw, the invitations (links sent through the outbox), the sample's export, closing. */
import { randomBytes, randomUUID } from 'node:crypto';
import { DomainError } from '../../kernel/errors.ts';
import { json } from '../../platform/db/db.ts';
import { csvCell, recordAudit } from '../audit/audit.ts';
import { surveyFrame } from '../dossiers/survey-frame.ts';
import { requireScope } from '../organisations/scope.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import type { RoundView } from './contracts.ts';
import { drawSample, type Sizing } from './domain/sampling.ts';
import type { IndexMethod } from './domain/stats.ts';
import { getQuestionnaire } from './questionnaires.ts';
import { releaseHeld } from './answering.ts';
import { INVITE_TOPIC, surveyLink, surveyToken, tokenHash } from './tokens.ts';
import { xlsxSheet } from './xlsx.ts';
import { writeOutbox } from '../../platform/outbox/index.ts';

export interface NewRound {
  name: string;
  orgId: string;
  questionnaireId: string;
  from: string;
  to: string;
  fieldCodes: string[];
  channels: Array<'online' | 'counter' | 'post'>;
  sizing: Sizing;
  indexMethod: IndexMethod;
}

type RoundRow = Awaited<ReturnType<typeof roundRow>>;
async function roundRow(ctx: AppContext, id: string) {
  const row = await ctx.db.selectFrom('survey_rounds').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not-found', 404, { vi: `Không có đợt khảo sát "${id}".`, en: `No survey round "${id}".` });
  return row;
}

/** The round, after checking the caller covers its unit. */
export async function roundInScope(ctx: AppContext, user: SessionUser, id: string) {
  const row = await roundRow(ctx, id);
  await requireScope(ctx, user, row.org_id);
  return row;
}

async function view(ctx: AppContext, r: RoundRow): Promise<RoundView> {
  const org = await ctx.orgs.find(r.org_id);
  const strata = r.strata as Array<{ orgId: string; fieldCode: string; frame: number; sample: number }>;
  const names = new Map((await Promise.all([...new Set(strata.map((st) => st.orgId))].map(async (o) => [o, (await ctx.orgs.find(o))?.name ?? o] as const))));
  return {
    id: r.id,
    name: r.name,
    orgId: r.org_id,
    orgName: org?.name ?? r.org_id,
    questionnaireId: r.questionnaire_id,
    from: r.period_from,
    to: r.period_to,
    fieldCodes: r.field_codes,
    channels: r.channels,
    sizing: r.sizing as Sizing,
    indexMethod: r.index_method,
    status: r.status,
    seed: r.seed,
    frameSize: r.frame_size,
    sampleSize: r.sample_size,
    sampledAt: r.sampled_at?.toISOString() ?? null,
    // The unit's name with each stratum: the round page shows names, not ids (an id of a unit since removed stays as it is).
    strata: strata.map((st) => ({ ...st, orgName: names.get(st.orgId) ?? st.orgId })),
  };
}

export async function createRound(ctx: AppContext, user: SessionUser, input: NewRound): Promise<RoundView> {
  await requireScope(ctx, user, input.orgId);
  await getQuestionnaire(ctx, input.questionnaireId);
  if (input.to < input.from) {
    throw new DomainError('validation-failed', 422, { vi: 'Ngày kết thúc trước ngày bắt đầu.', en: 'The period ends before it starts.' }, [{ path: 'to', message: { vi: 'Trước ngày bắt đầu', en: 'Before the start' } }]);
  }
  const id = randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('survey_rounds')
      .values({
        id,
        name: input.name,
        org_id: input.orgId,
        questionnaire_id: input.questionnaireId,
        period_from: input.from,
        period_to: input.to,
        field_codes: json(input.fieldCodes),
        channels: json(input.channels),
        sizing: json(input.sizing),
        index_method: input.indexMethod,
        status: 'draft',
        seed: null,
        frame_size: null,
        sample_size: null,
        strata: json([]),
        sampled_at: null,
        created_by: user.id,
        created_at: ctx.clock(),
      })
      .execute();
    await recordAudit(trx, ctx, user, { action: 'survey.round_create', subjectType: 'survey_round', subjectId: id, orgId: input.orgId, details: { name: input.name, questionnaireId: input.questionnaireId, from: input.from, to: input.to } });
  });
  return view(ctx, await roundRow(ctx, id));
}

export async function getRound(ctx: AppContext, user: SessionUser, id: string): Promise<RoundView> {
  return view(ctx, await roundInScope(ctx, user, id));
}

/** Rounds of units the caller covers, newest first. */
export async function listRounds(ctx: AppContext, user: SessionUser): Promise<{ items: RoundView[] }> {
  const ids = user.orgId ? await ctx.orgs.subtreeIds(user.orgId) : [];
  if (!ids.length) return { items: [] };
  const rows = await ctx.db.selectFrom('survey_rounds').selectAll().where('org_id', 'in', ids).orderBy('created_at', 'desc').orderBy('id').execute();
  return { items: await Promise.all(rows.map((r) => view(ctx, r))) };
}

/**
 * Draws the sample once (a second draw would let someone shop for a sample): the frame from the
 * dossiers module, the stratified draw with the given seed (or a fresh one, recorded), one invitation
 * per person and one `survey.invite` outbox message each, carrying the link for the e-mail/SMS channel.
 */
export async function sampleRound(ctx: AppContext, user: SessionUser, id: string, seedGiven: string | undefined, seedSource: () => string = () => randomBytes(16).toString('hex')) {
  const round = await roundInScope(ctx, user, id);
  if (round.status !== 'draft') throw new DomainError('already-sampled', 409, { vi: 'Đợt khảo sát đã chọn mẫu.', en: 'This round has already been sampled.' });
  const seed = seedGiven ?? seedSource();
  const frame = await surveyFrame(ctx, { orgIds: await ctx.orgs.subtreeIds(round.org_id), from: round.period_from, to: round.period_to, fieldCodes: round.field_codes, channels: round.channels });
  const draw = drawSample(frame, round.sizing as Sizing, seed);
  const people = new Map(frame.map((f) => [f.dossierCode, f]));
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx.updateTable('survey_rounds').set({ status: 'open', seed, frame_size: draw.frameSize, sample_size: draw.sampleSize, strata: json(draw.strata), sampled_at: now }).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new DomainError('already-sampled', 409, { vi: 'Đợt khảo sát đã chọn mẫu.', en: 'This round has already been sampled.' });
    const invitations = draw.sample.map((s) => {
      const p = people.get(s.dossierCode)!;
      const invitationId = randomUUID();
      return { invitationId, token: surveyToken(ctx, invitationId), p, s };
    });
    for (let i = 0; i < invitations.length; i += 500) {
      const chunk = invitations.slice(i, i + 500);
      await trx
        .insertInto('survey_invitations')
        .values(chunk.map(({ invitationId, token, p, s }) => ({ id: invitationId, round_id: id, stratum_org_id: s.orgId, stratum_field: s.fieldCode, person_key: s.personKey, full_name: p.fullName, phone: p.phone, email: p.email, address: p.address, dossier_code: p.dossierCode, token_hash: tokenHash(token), answers: null, saved_at: null, mode: null })))
        .execute();
      await writeOutbox(
        trx,
        chunk.map(({ invitationId, token, p }) => ({ topic: INVITE_TOPIC, payload: { roundId: id, invitationId, link: surveyLink(ctx, token), phone: p.phone, email: p.email }, at: now })),
      ).execute();
    }
    await recordAudit(trx, ctx, user, { action: 'survey.round_sample', subjectType: 'survey_round', subjectId: id, orgId: round.org_id, details: { seed, frameSize: draw.frameSize, sampleSize: draw.sampleSize } });
  });
  return { round: await view(ctx, await roundRow(ctx, id)), invited: draw.sample.length };
}

/** The sample with each person's contact and link, as CSV: personal data, so audited (who, which round, how many rows). */
const SAMPLE_HEAD = ['don_vi', 'linh_vuc', 'ho_ten', 'so_dinh_danh', 'dien_thoai', 'email', 'dia_chi', 'ma_ho_so', 'lien_ket', 'da_tra_loi'];

/**
 * The sample with contacts and links (personal data), as CSV or XLSX: either way the export is checked
 * against the caller's scope and written to the audit log with its row count and format.
 */
export async function exportSample(ctx: AppContext, user: SessionUser, id: string, format: 'csv' | 'xlsx' = 'csv'): Promise<{ body: string | Buffer; rows: number }> {
  const round = await roundInScope(ctx, user, id);
  const rows = await ctx.db.selectFrom('survey_invitations').selectAll().where('round_id', '=', id).orderBy('stratum_org_id').orderBy('stratum_field').orderBy('full_name').orderBy('id').execute();
  const cells = rows.map((r) => [r.stratum_org_id, r.stratum_field, r.full_name, r.person_key.replace(/^(id|tax|user):/, ''), r.phone, r.email, r.address, r.dossier_code, surveyLink(ctx, surveyToken(ctx, r.id)), r.state === 'invited' ? 'khong' : 'co']);
  await recordAudit(ctx.db, ctx, user, { action: 'survey.sample_export', subjectType: 'survey_round', subjectId: id, orgId: round.org_id, details: { rows: rows.length, format } });
  if (format === 'xlsx') return { body: await xlsxSheet('mau-khao-sat', SAMPLE_HEAD, cells), rows: rows.length };
  // BOM: spreadsheet programs read the file as UTF-8 (Vietnamese names) only with it.
  return { body: `\ufeff${[SAMPLE_HEAD.join(','), ...cells.map((c) => c.map(csvCell).join(','))].join('\r\n')}\r\n`, rows: rows.length };
}

/** Closes the round: no more answers; the answers still held are released together. */
export async function closeRound(ctx: AppContext, user: SessionUser, id: string): Promise<RoundView> {
  const round = await roundInScope(ctx, user, id);
  if (round.status !== 'open') throw new DomainError('round-not-open', 409, { vi: 'Đợt khảo sát không ở trạng thái đang mở.', en: 'The round is not open.' });
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('survey_rounds').set({ status: 'closed' }).where('id', '=', id).execute();
    await releaseHeld(trx, ctx, id, 1);
    await recordAudit(trx, ctx, user, { action: 'survey.round_close', subjectType: 'survey_round', subjectId: id, orgId: round.org_id });
  });
  return view(ctx, await roundRow(ctx, id));
}
