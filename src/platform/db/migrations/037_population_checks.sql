-- Issue 18: the population-data check (CSDL quốc gia về dân cư), src/modules/integrations/population/.
-- Which procedures check their applicant against the national population database is catalogue data,
-- set with the procedure (PUT /api/procedures/:code, usesPopulationDb).
ALTER TABLE procedures ADD COLUMN uses_population_db boolean NOT NULL DEFAULT false;

-- One row per check of a dossier's applicant: when, how it was started (on arrival through the outbox, by an
-- officer, or a check of the demo's history), and the result. Only what the officer needs is kept: the names
-- of the fields that differ and, for those alone, the registry's value (to tell the applicant what to
-- correct); never the registry's whole record. `error` says why a check could not be made (no personal data).
-- delivery_key: the outbox delivery that made it, so a message delivered again does not check twice.
CREATE TABLE population_checks (
  id            bigserial PRIMARY KEY,
  dossier_id    text NOT NULL REFERENCES dossiers (id),
  checked_at    timestamptz NOT NULL,
  trigger       text NOT NULL CHECK (trigger IN ('arrival', 'officer', 'history')),
  result        text NOT NULL CHECK (result IN ('match', 'mismatch', 'not_found', 'unavailable')),
  differences   jsonb NOT NULL DEFAULT '[]',
  checked_by    text REFERENCES users (id),
  delivery_key  text,
  error         text
);
CREATE INDEX population_checks_dossier ON population_checks (dossier_id, checked_at);
CREATE UNIQUE INDEX population_checks_delivery ON population_checks (delivery_key) WHERE result <> 'unavailable';
