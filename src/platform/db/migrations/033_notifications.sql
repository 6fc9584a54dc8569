-- Notifications, reminders and escalation (issue 17, part 3): src/modules/notifications/, docs/notifications.md.

-- Periodic jobs of the outbox platform (src/platform/outbox/jobs.ts): one row per job name; a process runs
-- a due job after claiming its lease (FOR UPDATE SKIP LOCKED on PostgreSQL), so with several processes
-- one of them runs each due job. A process that dies mid-run leaves the lease to expire.
CREATE TABLE jobs (
  name              text PRIMARY KEY,
  interval_seconds  integer NOT NULL CHECK (interval_seconds > 0),
  next_run_at       timestamptz NOT NULL,
  leased_until      timestamptz,
  leased_by         text,
  last_run_at       timestamptz,
  last_error        text,
  runs              integer NOT NULL DEFAULT 0
);

-- Templates per event, channel and language; an edit is a new version, the highest version is in use.
-- Versions shipped with the code are version 0 (not stored): the table holds the administrators' edits.
CREATE TABLE notification_templates (
  id          bigserial PRIMARY KEY,
  event       text NOT NULL,
  channel     text NOT NULL CHECK (channel IN ('email', 'sms', 'inapp')),
  lang        text NOT NULL CHECK (lang IN ('vi', 'en')),
  version     integer NOT NULL CHECK (version >= 1),
  subject     text,
  body        text NOT NULL,
  html        text,
  created_by  text REFERENCES users(id),
  created_at  timestamptz NOT NULL,
  UNIQUE (event, channel, lang, version)
);

-- A person's choices: each channel on or off and the language of what is sent. No row: every channel on, Vietnamese.
CREATE TABLE notification_preferences (
  user_id     text PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  email       boolean NOT NULL DEFAULT true,
  sms         boolean NOT NULL DEFAULT true,
  inapp       boolean NOT NULL DEFAULT true,
  lang        text NOT NULL DEFAULT 'vi' CHECK (lang IN ('vi', 'en')),
  updated_at  timestamptz NOT NULL
);

-- In-app notifications, per account (the bell in the portal and the desk).
CREATE TABLE notifications (
  id            bigserial PRIMARY KEY,
  user_id       text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  event         text NOT NULL,
  title         text NOT NULL,
  body          text NOT NULL,
  dossier_code  text,
  delivery_key  text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL,
  read_at       timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- Each message sent (or tried) on each channel: queued → sent | failed (with the error and the attempts).
-- The address is kept masked: the officer sees where it went without the full contact.
CREATE TABLE notification_deliveries (
  id               bigserial PRIMARY KEY,
  delivery_key     text NOT NULL,
  channel          text NOT NULL CHECK (channel IN ('email', 'sms', 'inapp')),
  event            text NOT NULL,
  user_id          text REFERENCES users(id) ON DELETE SET NULL,
  address_masked   text,
  dossier_code     text,
  status           text NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  last_error       text,
  provider_id      text,
  created_at       timestamptz NOT NULL,
  sent_at          timestamptz,
  UNIQUE (delivery_key, channel)
);
CREATE INDEX notification_deliveries_dossier ON notification_deliveries (dossier_code, id) WHERE dossier_code IS NOT NULL;

-- Reminders already sent: one row per dossier, threshold and recipient, written with the outbox message in
-- one transaction, so each reminder goes out once per threshold however often the sweep runs.
CREATE TABLE notification_reminders (
  dossier_id  text NOT NULL,
  threshold   text NOT NULL CHECK (threshold IN ('share_left', 'due_soon', 'late')),
  user_id     text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  due_at      timestamptz NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (dossier_id, threshold, user_id)
);

-- The feedback module's sandbox table (027) is retired: one-time codes now go out by SMS or e-mail
-- through the notifications channels (the SMS sandbox provider in tests and the demo).
DROP TABLE IF EXISTS feedback_sandbox_messages;
