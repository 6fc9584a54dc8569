-- SIPAS satisfaction surveys (issue 15): src/modules/surveys/, docs/surveys.md.
-- Anonymity by design: survey_invitations (who was sampled, personal data) and survey_responses (what was
-- answered) share no key, no token, no instant. A response carries its round, its stratum (unit × field) and
-- the month it was released, and has a random id; submitted answers wait in the invitation row ("held") and
-- move to survey_responses in shuffled batches, so even the order of writes does not tie one to the other.

-- Questionnaires: SurveyJS JSON, immutable versions in a family (a copy or an edit is a new version).
CREATE TABLE survey_questionnaires (
  id          text PRIMARY KEY,
  family      text NOT NULL,
  version     integer NOT NULL CHECK (version >= 1),
  title       text NOT NULL,
  definition  jsonb NOT NULL,
  standard    boolean NOT NULL DEFAULT false,
  org_id      text REFERENCES organisations(id),
  based_on    text REFERENCES survey_questionnaires(id),
  created_by  text REFERENCES users(id),
  created_at  timestamptz NOT NULL,
  UNIQUE (family, version)
);

CREATE TABLE survey_rounds (
  id                text PRIMARY KEY,
  name              text NOT NULL,
  org_id            text NOT NULL REFERENCES organisations(id),
  questionnaire_id  text NOT NULL REFERENCES survey_questionnaires(id),
  period_from       text NOT NULL,
  period_to         text NOT NULL,
  field_codes       jsonb NOT NULL,
  channels          jsonb NOT NULL,
  sizing            jsonb NOT NULL,
  index_method      text NOT NULL CHECK (index_method IN ('mean', 'pooled')),
  status            text NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
  seed              text,
  frame_size        integer,
  sample_size       integer,
  strata            jsonb NOT NULL DEFAULT '[]'::jsonb,
  sampled_at        timestamptz,
  created_by        text REFERENCES users(id),
  created_at        timestamptz NOT NULL
);
CREATE INDEX survey_rounds_org ON survey_rounds (org_id);

-- One row per sampled person. token_hash: sha256 of the link's token (the token is an HMAC of the id, never stored).
-- answers: the partial answers while the person has not submitted; after submission the answers wait here, held,
-- until a batch releases them to survey_responses (then answers is cleared). No submission instant is stored.
CREATE TABLE survey_invitations (
  id                text PRIMARY KEY,
  round_id          text NOT NULL REFERENCES survey_rounds(id),
  stratum_org_id    text NOT NULL REFERENCES organisations(id),
  stratum_field     text NOT NULL,
  person_key        text NOT NULL,
  full_name         text NOT NULL,
  phone             text,
  email             text,
  address           text,
  dossier_code      text NOT NULL,
  token_hash        text NOT NULL UNIQUE,
  answers           jsonb,
  saved_at          timestamptz,
  state             text NOT NULL DEFAULT 'invited' CHECK (state IN ('invited', 'held', 'done')),
  mode              text CHECK (mode IN ('online', 'paper')),
  UNIQUE (round_id, person_key)
);

CREATE TABLE survey_responses (
  id              text PRIMARY KEY,
  round_id        text NOT NULL REFERENCES survey_rounds(id),
  stratum_org_id  text NOT NULL REFERENCES organisations(id),
  stratum_field   text NOT NULL,
  mode            text NOT NULL CHECK (mode IN ('online', 'paper')),
  released_month  text NOT NULL,
  answers         jsonb NOT NULL
);
CREATE INDEX survey_responses_round ON survey_responses (round_id);
