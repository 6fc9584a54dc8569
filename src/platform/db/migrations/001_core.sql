-- Core schema: organisations, calendar, catalogue, accounts, dossiers and their action log.
-- One dialect for both drivers (PGlite and PostgreSQL). Instants are timestamptz (UTC).

CREATE TABLE organisations (
  id          text PRIMARY KEY,
  parent_id   text REFERENCES organisations(id),
  -- Materialised path of ids ('/h29/phuong-sai-gon/'): subtree scoping is a prefix match.
  path        text NOT NULL UNIQUE,
  name        text NOT NULL,
  short_name  text,
  kind        text NOT NULL CHECK (kind IN ('province', 'department', 'commune', 'unit', 'centre')),
  agency_eid  text UNIQUE,
  address     text,
  phone       text,
  email       text,
  -- Working hours and cut-off; {} inherits from the parent (see services/calendars.ts).
  calendar    jsonb NOT NULL DEFAULT '{}'::jsonb,
  active      boolean NOT NULL DEFAULT true,
  is_demo     boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organisations_path_prefix ON organisations (path text_pattern_ops);

-- Announced days off and compensatory working days, per year; scope 'national' or an organisation id.
CREATE TABLE calendar_years (
  scope         text NOT NULL,
  year          integer NOT NULL CHECK (year BETWEEN 1900 AND 2200),
  days_off      jsonb NOT NULL,
  working_days  jsonb NOT NULL,
  source        text NOT NULL CHECK (source IN ('official', 'derived')),
  note          text,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, year)
);

CREATE TABLE fields (
  code  text PRIMARY KEY,
  name  text NOT NULL
);

CREATE TABLE procedures (
  code            text PRIMARY KEY,
  name            text NOT NULL,
  field_code      text NOT NULL REFERENCES fields(code),
  level           text NOT NULL CHECK (level IN ('province', 'commune')),
  online_level    text NOT NULL CHECK (online_level IN ('full', 'partial')),
  fee_vnd         integer CHECK (fee_vnd >= 0),
  fee_note        text,
  duration_value  double precision NOT NULL CHECK (duration_value > 0),
  duration_unit   text NOT NULL CHECK (duration_unit IN ('working_days', 'working_hours', 'calendar_days', 'months')),
  legal_basis     text NOT NULL,
  description     text,
  applicant_types jsonb NOT NULL,
  components      jsonb NOT NULL,
  form_fields     jsonb NOT NULL,
  process         jsonb NOT NULL,
  result_name     text,
  search_text     text NOT NULL,
  published       boolean NOT NULL DEFAULT true,
  is_demo         boolean NOT NULL DEFAULT false,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Where a procedure is received (one-stop desks).
CREATE TABLE procedure_orgs (
  procedure_code text NOT NULL REFERENCES procedures(code) ON DELETE CASCADE,
  org_id         text NOT NULL REFERENCES organisations(id),
  PRIMARY KEY (procedure_code, org_id)
);

CREATE TABLE users (
  id            text PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  full_name     text NOT NULL,
  role          text NOT NULL CHECK (role IN ('citizen', 'reception', 'specialist', 'leader', 'admin', 'manager')),
  org_id        text REFERENCES organisations(id),
  id_number     text,
  phone         text,
  email         text,
  address       text,
  active        boolean NOT NULL DEFAULT true,
  is_demo       boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'citizen') = (org_id IS NULL))
);

CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);

-- File contents, addressed by their sha256, so the same file uploaded twice is stored once.
CREATE TABLE blobs (
  sha256   text PRIMARY KEY,
  size     integer NOT NULL,
  content  bytea NOT NULL
);

CREATE TABLE uploads (
  id          text PRIMARY KEY,
  owner_id    text NOT NULL REFERENCES users(id),
  sha256      text NOT NULL REFERENCES blobs(sha256),
  filename    text NOT NULL,
  media_type  text NOT NULL,
  size        integer NOT NULL,
  created_at  timestamptz NOT NULL
);

CREATE TABLE dossiers (
  id                            text PRIMARY KEY,
  code                          text NOT NULL UNIQUE,
  procedure_code                text NOT NULL REFERENCES procedures(code),
  applicant_id                  text NOT NULL REFERENCES users(id),
  applicant                     jsonb NOT NULL,
  form                          jsonb NOT NULL,
  channel                       text NOT NULL CHECK (channel IN ('online', 'counter', 'post')),
  lookup_secret                 text NOT NULL,
  status                        text NOT NULL,
  rule_version                  text NOT NULL,
  receiving_org_id              text NOT NULL REFERENCES organisations(id),
  current_org_id                text NOT NULL REFERENCES organisations(id),
  current_step                  integer NOT NULL,
  process                       jsonb NOT NULL,
  submitted_at                  timestamptz NOT NULL,
  accepted_at                   timestamptz,
  due_at                        timestamptz,
  appointment_at                timestamptz,
  step_started_at               timestamptz,
  step_due_at                   timestamptz,
  paused_at                     timestamptz,
  paused_remaining_minutes      double precision,
  paused_step_remaining_minutes double precision,
  resume_status                 text,
  supplement_requests           integer NOT NULL DEFAULT 0,
  forced_overdue                boolean NOT NULL DEFAULT false,
  apologies                     integer NOT NULL DEFAULT 0,
  finished_at                   timestamptz,
  timeliness                    text,
  result_upload_id              text REFERENCES uploads(id),
  return_channel                text,
  last_seq                      integer NOT NULL,
  last_hash                     text NOT NULL,
  updated_at                    timestamptz NOT NULL
);
CREATE INDEX dossiers_applicant ON dossiers (applicant_id, submitted_at DESC);
CREATE INDEX dossiers_receiving ON dossiers (receiving_org_id, status, due_at);
CREATE INDEX dossiers_current ON dossiers (current_org_id, status, due_at);

-- The immutable action log: a hash chain per dossier.
CREATE TABLE dossier_actions (
  dossier_id    text NOT NULL REFERENCES dossiers(id),
  seq           integer NOT NULL,
  action        text NOT NULL,
  from_status   text,
  to_status     text NOT NULL,
  actor_id      text REFERENCES users(id),
  actor_role    text,
  actor_org_id  text REFERENCES organisations(id),
  at            timestamptz NOT NULL,
  payload       jsonb NOT NULL,
  prev_hash     text NOT NULL,
  hash          text NOT NULL,
  PRIMARY KEY (dossier_id, seq)
);

CREATE TABLE dossier_attachments (
  dossier_id      text NOT NULL REFERENCES dossiers(id),
  upload_id       text NOT NULL REFERENCES uploads(id),
  component_code  text NOT NULL,
  action_seq      integer NOT NULL,
  PRIMARY KEY (dossier_id, upload_id)
);

-- Every organisation that has held the dossier: its officers keep read access (visibility scope).
CREATE TABLE dossier_orgs (
  dossier_id  text NOT NULL REFERENCES dossiers(id),
  org_id      text NOT NULL REFERENCES organisations(id),
  PRIMARY KEY (dossier_id, org_id)
);
CREATE INDEX dossier_orgs_org ON dossier_orgs (org_id, dossier_id);

-- Daily per-agency sequences for dossier codes; the row lock makes them unique under concurrency.
CREATE TABLE dossier_code_sequences (
  agency_eid  text NOT NULL,
  day         date NOT NULL,
  last_value  integer NOT NULL,
  PRIMARY KEY (agency_eid, day)
);

CREATE TABLE idempotency_keys (
  user_id       text NOT NULL REFERENCES users(id),
  key           text NOT NULL,
  request_hash  text NOT NULL,
  dossier_id    text NOT NULL REFERENCES dossiers(id),
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (user_id, key)
);

CREATE TABLE settings (
  key    text PRIMARY KEY,
  value  jsonb NOT NULL
);

-- Messages to the outside world (notifications, national portal sync), written in the command's
-- transaction and delivered by a worker, so a crash neither loses nor duplicates them.
CREATE TABLE outbox (
  id            bigserial PRIMARY KEY,
  topic         text NOT NULL,
  payload       jsonb NOT NULL,
  created_at    timestamptz NOT NULL,
  delivered_at  timestamptz,
  attempts      integer NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox (id) WHERE delivered_at IS NULL;
