-- Issue 18: the catalogue import from the national procedure database, and each procedure's history of versions
-- with its publication dates (src/modules/catalogue/versions.ts, src/modules/integrations/national-catalogue/).
-- The procedures row stays the current version, so nothing that reads it changes.
--
-- One row per version of a procedure: what changed (field by field, old → new), the statutory parts as they
-- were (snapshot), the announcing decision (number, date), its effective date, the day it was published in
-- this catalogue, the day the national database was updated, and where it came from (an import or a manual
-- edit). 766 criteria 1.1 and 1.2 are measured from the dates (src/modules/integrations/national-catalogue/figures.ts).
CREATE TABLE procedure_versions (
  procedure_code text NOT NULL REFERENCES procedures (code) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  source text NOT NULL CHECK (source IN ('import', 'manual')),
  changes jsonb NOT NULL,
  snapshot jsonb NOT NULL,
  decision_number text,
  decision_date date,
  effective_date date,
  published_on date NOT NULL,
  national_updated_on date,
  import_id text,
  created_by text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (procedure_code, version)
);
CREATE INDEX procedure_versions_effective ON procedure_versions (effective_date);

-- An uploaded catalogue file: its parsed records, the preview of differences and the errors by row, kept until
-- applied (once: applying again is a 409). applied_at is set in the transaction that writes the versions.
CREATE TABLE catalogue_imports (
  id text PRIMARY KEY,
  format text NOT NULL CHECK (format IN ('json', 'xlsx')),
  filename text,
  records jsonb NOT NULL,
  preview jsonb NOT NULL,
  errors jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  applied_by text,
  applied_at timestamptz
);

-- The version of its procedure a dossier was received under: filled on insert by a trigger (like field_code,
-- migration 020), so the one write path (record()) is unchanged; null before the procedure had any version.
ALTER TABLE dossiers ADD COLUMN procedure_version integer;
CREATE FUNCTION dossier_procedure_version_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.procedure_version IS NULL THEN
    SELECT max(v.version) INTO NEW.procedure_version FROM procedure_versions v
    WHERE v.procedure_code = NEW.procedure_code AND v.created_at <= NEW.submitted_at;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER dossier_procedure_version_on_insert BEFORE INSERT ON dossiers FOR EACH ROW EXECUTE FUNCTION dossier_procedure_version_on_insert();
