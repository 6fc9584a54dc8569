-- Measurement: counters per (receiving organisation, procedure, day, metric), maintained in the same
-- transaction as the dossier actions; the applicant's rating; pause time (handling time excludes it).

ALTER TABLE dossiers ADD COLUMN paused_minutes_total double precision NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN rating_level text CHECK (rating_level IN ('dissatisfied', 'satisfied', 'very_satisfied'));

CREATE TABLE stats_daily (
  org_id          text NOT NULL REFERENCES organisations(id),
  procedure_code  text NOT NULL REFERENCES procedures(code),
  day             date NOT NULL,
  metric          text NOT NULL,
  value           double precision NOT NULL,
  PRIMARY KEY (org_id, procedure_code, day, metric)
);
CREATE INDEX stats_daily_day ON stats_daily (day, org_id);
