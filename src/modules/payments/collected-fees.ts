/**
 * The fees collected for a dossier, one line per fee item paid, with how it was paid: what the national
 * portal's dossier record lists (`DanhSachLePhi`, src/modules/integrations/national-portal). A refunded
 * payment still counts as collected once (the portal records the collection; the refund is local).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

export interface CollectedFeeLine {
  feeId: string;
  name: string;
  amountVnd: number;
  method: 'online' | 'cash' | 'card';
}

export async function collectedFees(db: Kysely<DB>, dossierId: string): Promise<CollectedFeeLine[]> {
  const rows = await db.selectFrom('paid_fees as pf')
    .innerJoin('payments as p', 'p.id', 'pf.payment_id')
    .innerJoin('procedure_fees as f', 'f.id', 'pf.fee_id')
    .select(['f.id as fee_id', 'f.name', 'f.amount_vnd', 'p.method', 'f.position'])
    .where('pf.dossier_id', '=', dossierId)
    .where('p.status', 'in', ['paid', 'refunded'])
    .orderBy('f.position').orderBy('f.id')
    .execute();
  return rows.map((r) => ({ feeId: r.fee_id, name: r.name, amountVnd: Number(r.amount_vnd), method: r.method }));
}
