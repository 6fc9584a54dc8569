-- Reception at the counter (issue 14): a dossier received for a person present at the desk carries
-- the ID number the officer checked on their CCCD. The citizen account that holds that ID number —
-- now or after registering or binding it later — is the dossier's applicant too (sees it in "my
-- dossiers", may act on it as the applicant). Only counter dossiers have it: an online applicant
-- block is typed by the account holder, so its ID number proves nothing.
ALTER TABLE dossiers ADD COLUMN walk_in_id_number text;
CREATE INDEX dossiers_walk_in_id_number ON dossiers (walk_in_id_number, submitted_at DESC) WHERE walk_in_id_number IS NOT NULL;
