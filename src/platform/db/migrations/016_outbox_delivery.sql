-- An outbox that delivers (issue 13, item 4): src/platform/outbox/.
-- Each message is pending until every handler registered for its topic has delivered it, then
-- delivered; after too many failed attempts it is dead (with its last error) until an administrator
-- retries it. A worker claims a message by setting claimed_at/claimed_by: the claim is a lease, so a
-- worker that dies between claim and delivery leaves the message to be claimed again once it expires.
ALTER TABLE outbox ADD COLUMN status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead'));
ALTER TABLE outbox ADD COLUMN next_attempt_at timestamptz;
ALTER TABLE outbox ADD COLUMN last_error text;
ALTER TABLE outbox ADD COLUMN claimed_at timestamptz;
ALTER TABLE outbox ADD COLUMN claimed_by text;
ALTER TABLE outbox ADD COLUMN dead_at timestamptz;
UPDATE outbox SET status = 'delivered' WHERE delivered_at IS NOT NULL;
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending';
CREATE INDEX outbox_status ON outbox (status, id);

-- One row per message and handler: delivered_at set once the handler succeeded, so a handler is never
-- handed a message it has already delivered (the message id and handler name are its idempotency key).
CREATE TABLE outbox_deliveries (
  message_id    bigint NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
  handler       text NOT NULL,
  delivered_at  timestamptz,
  attempts      integer NOT NULL DEFAULT 0,
  last_error    text,
  PRIMARY KEY (message_id, handler)
);
