-- The dossier's field is named by the one write path (src/modules/dossiers/dossier-writes.ts), and the
-- city-year generator names it too, so the trigger of 020 that looked it up on every insert is not
-- needed; it ran a PL/pgSQL call in every submission's statement (the lifecycle benchmark's SQL replay
-- was slower with it). A dossier inserted without its field now fails on NOT NULL instead of guessing.
DROP TRIGGER dossier_field_on_insert ON dossiers;
DROP FUNCTION dossier_field_on_insert();
