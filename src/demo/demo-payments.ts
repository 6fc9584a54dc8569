/**
 * DEMO DATA. Payments of the demo year's dossiers, so that 766 group 6 (online payment) and the dossier
 * pages show figures: for each dossier of a procedure with fee items, the items in force are paid — online
 * for about two thirds of the online dossiers (as the gateway's IPN would have confirmed them: the rows are
 * written directly, there being no gateway while the year loads), at the counter (cash) for the counter
 * dossiers and the rest. Deterministic (hash of the code and the seed); resumable (a paid item is skipped).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { dayNumberOf, isoDate } from '../modules/calendar/domain/local-time.ts';
import { hashText } from './demo-random.ts';

export async function seedDemoPayments(ctx: AppContext, seed: number): Promise<number> {
  const rows = await sql<{ id: string; code: string; channel: string; submitted_at: Date; receiving_org_id: string; applicant_id: string; fee_id: string; name: string; amount_vnd: number; collector_org_id: string | null; effective_from: string }>`
    SELECT d.id, d.code, d.channel, d.submitted_at, d.receiving_org_id, d.applicant_id, f.id AS fee_id, f.name, f.amount_vnd, f.collector_org_id, f.effective_from::text AS effective_from
    FROM dossiers d JOIN procedure_fees f ON f.procedure_code = d.procedure_code
    WHERE f.amount_vnd > 0 AND f.exempt_applicant_types = '[]'::jsonb
      AND NOT EXISTS (SELECT 1 FROM paid_fees pf WHERE pf.dossier_id = d.id AND pf.fee_id = f.id)
    ORDER BY d.submitted_at, d.id`.execute(ctx.db);
  let n = 0;
  await ctx.db.transaction().execute(async (trx) => {
    for (const r of rows.rows) {
      const submitted = new Date(r.submitted_at);
      if (String(r.effective_from).slice(0, 10) > isoDate(dayNumberOf(submitted))) continue;
      const online = r.channel === 'online' && hashText(r.code, seed) % 3 !== 0;
      const paidAt = new Date(submitted.getTime() + (5 + (hashText(r.code, seed + 1) % 50)) * 60_000);
      const year = Number(isoDate(dayNumberOf(paidAt)).slice(0, 4));
      const seq = await sql<{ last_value: number }>`
        INSERT INTO payment_receipt_sequences (year, last_value) VALUES (${year}, 1)
        ON CONFLICT (year) DO UPDATE SET last_value = payment_receipt_sequences.last_value + 1 RETURNING last_value`.execute(trx);
      const id = `pay_${randomUUID()}`;
      await trx.insertInto('payments').values({
        id, dossier_id: r.id, dossier_code: r.code, method: online ? 'online' : 'cash', gateway: online ? 'vnpay' : null,
        txn_ref: online ? `DEMO${hashText(r.code + r.fee_id, seed)}${n}` : null, amount_vnd: r.amount_vnd,
        items: JSON.stringify([{ id: r.fee_id, name: r.name, amountVnd: r.amount_vnd }]), status: 'paid', created_at: submitted, created_by: null,
        collector_org_id: r.collector_org_id ?? r.receiving_org_id, expires_at: null, paid_at: paidAt, gateway_txn_no: online ? String(14_000_000 + n) : null,
        bank_code: online ? 'NCB' : null, response_code: online ? '00' : null, gateway_pay_date: null, gateway_create_date: null,
        receipt_no: `BL${year}-${String(seq.rows[0]!.last_value).padStart(6, '0')}`, counter_reference: null,
      }).execute();
      await trx.insertInto('paid_fees').values({ dossier_id: r.id, fee_id: r.fee_id, payment_id: id }).execute();
      n++;
    }
  });
  return n;
}
