/**
 * Shipping orders: placed when the result is ready (outbox handler on `dossier.complete`, ./handlers.ts)
 * or again by the desk after the post returned a letter to the sender; cancelled by the desk before
 * pick-up. The order's reference sent to the carrier is the idempotency key — the outbox delivery key,
 * or one per attempt of the desk — so a handler run twice, or a crash between the carrier's answer and
 * our write, places one order: the carrier answers a repeated reference with the same order, and the
 * shipment row is unique by reference.
 */
import { randomUUID } from 'node:crypto';
import { DomainError, errors } from '../../kernel/errors.ts';
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { PostalClient, type Party } from './postal/client.ts';
import { isOpen, type ShipmentStatus } from './domain/shipment-status.ts';
import { carrierFailed, deskOnly, dossierForDelivery, postalConfigOf } from './dossier-access.ts';
import type { PostalReceiver } from '../../platform/db/schema-delivery.ts';
import { writeOutbox } from '../../platform/outbox/index.ts';

export type DispatchOutcome = 'placed' | 'already' | 'no-choice' | 'not-configured';

interface DossierRef {
  id: string;
  code: string;
  applicantId: string;
  receivingOrgId: string;
}

/** The payload of delivery.shipped / delivered / returned messages (notifications tell the applicant). */
export const deliveryMessage = (d: { code: string; applicantId: string }, trackingNumber: string, extra: Record<string, unknown> = {}) => ({
  dossierCode: d.code,
  trackingNumber,
  applicantId: d.applicantId,
  ...extra,
});

/**
 * Places the order for a dossier whose applicant chose post, unless one is under way or delivered.
 * Runs outside any transaction (it calls the carrier); its one write is a transaction of its own.
 */
export async function dispatch(ctx: AppContext, dossier: DossierRef, reference: string): Promise<DispatchOutcome> {
  const config = ctx.config.postal;
  if (!config) return 'not-configured';
  const choice = await ctx.db.selectFrom('delivery_choices').selectAll().where('dossier_id', '=', dossier.id).executeTakeFirst();
  if (!choice) return 'no-choice';
  const existing = await ctx.db.selectFrom('postal_shipments').select(['status', 'order_reference']).where('dossier_id', '=', dossier.id).execute();
  if (existing.some((s) => s.order_reference !== reference && (isOpen(s.status) || s.status === 'delivered'))) return 'already';
  const org = await ctx.orgs.get(dossier.receivingOrgId);
  const sender: Party = { fullName: org.name, phone: org.phone ?? '', address: org.address ?? org.name, provinceCode: config.senderProvinceCode };
  const receiver: PostalReceiver = { fullName: choice.receiver_name, phone: choice.receiver_phone, address: choice.receiver_address, provinceCode: choice.province_code };
  const order = await new PostalClient(config).createOrder(reference, sender, receiver, {
    name: `Kết quả hồ sơ ${dossier.code}`,
    description: `Kết quả giải quyết thủ tục hành chính, hồ sơ ${dossier.code}`,
    weightGrams: choice.weight_grams,
  });
  const now = ctx.clock();
  const placed = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('postal_shipments')
      .values({ id: `shp_${randomUUID()}`, dossier_id: dossier.id, carrier: config.carrier, order_reference: reference, tracking_number: order.trackingNumber, status: 'ordered', fee: order.total, receiver: JSON.stringify(receiver), created_at: now, status_at: now, updated_at: now })
      .onConflict((oc) => oc.column('order_reference').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return false;
    // Told once, with the order: notifications give the applicant the tracking number.
    await writeOutbox(trx, { topic: 'delivery.shipped', payload: deliveryMessage(dossier, order.trackingNumber, { fee: order.total }), at: now }).execute();
    return true;
  });
  return placed ? 'placed' : 'already';
}

/** The desk places a new order (after the post returned the letter, or a cancelled one). */
export async function dispatchAgain(ctx: AppContext, user: SessionUser, code: string): Promise<void> {
  const d = await dossierForDelivery(ctx, user, code);
  if (!d.isDeskOfficer) throw deskOnly();
  postalConfigOf(ctx);
  if (d.status !== 'completed') {
    throw new DomainError('delivery-not-ready', 409, { vi: 'Chỉ gửi kết quả qua bưu chính khi hồ sơ đã có kết quả và chưa trả.', en: 'A result is posted only when the dossier has a result not yet returned.' });
  }
  const shipments = await ctx.db.selectFrom('postal_shipments').select('status').where('dossier_id', '=', d.id).execute();
  if (shipments.some((s) => isOpen(s.status) || s.status === 'delivered')) {
    throw new DomainError('delivery-under-way', 409, { vi: 'Đã có đơn gửi kết quả đang thực hiện.', en: 'A shipping order is already under way.' });
  }
  // One reference per attempt: a double click sends the same one, and the carrier places one order.
  const reference = `${d.id}:again:${shipments.length}`;
  let outcome: DispatchOutcome;
  try {
    outcome = await dispatch(ctx, { id: d.id, code: d.code, applicantId: d.applicantId, receivingOrgId: d.receivingOrgId }, reference);
  } catch (e) {
    throw carrierFailed(e);
  }
  if (outcome === 'no-choice') throw new DomainError('delivery-no-choice', 409, { vi: 'Người nộp chưa chọn nhận kết quả qua bưu chính.', en: 'The applicant has not chosen to receive the result by post.' });
}

/** The desk cancels an order the post has not picked up yet. */
export async function cancelShipment(ctx: AppContext, user: SessionUser, code: string, shipmentId: string): Promise<void> {
  const d = await dossierForDelivery(ctx, user, code);
  if (!d.isDeskOfficer) throw deskOnly();
  const config = postalConfigOf(ctx);
  const shipment = await ctx.db.selectFrom('postal_shipments').select(['id', 'status', 'tracking_number']).where('id', '=', shipmentId).where('dossier_id', '=', d.id).executeTakeFirst();
  if (!shipment) throw errors.notFound('shipment', shipmentId);
  if (shipment.status !== 'ordered') {
    throw new DomainError('shipment-not-cancellable', 409, { vi: 'Bưu điện đã nhận bưu gửi; không thể hủy đơn.', en: 'The post has picked the letter up; the order cannot be cancelled.' });
  }
  try {
    await new PostalClient(config).cancelOrder(shipment.tracking_number, `Hủy theo yêu cầu của bộ phận một cửa (hồ sơ ${d.code})`);
  } catch (e) {
    throw carrierFailed(e);
  }
  const now = ctx.clock();
  const cancelled: ShipmentStatus = 'cancelled';
  await ctx.db.updateTable('postal_shipments').set({ status: cancelled, status_at: now, updated_at: now }).where('id', '=', shipment.id).where('status', '=', 'ordered').execute();
}
