/** Reading fee items, dossiers and payments for the payments module. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { PaymentsTable } from '../../platform/db/schema-payments.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { errors } from '../../kernel/errors.ts';
import { dayNumberOf, isoDate } from '../calendar/domain/local-time.ts';
import { canView } from '../dossiers/domain/policy.ts';
import { positionOf } from '../dossiers/view.ts';
import type { ActorPosition } from '../dossiers/domain/policy.ts';
import { owedBy, type FeeItem, type Owed } from './domain/fees.ts';
import { writeOutbox } from '../../platform/outbox/index.ts';

export type PaymentRow = Selectable<PaymentsTable>;

export async function loadFeeItems(db: Kysely<DB>, procedureCode: string): Promise<FeeItem[]> {
  const rows = await db.selectFrom('procedure_fees').selectAll()
    .select([sql<string>`effective_from::text`.as('effective_from'), sql<string | null>`effective_to::text`.as('effective_to')])
    .where('procedure_code', '=', procedureCode).orderBy('position').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id, kind: r.kind, name: r.name, amountVnd: r.amount_vnd, collectorOrgId: r.collector_org_id, due: r.due,
    exemptApplicantTypes: r.exempt_applicant_types, exemptCategories: r.exempt_categories, legalBasis: r.legal_basis,
    effectiveFrom: String(r.effective_from).slice(0, 10), effectiveTo: r.effective_to ? String(r.effective_to).slice(0, 10) : null,
  }));
}

export interface PaymentDossier {
  id: string;
  code: string;
  status: string;
  procedureCode: string;
  procedureName: string;
  applicantId: string;
  applicant: { type: string; fullName: string; categories?: unknown };
  receivingOrgId: string;
  submittedAt: Date;
}

export async function loadDossier(db: Kysely<DB>, code: string): Promise<PaymentDossier | null> {
  const r = await db.selectFrom('dossiers').innerJoin('procedures', 'procedures.code', 'dossiers.procedure_code')
    .select(['dossiers.id', 'dossiers.code', 'dossiers.status', 'dossiers.procedure_code', 'procedures.name as procedure_name', 'dossiers.applicant_id', 'dossiers.applicant', 'dossiers.receiving_org_id', 'dossiers.submitted_at'])
    .where('dossiers.code', '=', code).executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id, code: r.code, status: r.status, procedureCode: r.procedure_code, procedureName: r.procedure_name, applicantId: r.applicant_id,
    applicant: r.applicant as PaymentDossier['applicant'], receivingOrgId: r.receiving_org_id, submittedAt: r.submitted_at,
  };
}

/**
 * The dossier as the caller may see it (the dossiers module's rule: the applicant, or an officer whose
 * subtree holds it), with where the caller stands; a dossier the caller may not see is "not found".
 */
export async function dossierFor(ctx: AppContext, user: SessionUser, code: string): Promise<{ dossier: PaymentDossier; actor: ActorPosition }> {
  const row = await ctx.db.selectFrom('dossiers').select(['id', 'applicant_id', 'walk_in_id_number', 'receiving_org_id', 'current_org_id']).where('code', '=', code).executeTakeFirst();
  if (!row) throw errors.notFound('dossier', code);
  const held = (await ctx.db.selectFrom('dossier_orgs').select('org_id').where('dossier_id', '=', row.id).execute()).map((h) => h.org_id);
  const actor = positionOf(await ctx.orgs.snapshot(), user, row, held);
  if (!canView(actor)) throw errors.notFound('dossier', code);
  return { dossier: (await loadDossier(ctx.db, code))!, actor };
}

/** Categories the applicant declared for exemptions (applicant.categories: not collected at submission yet; docs/payments.md). */
const categoriesOf = (applicant: PaymentDossier['applicant']): string[] =>
  Array.isArray(applicant.categories) ? applicant.categories.filter((c): c is string => typeof c === 'string') : [];

export async function owedFor(db: Kysely<DB>, d: PaymentDossier): Promise<Owed> {
  const items = await loadFeeItems(db, d.procedureCode);
  const paid = new Set((await db.selectFrom('paid_fees').select('fee_id').where('dossier_id', '=', d.id).execute()).map((r) => r.fee_id));
  return owedBy(items, isoDate(dayNumberOf(d.submittedAt)), { type: d.applicant.type, categories: categoriesOf(d.applicant) }, d.receivingOrgId, paid);
}

/** The next e-receipt number of the year (Vietnam time): 2026-000001. */
export async function nextReceiptNo(db: Kysely<DB>, at: Date): Promise<string> {
  const year = Number(isoDate(dayNumberOf(at)).slice(0, 4));
  const r = await sql<{ last_value: number }>`
    INSERT INTO payment_receipt_sequences (year, last_value) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last_value = payment_receipt_sequences.last_value + 1
    RETURNING last_value`.execute(db);
  return `BL${year}-${String(r.rows[0]!.last_value).padStart(6, '0')}`;
}

/** The outbox message of a paid payment (topic payment.paid, for notifications). */
export async function enqueuePaid(db: Kysely<DB>, p: { dossierId: string; dossierCode: string; amountVnd: number; receiptNo: string; applicantId: string; paymentId: string; method: string }, at: Date): Promise<void> {
  await writeOutbox(db, { topic: 'payment.paid', payload: p, at }).execute();
}

/** GET /api/procedures/:code/fees: the fee items of a published procedure (404 for an unknown or unpublished one). */
export async function procedureFees(ctx: AppContext, code: string) {
  const exists = await ctx.db.selectFrom('procedures').select('code').where('code', '=', code).where('published', '=', true).executeTakeFirst();
  if (!exists) throw errors.notFound('procedure', code);
  const items = await loadFeeItems(ctx.db, code);
  return { procedureCode: code, items: items.map((i) => ({ ...i, exemptApplicantTypes: [...i.exemptApplicantTypes], exemptCategories: [...i.exemptCategories] })) };
}
