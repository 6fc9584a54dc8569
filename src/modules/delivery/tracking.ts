/**
 * Following a shipment: the carrier's status reports arrive by webhook (the shared secret checked) or
 * are fetched by polling (the fallback when a webhook call is lost). Each report is recorded once
 * (postal_events keyed by tracking number, code and time), and the shipment's status moves only forward
 * (./domain/shipment-status.ts), so a replayed or late report changes nothing. Reaching delivered or
 * returned enqueues delivery.delivered / delivery.returned; the handler of delivery.delivered records
 * the dossier as returned to the applicant (./handlers.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../kernel/errors.ts';
import type { AppContext } from '../../context.ts';
import { PostalClient, type TrackingReport } from './postal/client.ts';
import { CARRIER_STATUS, carrierStatusOf, nextStatus, parseCarrierTime } from './domain/shipment-status.ts';
import { deliveryMessage } from './shipments.ts';
import { writeOutbox } from '../../platform/outbox/index.ts';

export type ReportOutcome = 'changed' | 'recorded' | 'duplicate' | 'unknown-order';

/** Constant-time comparison of the webhook's TOKEN with ours (equal lengths compared through their digests). */
export function webhookTokenValid(ctx: AppContext, token: string): boolean {
  const expected = ctx.config.postal?.webhookToken;
  if (!expected) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(token), digest(expected));
}

export const badWebhookToken = () =>
  new DomainError('postal-webhook-unauthorised', 401, { vi: 'Mã bí mật của bưu chính không đúng.', en: 'The postal webhook secret does not match.' });

export async function applyReport(ctx: AppContext, report: TrackingReport, source: 'webhook' | 'poll'): Promise<ReportOutcome> {
  const occurredAt = parseCarrierTime(report.statusDate);
  if (!occurredAt) {
    throw new DomainError('validation-failed', 422, { vi: 'Thời điểm trạng thái không hợp lệ.', en: 'The status time is not valid.' }, [
      { path: 'DATA.ORDER_STATUSDATE', message: { vi: 'Dạng dd/MM/yyyy HH:mm:ss', en: 'Expected dd/MM/yyyy HH:mm:ss' } },
    ]);
  }
  const shipment = await ctx.db.selectFrom('postal_shipments as s').innerJoin('dossiers as d', 'd.id', 's.dossier_id')
    .select(['s.id', 's.status', 's.tracking_number', 'd.code', 'd.applicant_id'])
    .where('s.tracking_number', '=', report.trackingNumber).executeTakeFirst();
  if (!shipment) return 'unknown-order';
  const reported = carrierStatusOf(report.carrierStatus);
  const eventKey = createHash('sha256').update(`${report.trackingNumber}|${report.carrierStatus}|${occurredAt.toISOString()}`).digest('hex').slice(0, 40);
  const now = ctx.clock();
  return ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('postal_events')
      .values({ event_key: eventKey, shipment_id: shipment.id, carrier_status: report.carrierStatus, status: reported, description: report.description ?? CARRIER_STATUS[report.carrierStatus]?.vi ?? null, occurred_at: occurredAt, received_at: now, source })
      .onConflict((oc) => oc.column('event_key').doNothing())
      .returning('event_key')
      .executeTakeFirst();
    if (!inserted) return 'duplicate';
    // Read again inside the transaction, locked, so two reports at once move the status one at a time.
    const current = await trx.selectFrom('postal_shipments').select('status').where('id', '=', shipment.id).forUpdate().executeTakeFirstOrThrow();
    const next = nextStatus(current.status, reported);
    if (next === current.status) return 'recorded';
    await trx.updateTable('postal_shipments').set({ status: next, status_at: occurredAt, updated_at: now }).where('id', '=', shipment.id).execute();
    if (next === 'delivered' || next === 'returned') {
      const payload = deliveryMessage({ code: shipment.code, applicantId: shipment.applicant_id }, shipment.tracking_number, { shipmentId: shipment.id, at: occurredAt.toISOString() });
      await writeOutbox(trx, { topic: `delivery.${next}`, payload, at: now }).execute();
    }
    return 'changed';
  });
}

/** Fetches the reports of every shipment under way and applies them (the polling fallback). */
export async function pollShipments(ctx: AppContext): Promise<{ shipments: number; reports: number; changed: number; failed: number }> {
  const result = { shipments: 0, reports: 0, changed: 0, failed: 0 };
  const config = ctx.config.postal;
  if (!config) return result;
  const open = await ctx.db.selectFrom('postal_shipments').select('tracking_number').where('status', 'in', ['ordered', 'picked_up', 'in_transit']).orderBy('created_at').limit(500).execute();
  const client = new PostalClient(config);
  for (const s of open) {
    result.shipments++;
    try {
      for (const report of await client.tracking(s.tracking_number)) {
        result.reports++;
        if ((await applyReport(ctx, report, 'poll')) === 'changed') result.changed++;
      }
    } catch {
      // One order the carrier cannot answer for does not stop the others; the next poll tries again.
      result.failed++;
    }
  }
  return result;
}
