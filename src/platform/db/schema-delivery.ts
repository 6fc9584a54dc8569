/** Kysely table types of the delivery module (migration 032_delivery.sql); kept apart from schema.ts to ease merges. */
import type { ColumnType } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date, Date>;

export interface DeliveryChoicesTable {
  dossier_id: string;
  receiver_name: string;
  receiver_phone: string;
  receiver_address: string;
  province_code: string;
  weight_grams: number;
  quoted_fee: number;
  chosen_by: string;
  chosen_at: Timestamp;
}

export type ShipmentStatus = 'ordered' | 'picked_up' | 'in_transit' | 'delivered' | 'returned' | 'cancelled';

export interface PostalReceiver {
  fullName: string;
  phone: string;
  address: string;
  provinceCode: string;
}

export interface PostalShipmentsTable {
  id: string;
  dossier_id: string;
  carrier: string;
  order_reference: string;
  tracking_number: string;
  status: ShipmentStatus;
  fee: number;
  receiver: Json<PostalReceiver>;
  created_at: Timestamp;
  status_at: Timestamp;
  updated_at: Timestamp;
}

export interface PostalEventsTable {
  event_key: string;
  shipment_id: string;
  carrier_status: string;
  status: ShipmentStatus | null;
  description: string | null;
  occurred_at: Timestamp;
  received_at: Timestamp;
  source: 'webhook' | 'poll';
}

export interface DeliveryTables {
  delivery_choices: DeliveryChoicesTable;
  postal_shipments: PostalShipmentsTable;
  postal_events: PostalEventsTable;
}
