-- Fees and payments (issue 17, part 1): src/modules/payments/.
-- Additive: procedures.fee_vnd / fee_note stay (the catalogue's published summary); the structured fee
-- items below are what a dossier owes. "Fee data synced" (766 criterion 6.3) = a procedure with a fee
-- that has at least one structured item here.

-- A procedure's fees and charges (phí, lệ phí), as data. An item applies to dossiers submitted from
-- effective_from (Vietnam date) until effective_to (exclusive); a dossier keeps the items in force when
-- it was submitted.
CREATE TABLE procedure_fees (
  id                      text PRIMARY KEY,
  procedure_code          text NOT NULL REFERENCES procedures(code) ON DELETE CASCADE,
  kind                    text NOT NULL CHECK (kind IN ('phi', 'le_phi')),
  name                    text NOT NULL,
  amount_vnd              integer NOT NULL CHECK (amount_vnd >= 0),
  -- Who collects it; null: the unit that received the dossier.
  collector_org_id        text REFERENCES organisations(id),
  due                     text NOT NULL CHECK (due IN ('at_submission', 'before_result')),
  -- Exempt applicant types ('individual', 'organisation') and categories (e.g. 'nguoi_co_cong').
  exempt_applicant_types  jsonb NOT NULL DEFAULT '[]',
  exempt_categories       jsonb NOT NULL DEFAULT '[]',
  legal_basis             text,
  effective_from          date NOT NULL,
  effective_to            date,
  position                integer NOT NULL DEFAULT 0
);
CREATE INDEX procedure_fees_procedure ON procedure_fees (procedure_code);

-- One row per payment attempt (online) or per payment received at the counter.
CREATE TABLE payments (
  id               text PRIMARY KEY,
  dossier_id       text NOT NULL REFERENCES dossiers(id),
  dossier_code     text NOT NULL,
  method           text NOT NULL CHECK (method IN ('online', 'cash', 'card')),
  gateway          text,
  -- The merchant's reference of an online attempt (vnp_TxnRef), unique per attempt.
  txn_ref          text UNIQUE,
  amount_vnd       bigint NOT NULL CHECK (amount_vnd > 0),
  -- The fee items this payment covers: [{id, name, amountVnd}].
  items            jsonb NOT NULL,
  -- pending → paid | failed (failed is not final: a later success notification still pays);
  -- duplicate: the gateway took money for items already paid by another attempt (to refund).
  status           text NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'duplicate', 'refunded')),
  created_at       timestamptz NOT NULL,
  created_by       text REFERENCES users(id),
  collector_org_id text NOT NULL REFERENCES organisations(id),
  expires_at       timestamptz,
  paid_at          timestamptz,
  gateway_txn_no   text,
  bank_code        text,
  response_code    text,
  -- yyyyMMddHHmmss (Vietnam time) as the gateway gave it, and the attempt's vnp_CreateDate (querydr needs it).
  gateway_pay_date text,
  gateway_create_date text,
  receipt_no       text UNIQUE,
  counter_reference text,
  refunded_vnd     bigint NOT NULL DEFAULT 0
);
CREATE INDEX payments_dossier ON payments (dossier_id);
CREATE INDEX payments_paid_at ON payments (paid_at);

-- A fee item is paid once per dossier: the IPN's transaction inserts here, so two attempts that both
-- succeed, or one notification delivered twice, cannot both pay.
CREATE TABLE paid_fees (
  dossier_id  text NOT NULL REFERENCES dossiers(id),
  fee_id      text NOT NULL REFERENCES procedure_fees(id),
  payment_id  text NOT NULL REFERENCES payments(id),
  PRIMARY KEY (dossier_id, fee_id)
);

-- Every IPN as received (parameters without the secret; the signature check's outcome and our answer).
CREATE TABLE payment_notifications (
  id           bigserial PRIMARY KEY,
  gateway      text NOT NULL,
  txn_ref      text,
  params       jsonb NOT NULL,
  rsp_code     text NOT NULL,
  received_at  timestamptz NOT NULL
);

-- Refunds through the gateway's refund command; vnp_RequestId is unique per (Vietnam) day.
CREATE TABLE payment_refunds (
  id             text PRIMARY KEY,
  payment_id     text NOT NULL REFERENCES payments(id),
  request_id     text NOT NULL,
  request_day    date NOT NULL,
  amount_vnd     bigint NOT NULL CHECK (amount_vnd > 0),
  reason         text NOT NULL,
  by_user_id     text NOT NULL REFERENCES users(id),
  at             timestamptz NOT NULL,
  response_code  text NOT NULL,
  gateway_txn_no text,
  status         text NOT NULL CHECK (status IN ('done', 'refused')),
  UNIQUE (request_day, request_id)
);

-- E-receipt numbers, one sequence per year.
CREATE TABLE payment_receipt_sequences (
  year        integer PRIMARY KEY,
  last_value  integer NOT NULL
);

-- "Payment due" told once per dossier and due moment (outbox topic payment.due).
CREATE TABLE payment_due_notices (
  dossier_id  text NOT NULL REFERENCES dossiers(id),
  due         text NOT NULL,
  PRIMARY KEY (dossier_id, due)
);
