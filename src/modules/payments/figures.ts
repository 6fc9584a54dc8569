/**
 * Decision 766 group 6 (online payment) from data, read by measurement (measurement uses payments, never
 * the reverse). "A procedure with a fee" is the catalogue's published amount (procedures.fee_vnd > 0),
 * as measurement counts it; "fee data synced" (6.3) is a procedure with a fee that has structured fee
 * items (procedure_fees); "paid online" counts a dossier received in the period with at least one paid
 * (or later refunded) online payment. See docs/payments.md.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

export interface PaymentFigures {
  /** Procedures in competence (offered at a unit of the subtree) with a fee. */
  proceduresWithFee: number;
  /** Procedures in competence (offered at a unit of the subtree) with a fee and ≥ 1 paid online payment in the period. */
  proceduresWithOnlinePayment: number;
  /** Procedures in competence with a fee and structured fee items. */
  proceduresFeeDataSynced: number;
  /** Dossiers received in the period (a procedure with a fee) with an online payment paid. */
  dossiersPaidOnline: number;
}

export async function paymentFigures(db: Kysely<DB>, orgIds: readonly string[], from: Date, to: Date): Promise<PaymentFigures> {
  if (orgIds.length === 0) return { proceduresWithFee: 0, proceduresWithOnlinePayment: 0, proceduresFeeDataSynced: 0, dossiersPaidOnline: 0 };
  const ids = sql.join(orgIds.map((i) => sql`${i}`));
  const procs = await sql<{ total: number; online: number; synced: number }>`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM payments pm JOIN dossiers d ON d.id = pm.dossier_id
             WHERE d.procedure_code = p.code AND d.receiving_org_id IN (${ids}) AND pm.method = 'online'
               AND pm.status IN ('paid', 'refunded') AND pm.paid_at >= ${from} AND pm.paid_at < ${to}))::int AS online,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM procedure_fees f WHERE f.procedure_code = p.code))::int AS synced
    FROM procedures p
    WHERE p.published AND p.fee_vnd > 0 AND EXISTS (SELECT 1 FROM procedure_orgs po WHERE po.procedure_code = p.code AND po.org_id IN (${ids}))`.execute(db);
  const dossiers = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM dossiers d JOIN procedures p ON p.code = d.procedure_code
    WHERE d.receiving_org_id IN (${ids}) AND d.submitted_at >= ${from} AND d.submitted_at < ${to} AND p.fee_vnd > 0
      AND EXISTS (SELECT 1 FROM payments pm WHERE pm.dossier_id = d.id AND pm.method = 'online' AND pm.status IN ('paid', 'refunded'))`.execute(db);
  return {
    proceduresWithFee: procs.rows[0]!.total,
    proceduresWithOnlinePayment: procs.rows[0]!.online,
    proceduresFeeDataSynced: procs.rows[0]!.synced,
    dossiersPaidOnline: dossiers.rows[0]!.n,
  };
}
