-- The 18-point evaluation of a unit per period: self-score by the unit, appraised score by the level above.
CREATE TABLE evaluations (
  org_id           text NOT NULL REFERENCES organisations(id),
  period           text NOT NULL,
  indicator        integer NOT NULL CHECK (indicator BETWEEN 1 AND 9),
  self_score       double precision CHECK (self_score BETWEEN 0 AND 2),
  appraised_score  double precision CHECK (appraised_score BETWEEN 0 AND 2),
  slips            integer CHECK (slips >= 0),
  note             text,
  self_by          text REFERENCES users(id),
  self_at          timestamptz,
  appraised_by     text REFERENCES users(id),
  appraised_at     timestamptz,
  PRIMARY KEY (org_id, period, indicator)
);
