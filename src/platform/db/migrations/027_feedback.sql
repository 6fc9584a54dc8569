-- Feedback and petitions (phản ánh, kiến nghị — PAKN), issue 15: src/modules/feedback/.
-- One row per item (the projection of its log), its hash-chained log, the daily code sequence, the
-- deadline rules by version, the one-time codes of anonymous senders and the sandbox where codes are
-- "sent" until notifications exist (issue 17).

-- Deadlines in working days, as data: a new version takes effect on its date; an item keeps the version
-- in force when it was received.
CREATE TABLE feedback_rules (
  version         text PRIMARY KEY,
  effective_from  date NOT NULL UNIQUE,
  reject_days     numeric NOT NULL CHECK (reject_days > 0),
  info_days       numeric NOT NULL CHECK (info_days > 0),
  handle_days     numeric NOT NULL CHECK (handle_days > 0),
  publish_days    numeric NOT NULL CHECK (publish_days > 0),
  reopen_days     integer NOT NULL CHECK (reopen_days >= 0),
  note            text
);
-- The national portal's practice (domain §7): reject ≤ 2, first request for information ≤ 5, handle ≤ 15,
-- publish ≤ 2 after approval; a sender may reopen within 10 days of the approved answer.
INSERT INTO feedback_rules (version, effective_from, reject_days, info_days, handle_days, publish_days, reopen_days, note)
VALUES ('pakn-2020', '2020-01-01', 2, 5, 15, 2, 10, 'Thực tiễn Cổng DVC quốc gia / national portal practice');

CREATE TABLE feedback (
  id                 text PRIMARY KEY,
  code               text NOT NULL UNIQUE,
  status             text NOT NULL CHECK (status IN ('waiting', 'processing', 'waiting_for_info', 'processed', 'waiting_to_publish', 'published', 'returned', 'rejected')),
  channel            text NOT NULL CHECK (channel IN ('online', 'anonymous', 'counter')),
  received_org_id    text NOT NULL REFERENCES organisations(id),
  org_id             text NOT NULL REFERENCES organisations(id),
  sender_user_id     text REFERENCES users(id),
  sender_name        text NOT NULL,
  sender_phone       text,
  sender_email       text,
  sender_id_number   text,
  sender_address     text,
  -- The sender's way back without an account (anonymous, counter): sha256 of a secret shown once.
  sender_secret_hash text,
  dossier_code       text,
  procedure_code     text,
  subject            text NOT NULL,
  content            text NOT NULL,
  attachments        jsonb NOT NULL DEFAULT '[]',
  consent_publish    boolean NOT NULL,
  assignee_id        text REFERENCES users(id),
  answer             text,
  rule_version       text NOT NULL REFERENCES feedback_rules(version),
  received_at        timestamptz NOT NULL,
  -- Receipt or the last transfer (or the reopening): the deadlines count from here.
  clock_start_at     timestamptz NOT NULL,
  reject_due_at      timestamptz NOT NULL,
  info_due_at        timestamptz NOT NULL,
  handle_due_at      timestamptz NOT NULL,
  info_requested     boolean NOT NULL DEFAULT false,
  handled_at         timestamptz,
  handled_on_time    boolean,
  handled_working_days numeric,
  publish_due_at     timestamptz,
  published_at       timestamptz,
  rating             text CHECK (rating IN ('satisfied', 'dissatisfied')),
  rated_at           timestamptz,
  reopened           boolean NOT NULL DEFAULT false,
  -- Masked, accent-folded question and answer of a published item (public search).
  public_subject     text,
  public_content     text,
  search_text        text,
  version            integer NOT NULL,
  last_hash          text NOT NULL,
  updated_at         timestamptz NOT NULL
);
CREATE INDEX feedback_org_status ON feedback (org_id, status);
CREATE INDEX feedback_received ON feedback (received_org_id, received_at);
CREATE INDEX feedback_handled ON feedback (org_id, handled_at) WHERE handled_at IS NOT NULL;
CREATE INDEX feedback_sender ON feedback (sender_user_id) WHERE sender_user_id IS NOT NULL;
CREATE INDEX feedback_published ON feedback (published_at) WHERE status = 'published' AND consent_publish;

-- Every step, hash-chained (src/kernel/hash-chain.ts): (feedback_id, seq) is the race guard of the write path.
CREATE TABLE feedback_actions (
  feedback_id  text NOT NULL REFERENCES feedback(id),
  seq          integer NOT NULL,
  action       text NOT NULL,
  actor_id     text,
  actor_role   text NOT NULL,
  actor_org_id text,
  at           timestamptz NOT NULL,
  from_status  text,
  to_status    text NOT NULL,
  payload      jsonb NOT NULL,
  prev_hash    text NOT NULL,
  hash         text NOT NULL,
  PRIMARY KEY (feedback_id, seq)
);

CREATE TABLE feedback_code_sequences (
  day         date PRIMARY KEY,
  last_value  integer NOT NULL
);

-- One-time codes for anonymous senders: only a hash is kept; expiring; attempt-limited.
CREATE TABLE feedback_otps (
  id          text PRIMARY KEY,
  channel     text NOT NULL CHECK (channel IN ('phone', 'email')),
  contact     text NOT NULL,
  code_hash   text NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  attempts    integer NOT NULL DEFAULT 0,
  used_at     timestamptz
);
CREATE INDEX feedback_otps_contact ON feedback_otps (contact, created_at);

-- SANDBOX: where the outbox handler "delivers" one-time codes until an SMS/e-mail adapter exists
-- (issue 17). Nothing leaves the machine.
CREATE TABLE feedback_sandbox_messages (
  id          bigserial PRIMARY KEY,
  channel     text NOT NULL,
  recipient   text NOT NULL,
  body        text NOT NULL,
  delivery_key text NOT NULL UNIQUE,
  sent_at     timestamptz NOT NULL
);
