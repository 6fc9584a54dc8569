-- Counters keyed by subject (issue 13, item 5): besides the receiving organisation, the procedure and
-- the day, the dossier's channel (online, counter, post) and its field, so that figures per field and
-- per channel come from counters too. The monthly roll-up (stats_monthly: the 766 index, open data)
-- keeps its key: nothing reads it by channel or field, and splitting it would make the whole city's
-- year read up to three times as many rows (measured: 766 for the city over a year, p50 35 → 74 ms).
--
-- A dossier's field is the procedure's field when the dossier was received, kept on the dossier
-- (a procedure moved to another field later keeps its past dossiers, and their counters, in the old
-- one). Migration 021 leaves naming it to the write path (the trigger below is dropped there).
ALTER TABLE dossiers ADD COLUMN field_code text;
UPDATE dossiers d SET field_code = p.field_code FROM procedures p WHERE p.code = d.procedure_code;
ALTER TABLE dossiers ALTER COLUMN field_code SET NOT NULL;

CREATE FUNCTION dossier_field_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.field_code IS NULL THEN
    SELECT p.field_code INTO NEW.field_code FROM procedures p WHERE p.code = NEW.procedure_code;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER dossier_field_on_insert BEFORE INSERT ON dossiers FOR EACH ROW EXECUTE FUNCTION dossier_field_on_insert();

-- The new columns come last in the primary key: its old prefix (organisation, procedure, day, metric)
-- stays usable by the queries that range over it.
--
-- Counters written before this migration cannot be split by channel from the counters alone: they are
-- marked with an empty channel and field, and the server re-files them from the action logs when it
-- starts (refileLegacyCounters in src/modules/measurement/stats.ts: the same rule as `motcua stats rebuild`).
ALTER TABLE stats_daily ADD COLUMN channel text NOT NULL DEFAULT '';
ALTER TABLE stats_daily ADD COLUMN field_code text NOT NULL DEFAULT '';
ALTER TABLE stats_daily DROP CONSTRAINT stats_daily_pkey;
ALTER TABLE stats_daily ADD PRIMARY KEY (org_id, procedure_code, day, metric, channel, field_code);
ALTER TABLE stats_daily ALTER COLUMN channel DROP DEFAULT;
ALTER TABLE stats_daily ALTER COLUMN field_code DROP DEFAULT;
