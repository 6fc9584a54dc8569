-- Applications saved half-way by a citizen, to be resumed later (issue 3). A draft is private to its
-- owner and is not a dossier: it has no code, no log and no deadline until it is submitted.
CREATE TABLE drafts (
  id             text PRIMARY KEY,
  owner_id       text NOT NULL REFERENCES users(id),
  procedure_code text NOT NULL REFERENCES procedures(code),
  data           jsonb NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX drafts_owner ON drafts (owner_id, updated_at DESC);
