/** Questionnaires: versioned SurveyJS documents. A copy or an edit is a new version; stored versions never change (rounds pin them). */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../kernel/errors.ts';
import { json } from '../../platform/db/db.ts';
import { recordAudit } from '../audit/audit.ts';
import { requireScope } from '../organisations/scope.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { SurveyDefinition, type QuestionnaireView } from './contracts.ts';
import { checkQuestionnaire, standardQuestionnaire, STANDARD_FAMILY, STANDARD_ID, textOf } from './domain/questionnaire.ts';

/**
 * The city's standard questionnaire is reference data: inserted when first needed (idempotent), so a
 * fresh database — demo or not — has it, like the national calendar years.
 */
export async function ensureStandardQuestionnaire(ctx: AppContext): Promise<void> {
  const def = standardQuestionnaire();
  await ctx.db
    .insertInto('survey_questionnaires')
    .values({ id: STANDARD_ID, family: STANDARD_FAMILY, version: 1, title: textOf(def.title), definition: json(def), standard: true, org_id: null, based_on: null, created_by: null, created_at: ctx.clock() })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

type Row = { id: string; family: string; version: number; title: string; definition: unknown; standard: boolean; org_id: string | null; based_on: string | null; created_at: Date };
const view = (r: Row): QuestionnaireView => ({
  id: r.id,
  family: r.family,
  version: r.version,
  title: r.title,
  standard: r.standard,
  orgId: r.org_id,
  basedOn: r.based_on,
  createdAt: r.created_at.toISOString(),
  definition: SurveyDefinition.parse(r.definition),
});

export async function listQuestionnaires(ctx: AppContext): Promise<{ items: QuestionnaireView[] }> {
  await ensureStandardQuestionnaire(ctx);
  const rows = await ctx.db.selectFrom('survey_questionnaires').selectAll().orderBy('family').orderBy('version').execute();
  return { items: rows.map(view) };
}

export async function getQuestionnaire(ctx: AppContext, id: string): Promise<QuestionnaireView> {
  await ensureStandardQuestionnaire(ctx);
  const row = await ctx.db.selectFrom('survey_questionnaires').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not-found', 404, { vi: `Không có phiếu khảo sát "${id}".`, en: `No questionnaire "${id}".` });
  return view(row);
}

export interface NewQuestionnaire {
  orgId: string;
  basedOn: string;
  /** true: a new version of basedOn's family; false: a copy starting a family of the unit's own. */
  newVersion: boolean;
  definition?: SurveyDefinition;
}

/** Copy or edit: the definition given (or basedOn's) checked for the SIPAS questions, stored as a new version. */
export async function createQuestionnaire(ctx: AppContext, user: SessionUser, input: NewQuestionnaire): Promise<QuestionnaireView> {
  await requireScope(ctx, user, input.orgId);
  const base = await getQuestionnaire(ctx, input.basedOn);
  const definition = input.definition ?? base.definition;
  const issues = checkQuestionnaire(definition);
  if (issues.length) throw new DomainError('validation-failed', 422, { vi: 'Phiếu khảo sát chưa đủ câu hỏi SIPAS.', en: 'The questionnaire lacks SIPAS questions.' }, issues);
  // Editing the city's standard is a copy of the unit's own: the standard family stays the city's.
  if (input.newVersion && base.standard) {
    throw new DomainError('validation-failed', 422, { vi: 'Không sửa trực tiếp phiếu chuẩn của thành phố; hãy sao chép.', en: 'The city standard is not edited in place; copy it.' }, [{ path: 'newVersion', message: { vi: 'Hãy sao chép', en: 'Copy it instead' } }]);
  }
  if (input.newVersion && base.orgId) await requireScope(ctx, user, base.orgId);
  const family = input.newVersion ? base.family : `q-${randomUUID().slice(0, 8)}`;
  const id = randomUUID();
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('survey_questionnaires').select((eb) => eb.fn.max('version').as('v')).where('family', '=', family).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    await trx
      .insertInto('survey_questionnaires')
      .values({ id, family, version, title: textOf(definition.title), definition: json(definition), standard: false, org_id: input.orgId, based_on: base.id, created_by: user.id, created_at: now })
      .execute();
    await recordAudit(trx, ctx, user, { action: 'survey.questionnaire_create', subjectType: 'survey_questionnaire', subjectId: id, orgId: input.orgId, details: { family, version, basedOn: base.id } });
  });
  return getQuestionnaire(ctx, id);
}
