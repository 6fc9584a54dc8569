/**
 * The delivery module's outbox handlers:
 * - `dossier.complete` (written by the dossiers module's record() when the result is ready) → place the
 *   shipping order if the applicant chose post; the message's deliveryKey is the order's reference, so
 *   a second run places no second order.
 * - `delivery.delivered` (./tracking.ts) → record the dossier as returned to the applicant, channel post,
 *   with the tracking number, by the system actor (dossiers' recordPostalReturn; again is harmless).
 * And the periodic job `delivery.poll`: every 15 minutes, the tracking of each shipment under way is
 * fetched and applied (the fallback for a webhook the carrier never delivered; applying a report twice
 * changes nothing, so a run that overlaps a webhook is harmless).
 */
import { registerJob, registerOutboxHandler, type OutboxHandler } from '../../platform/outbox/index.ts';
import { pollShipments } from './tracking.ts';
import { recordPostalReturn } from '../dossiers/postal-return.ts';
import { dispatch } from './shipments.ts';

export const dispatchOnComplete: OutboxHandler = async (message, ctx) => {
  const p = message.payload as { dossierId: string; code: string; applicantId: string };
  const dossier = await ctx.db.selectFrom('dossiers').select(['id', 'code', 'applicant_id', 'receiving_org_id']).where('id', '=', p.dossierId).executeTakeFirst();
  if (!dossier) return;
  await dispatch(ctx, { id: dossier.id, code: dossier.code, applicantId: dossier.applicant_id, receivingOrgId: dossier.receiving_org_id }, message.deliveryKey);
};

export const returnDossierOnDelivery: OutboxHandler = async (message, ctx) => {
  const p = message.payload as { dossierCode: string; trackingNumber: string; shipmentId: string; at: string };
  await recordPostalReturn(ctx, { code: p.dossierCode, trackingNumber: p.trackingNumber, shipmentId: p.shipmentId, deliveredAt: new Date(p.at) });
};

let registered = false;
/** Registers the handlers once per process (routes.ts calls it when the module's routes are loaded). */
export function registerDeliveryOutboxHandlers(): void {
  if (registered) return;
  registered = true;
  registerOutboxHandler('dossier.complete', 'delivery.dispatch', dispatchOnComplete);
  registerOutboxHandler('delivery.delivered', 'delivery.return-dossier', returnDossierOnDelivery);
  registerJob({ name: 'delivery.poll', intervalSeconds: POLL_INTERVAL_SECONDS, run: async (ctx) => {
    const r = await pollShipments(ctx);
    // A carrier that answers nothing for every shipment is worth a job error (shown in the jobs table).
    if (r.shipments > 0 && r.failed === r.shipments) throw new Error(`delivery.poll: tracking failed for all ${r.shipments} shipments`);
  } });
}

/** Polling interval: frequent enough that a lost webhook delays the "returned" entry by minutes, not hours. */
export const POLL_INTERVAL_SECONDS = 15 * 60;
