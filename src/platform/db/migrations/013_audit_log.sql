-- Audit log beyond dossiers (Decree 13/2023 on personal data protection): configuration changes and
-- staff reads of personal data, append-only and hash-chained like the dossier action log.
-- Each entry's hash is sha256(prev_hash || '\n' || canonical JSON of the entry) — chainHash in
-- src/kernel/hash-chain.ts; `motcua verify-audit` recomputes it.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id text,
  actor_role text,
  actor_org_id text,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  -- The organisation the subject belongs to: a ward administrator searches their subtree's entries.
  org_id text,
  details jsonb NOT NULL DEFAULT '{}',
  request_id text,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_org ON audit_log (org_id, seq);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_subject ON audit_log (subject_id, seq);

-- The head of the chain, one row: an append locks it (SELECT … FOR UPDATE), chains its entries after
-- it and moves it, so concurrent appends queue on its lock (held until the appending transaction
-- commits) and two never chain to the same predecessor. It also records the last hash, so dropping
-- entries from the end of the log shows too.
CREATE TABLE audit_head (
  id int PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, prev_hash, hash) VALUES (1, 0, repeat('0', 64), repeat('0', 64));

-- Append-only: no UPDATE, DELETE or TRUNCATE of entries, whatever the client.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
