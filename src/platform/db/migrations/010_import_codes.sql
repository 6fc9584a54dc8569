-- Issue 12 (item 2): imported dossiers keep the old system's code as a reference, and no dossier code
-- of this system's shape is ever left above its agency's daily sequence.

-- The code a dossier had in the system it was imported from (null for dossiers submitted here).
-- Unique, so importing the same line twice, even at once, imports it once.
ALTER TABLE dossiers ADD COLUMN legacy_code text;
CREATE UNIQUE INDEX dossiers_legacy_code ON dossiers (legacy_code) WHERE legacy_code IS NOT NULL;

-- Codes imported before this migration with an agency's own code did not move that agency's daily
-- sequence, so its next online submission would draw a code already taken. Raise every sequence past
-- the codes in use (the default pattern {agency}-{yyMMdd}-{seq:4}; the server also repairs a sequence
-- on a collision, whatever the pattern).
INSERT INTO dossier_code_sequences (agency_eid, day, last_value)
SELECT m[1], to_date(m[2], 'YYMMDD'), max(m[3]::integer)
FROM dossiers d
CROSS JOIN LATERAL regexp_match(d.code, '^(.+)-(\d{6})-(\d{4,9})$') AS m
JOIN organisations o ON o.agency_eid = m[1]
GROUP BY m[1], m[2]
ON CONFLICT (agency_eid, day) DO UPDATE SET last_value = GREATEST(dossier_code_sequences.last_value, excluded.last_value);
