-- The PAR Index of the city's units (issue 16): src/modules/par-index/, docs/par-index.md.
-- A criteria set per year and group is data (the tree as rows, validated on import); an assessment per unit and
-- year holds one row per leaf. Every step is recorded in the audit log (hash-chained); a published score
-- changes only through a correction row (who, why, old → new), never by an update of the appraisal.

CREATE TABLE par_sets (
  id          text PRIMARY KEY,
  year        integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
  grp         text NOT NULL CHECK (grp IN ('department', 'ward', 'province')),
  name        text NOT NULL,
  criteria    jsonb NOT NULL,
  bands       jsonb NOT NULL,
  reference   boolean NOT NULL DEFAULT false,
  created_by  text REFERENCES users(id),
  created_at  timestamptz NOT NULL,
  UNIQUE (year, grp)
);

CREATE TABLE par_assessments (
  id            text PRIMARY KEY,
  set_id        text NOT NULL REFERENCES par_sets(id),
  year          integer NOT NULL,
  grp           text NOT NULL,
  org_id        text NOT NULL REFERENCES organisations(id),
  status        text NOT NULL CHECK (status IN ('draft', 'submitted', 'appraised', 'published')),
  frozen_on     text,
  version       integer NOT NULL DEFAULT 1,
  submitted_at  timestamptz,
  appraised_at  timestamptz,
  published_at  timestamptz,
  created_at    timestamptz NOT NULL,
  UNIQUE (year, org_id)
);
CREATE INDEX par_assessments_year_grp ON par_assessments (year, grp);

-- One row per leaf of the set. state: open (the unit edits), returned (the appraiser asked for more evidence,
-- once), resubmitted (the unit answered the return). figures: what a computed or survey leaf was frozen with.
CREATE TABLE par_scores (
  assessment_id      text NOT NULL REFERENCES par_assessments(id),
  code               text NOT NULL,
  self_score         double precision,
  evidence_upload_id text REFERENCES uploads(id),
  evidence_link      text,
  explanation        text,
  figures            jsonb,
  appraised_score    double precision,
  appraisal_comment  text,
  returns            integer NOT NULL DEFAULT 0,
  return_reason      text,
  state              text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'returned', 'resubmitted')),
  PRIMARY KEY (assessment_id, code)
);

-- Corrections of published results: append-only; the latest per leaf supersedes the appraised score.
CREATE TABLE par_corrections (
  id             text PRIMARY KEY,
  assessment_id  text NOT NULL REFERENCES par_assessments(id),
  code           text NOT NULL,
  old_score      double precision NOT NULL,
  new_score      double precision NOT NULL,
  reason         text NOT NULL,
  by_user        text NOT NULL REFERENCES users(id),
  at             timestamptz NOT NULL
);
CREATE INDEX par_corrections_assessment ON par_corrections (assessment_id);
