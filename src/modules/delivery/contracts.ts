/** Requests and answers of the delivery module (results by public post); the web app's types come from here. */
import { z } from 'zod';
import { Instant, PersonName } from '../../kernel/contracts.ts';
import { SHIPMENT_STATUSES } from './domain/shipment-status.ts';

/** Shapes only: the rules (phone, address, province) are checked by ./domain/receiver.ts and answer 422 per field. */
export const Receiver = z.strictObject({
  fullName: PersonName(0, 200),
  phone: z.string().trim().max(20),
  address: z.string().trim().max(500).describe('House number, street, ward or commune'),
  provinceCode: z.string().max(3).describe('Province or city (the 3-digit codes of the CCCD, Thông tư 07/2016/TT-BCA)'),
});
export type Receiver = z.infer<typeof Receiver>;

export const ChooseDeliveryRequest = z.strictObject({ receiver: Receiver });
export type ChooseDeliveryRequest = z.infer<typeof ChooseDeliveryRequest>;

export const QuoteRequest = z.strictObject({
  provinceCode: z.string().regex(/^\d{3}$/, 'Mã tỉnh, thành phố gồm 3 chữ số / a 3-digit province code').describe('Province or city of the address (the 3-digit codes of the CCCD)'),
});

export const QuoteAnswer = z.object({
  fee: z.number().int().describe('Charge in đồng, VAT included, paid by the applicant on delivery or as the unit decides'),
  hours: z.number().nullable().describe('Expected transit time in hours, when the carrier says'),
  carrier: z.string(),
});

const ShipmentStatus = z.enum(SHIPMENT_STATUSES);

export const ShipmentView = z.object({
  id: z.string(),
  carrier: z.string(),
  trackingNumber: z.string(),
  status: ShipmentStatus,
  fee: z.number().int(),
  receiver: Receiver.extend({ provinceName: z.string() }),
  createdAt: Instant,
  statusAt: Instant,
  events: z.array(z.object({ carrierStatus: z.string(), status: ShipmentStatus.nullable(), description: z.string().nullable(), occurredAt: Instant, source: z.enum(['webhook', 'poll']) })),
});

export const DeliveryAvailability = z.object({ available: z.boolean().describe('Whether results by post are offered here (a postal carrier is configured)') });

export const DeliveryView = z.object({
  dossierCode: z.string(),
  available: z.boolean().describe('Whether results by post are offered here (a postal carrier is configured)'),
  choice: z
    .object({ receiver: Receiver.extend({ provinceName: z.string() }), fee: z.number().int(), weightGrams: z.number().int(), chosenAt: Instant })
    .nullable(),
  mayChange: z.boolean().describe('The choice may be made, changed or withdrawn now (before the result is ready and before an order exists)'),
  mayDispatch: z.boolean().describe('An officer may place a new order now (result ready, a choice, no order under way)'),
  shipments: z.array(ShipmentView).describe('Newest first'),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

export const ShipmentParams = z.strictObject({ code: z.string().min(1).max(80), id: z.string().min(1).max(80) });

/** The carrier's webhook call (Viettel Post style): the report in DATA, the shared secret in TOKEN. */
export const WebhookBody = z.object({
  DATA: z.object({
    ORDER_NUMBER: z.string().min(1).max(64),
    ORDER_REFERENCE: z.string().max(200).optional(),
    ORDER_STATUS: z.union([z.number().int(), z.string().regex(/^\d{1,4}$/)]),
    STATUS_NAME: z.string().max(500).optional(),
    ORDER_STATUSDATE: z.string().max(40),
  }).passthrough(),
  TOKEN: z.string().max(500),
});
export const WebhookAnswer = z.object({ status: z.number().int(), error: z.boolean(), message: z.string() });

export const PollAnswer = z.object({ shipments: z.number().int(), reports: z.number().int(), changed: z.number().int(), failed: z.number().int() });

/** The provinces an address may be in (the web app's list; the CCCD's 3-digit codes). */
export { PROVINCE_CODES } from '../identity/domain/provinces.ts';
