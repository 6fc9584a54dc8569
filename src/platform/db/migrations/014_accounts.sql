-- Accounts a city can rely on (issue 12, items 10 and 11).

-- Sessions get an id of their own, so a user can list and end them without the token ever being
-- shown, and what a person needs to recognise one: when it was last used, from which browser and
-- address. Existing sessions get an id derived from their token hash (itself one-way).
ALTER TABLE sessions ADD COLUMN id text;
UPDATE sessions SET id = 'ses_' || md5(token_hash);
ALTER TABLE sessions ALTER COLUMN id SET NOT NULL;
ALTER TABLE sessions ALTER COLUMN id SET DEFAULT ('ses_' || gen_random_uuid()::text);
CREATE UNIQUE INDEX sessions_id ON sessions (id);
CREATE INDEX sessions_user ON sessions (user_id);
ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz;
ALTER TABLE sessions ADD COLUMN user_agent text;
ALTER TABLE sessions ADD COLUMN address text;

-- Failed sign-ins per account name (lower-cased), whether or not such an account exists, so an
-- unknown name is answered exactly like a known one. In the database: it holds across restarts and
-- processes. A row ends only with a successful sign-in, an administrator's unlock, or when it is
-- stale (its window and any lock are over); never all at once.
CREATE TABLE login_failures (
  username         text PRIMARY KEY,
  failures         integer NOT NULL,
  window_start     timestamptz NOT NULL,
  last_failure_at  timestamptz NOT NULL,
  locked_until     timestamptz
);
CREATE INDEX login_failures_last ON login_failures (last_failure_at);

-- Single-use password reset links: only the token's sha256 is kept.
CREATE TABLE password_resets (
  token_hash  text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  issued_by   text REFERENCES users(id),
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- One ID number, one account. An officer who checked the card at the counter may move a binding;
-- every move is kept here (moved_by NULL: this migration).
CREATE TABLE id_binding_moves (
  id            bigserial PRIMARY KEY,
  id_number     text NOT NULL,
  from_user_id  text REFERENCES users(id),
  to_user_id    text REFERENCES users(id),
  moved_by      text REFERENCES users(id),
  reason        text NOT NULL,
  moved_at      timestamptz NOT NULL
);
CREATE INDEX id_binding_moves_number ON id_binding_moves (id_number);

-- Numbers already bound to several accounts stay with the oldest account; the others lose it, and
-- the move is recorded so that an officer can give it back after checking the card.
INSERT INTO id_binding_moves (id_number, from_user_id, to_user_id, moved_by, reason, moved_at)
SELECT id_number, id, keeper, NULL, 'migration 014: number bound to several accounts, kept by the oldest', now()
FROM (
  SELECT id, id_number, first_value(id) OVER (PARTITION BY id_number ORDER BY created_at, id) AS keeper
  FROM users WHERE id_number IS NOT NULL
) ranked
WHERE id <> keeper;
UPDATE users SET id_number = NULL
WHERE id IN (SELECT from_user_id FROM id_binding_moves WHERE moved_by IS NULL);
CREATE UNIQUE INDEX users_id_number ON users (id_number) WHERE id_number IS NOT NULL;
