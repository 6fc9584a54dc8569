-- Results returned by public post (issue 17, Decision 45/2016/QĐ-TTg): src/modules/delivery/, docs/delivery.md.

-- The applicant's choice to receive the result by post, with the address and the charge quoted when
-- chosen. One per dossier; changed or withdrawn until a shipping order exists.
CREATE TABLE delivery_choices (
  dossier_id      text PRIMARY KEY REFERENCES dossiers(id),
  receiver_name   text NOT NULL,
  receiver_phone  text NOT NULL,
  receiver_address text NOT NULL,
  province_code   text NOT NULL,
  weight_grams    integer NOT NULL CHECK (weight_grams > 0),
  quoted_fee      integer NOT NULL CHECK (quoted_fee >= 0),
  chosen_by       text NOT NULL REFERENCES users(id),
  chosen_at       timestamptz NOT NULL
);

-- Shipping orders placed with the postal service. order_reference is the idempotency key sent to the
-- carrier (the outbox delivery key), so a handler run twice places one order.
CREATE TABLE postal_shipments (
  id               text PRIMARY KEY,
  dossier_id       text NOT NULL REFERENCES dossiers(id),
  carrier          text NOT NULL,
  order_reference  text NOT NULL UNIQUE,
  tracking_number  text NOT NULL UNIQUE,
  status           text NOT NULL CHECK (status IN ('ordered', 'picked_up', 'in_transit', 'delivered', 'returned', 'cancelled')),
  fee              integer NOT NULL,
  receiver         jsonb NOT NULL,
  created_at       timestamptz NOT NULL,
  status_at        timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX postal_shipments_dossier ON postal_shipments (dossier_id, created_at);
CREATE INDEX postal_shipments_open ON postal_shipments (status) WHERE status IN ('ordered', 'picked_up', 'in_transit');

-- Every status report received (webhook or polling), once: event_key identifies a report so a replay
-- is recorded once; the shipment's status moves only forward (domain/shipment-status.ts).
CREATE TABLE postal_events (
  event_key       text PRIMARY KEY,
  shipment_id     text NOT NULL REFERENCES postal_shipments(id),
  carrier_status  text NOT NULL,
  status          text,
  description     text,
  occurred_at     timestamptz NOT NULL,
  received_at     timestamptz NOT NULL,
  source          text NOT NULL CHECK (source IN ('webhook', 'poll'))
);
CREATE INDEX postal_events_shipment ON postal_events (shipment_id, occurred_at);
