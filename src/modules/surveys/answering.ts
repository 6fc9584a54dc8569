/**
 * Answering through a one-time link: read the questionnaire, save partial answers against the token,
 * submit once. Anonymity (docs/surveys.md): on submission the answers are "held" in the invitation row
 * and the token is burned; once RELEASE_BATCH answers of the round are held, they move together, in a
 * random order, to survey_responses — rows with a random id, the round, the stratum and the month, and
 * nothing that points back to an invitation, not even the order or the transaction they were written in.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { DomainError } from '../../kernel/errors.ts';
import { json } from '../../platform/db/db.ts';
import type { DB } from '../../platform/db/schema.ts';
import { requireScope } from '../organisations/scope.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import type { PublicSurvey, SurveyAnswers } from './contracts.ts';
import { checkAnswers } from './domain/questionnaire.ts';
import { getQuestionnaire } from './questionnaires.ts';
import { tokenHash } from './tokens.ts';

/** How many submitted answers wait before they are released together (the smallest crowd a response hides in). */
export const RELEASE_BATCH = 5;

const linkUnknown = () => new DomainError('not-found', 404, { vi: 'Liên kết khảo sát không đúng.', en: 'This survey link is not valid.' });
const linkUsed = () => new DomainError('survey-link-used', 410, { vi: 'Phiếu khảo sát này đã được gửi. Cảm ơn Ông/Bà!', en: 'This survey has already been submitted. Thank you!' });
const roundClosed = () => new DomainError('survey-closed', 410, { vi: 'Đợt khảo sát đã kết thúc.', en: 'This survey round has ended.' });

async function invitationByToken(db: AppContext['db'] | Transaction<DB>, token: string, lock: boolean) {
  let q = db
    .selectFrom('survey_invitations')
    .innerJoin('survey_rounds', 'survey_rounds.id', 'survey_invitations.round_id')
    .select(['survey_invitations.id', 'survey_invitations.round_id', 'survey_invitations.state', 'survey_invitations.answers', 'survey_invitations.saved_at', 'survey_rounds.status', 'survey_rounds.name', 'survey_rounds.org_id', 'survey_rounds.questionnaire_id'])
    .where('survey_invitations.token_hash', '=', tokenHash(token));
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw linkUnknown();
  if (row.state !== 'invited') throw linkUsed();
  if (row.status !== 'open') throw roundClosed();
  return row;
}

function requireValid(issues: ReturnType<typeof checkAnswers>) {
  if (issues.length) throw new DomainError('validation-failed', 422, { vi: 'Câu trả lời chưa hợp lệ.', en: 'Some answers are not valid.' }, issues);
}

export async function openSurvey(ctx: AppContext, token: string): Promise<PublicSurvey> {
  const inv = await invitationByToken(ctx.db, token, false);
  const q = await getQuestionnaire(ctx, inv.questionnaire_id);
  const org = await ctx.orgs.find(inv.org_id);
  return { roundName: inv.name, orgName: org?.name ?? inv.org_id, definition: q.definition, answers: inv.answers ?? {}, savedAt: inv.saved_at?.toISOString() ?? null };
}

/** Partial answers, kept against the token until submission (the person may come back on another day). */
export async function saveDraft(ctx: AppContext, token: string, answers: SurveyAnswers): Promise<{ savedAt: string }> {
  // Reads first, outside the transaction: it holds the connection (PGlite has one) and must not wait on another.
  const inv = await invitationByToken(ctx.db, token, false);
  requireValid(checkAnswers((await getQuestionnaire(ctx, inv.questionnaire_id)).definition, answers, false));
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await invitationByToken(trx, token, true);
    await trx.updateTable('survey_invitations').set({ answers: json(answers), saved_at: now }).where('id', '=', locked.id).execute();
  });
  return { savedAt: now.toISOString() };
}

/**
 * Submits once: the token is burned (a second submission is 410). `officer`: an officer keying in a
 * paper interview (in the round's scope); the answer records only that it came on paper, not who keyed it.
 */
export async function submitSurvey(ctx: AppContext, token: string, answers: SurveyAnswers, officer: SessionUser | null): Promise<{ ok: true }> {
  const inv = await invitationByToken(ctx.db, token, false);
  if (officer) await requireScope(ctx, officer, inv.org_id);
  requireValid(checkAnswers((await getQuestionnaire(ctx, inv.questionnaire_id)).definition, answers, true));
  await ctx.db.transaction().execute(async (trx) => {
    // Locked and checked again: of two submissions racing with one link, the second finds it burned (410).
    const locked = await invitationByToken(trx, token, true);
    await trx.updateTable('survey_invitations').set({ state: 'held', answers: json(answers), saved_at: null, mode: officer ? 'paper' : 'online' }).where('id', '=', locked.id).execute();
    await releaseHeld(trx, ctx, locked.round_id, RELEASE_BATCH);
  });
  return { ok: true };
}

/**
 * Moves the round's held answers to survey_responses when at least `minimum` are waiting: shuffled
 * (a cryptographic shuffle), each with a fresh random id, the month only; the invitations keep "done"
 * and lose their answers.
 */
export async function releaseHeld(trx: Transaction<DB>, ctx: AppContext, roundId: string, minimum: number): Promise<number> {
  const held = await trx.selectFrom('survey_invitations').select(['id', 'stratum_org_id', 'stratum_field', 'answers', 'mode']).where('round_id', '=', roundId).where('state', '=', 'held').forUpdate().execute();
  if (held.length === 0 || held.length < minimum) return 0;
  for (let i = held.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [held[i], held[j]] = [held[j]!, held[i]!];
  }
  const month = ctx.clock().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }).slice(0, 7);
  await trx
    .insertInto('survey_responses')
    .values(held.map((h) => ({ id: randomUUID(), round_id: roundId, stratum_org_id: h.stratum_org_id, stratum_field: h.stratum_field, mode: h.mode ?? 'online', released_month: month, answers: json(h.answers ?? {}) })))
    .execute();
  await trx.updateTable('survey_invitations').set({ state: 'done', answers: null, mode: null }).where('id', 'in', held.map((h) => h.id)).execute();
  return held.length;
}
