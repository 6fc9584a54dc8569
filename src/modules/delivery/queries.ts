/** The postal delivery of a dossier as the applicant and the desk see it: the choice, the orders and their events. */
import type { AppContext } from '../../context.ts';
import type { SessionUser } from '../identity/auth.ts';
import { PROVINCE_CODES } from '../identity/domain/provinces.ts';
import { isOpen, mayChooseInStatus } from './domain/shipment-status.ts';
import { dossierForDelivery } from './dossier-access.ts';
import type { DeliveryView } from './contracts.ts';

const provinceName = (code: string) => PROVINCE_CODES[code] ?? code;

export async function deliveryView(ctx: AppContext, user: SessionUser, code: string): Promise<DeliveryView> {
  const d = await dossierForDelivery(ctx, user, code);
  const choice = await ctx.db.selectFrom('delivery_choices').selectAll().where('dossier_id', '=', d.id).executeTakeFirst();
  const shipments = await ctx.db.selectFrom('postal_shipments').selectAll().where('dossier_id', '=', d.id).orderBy('created_at', 'desc').execute();
  const events = shipments.length
    ? await ctx.db.selectFrom('postal_events').selectAll().where('shipment_id', 'in', shipments.map((s) => s.id)).orderBy('occurred_at').execute()
    : [];
  const available = ctx.config.postal !== null;
  return {
    dossierCode: d.code,
    available,
    choice: choice
      ? {
          receiver: { fullName: choice.receiver_name, phone: choice.receiver_phone, address: choice.receiver_address, provinceCode: choice.province_code, provinceName: provinceName(choice.province_code) },
          fee: choice.quoted_fee,
          weightGrams: choice.weight_grams,
          chosenAt: choice.chosen_at.toISOString(),
        }
      : null,
    mayChange: available && (d.isApplicant || d.isDeskOfficer) && mayChooseInStatus(d.status) && shipments.length === 0,
    mayDispatch: available && d.isDeskOfficer && d.status === 'completed' && choice !== undefined && !shipments.some((s) => isOpen(s.status) || s.status === 'delivered'),
    shipments: shipments.map((s) => ({
      id: s.id,
      carrier: s.carrier,
      trackingNumber: s.tracking_number,
      status: s.status,
      fee: s.fee,
      receiver: { ...s.receiver, provinceName: provinceName(s.receiver.provinceCode) },
      createdAt: s.created_at.toISOString(),
      statusAt: s.status_at.toISOString(),
      events: events.filter((e) => e.shipment_id === s.id).map((e) => ({ carrierStatus: e.carrier_status, status: e.status, description: e.description, occurredAt: e.occurred_at.toISOString(), source: e.source })),
    })),
  };
}
