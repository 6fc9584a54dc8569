-- Open dossiers at the end of each day, per receiving organisation and procedure: a gauge, so "open at the
-- end of the period" (766 index) reads a few hundred rows instead of visiting every open dossier.
CREATE TABLE stats_open_daily (
  org_id          text NOT NULL REFERENCES organisations(id),
  procedure_code  text NOT NULL REFERENCES procedures(code),
  day             date NOT NULL,
  within          integer NOT NULL,
  overdue         integer NOT NULL,
  paused          integer NOT NULL,
  PRIMARY KEY (day, org_id, procedure_code)
);

-- Dossiers open now (accepted, not finished), with what the live figures need: an index-only read.
CREATE INDEX dossiers_open_now ON dossiers (receiving_org_id) INCLUDE (due_at, forced_overdue, paused_at)
  WHERE finished_at IS NULL AND accepted_at IS NOT NULL;
