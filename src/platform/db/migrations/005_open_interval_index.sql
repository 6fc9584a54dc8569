-- "Which dossiers were open at instant T?" (766 index, open at the period's end) without a scan: each
-- accepted dossier's [accepted, finished) interval, in a GiST index; the query uses the same expression.
CREATE INDEX dossiers_open_interval ON dossiers
  USING gist (tstzrange(accepted_at, coalesce(finished_at, 'infinity'::timestamptz)))
  WHERE accepted_at IS NOT NULL;
