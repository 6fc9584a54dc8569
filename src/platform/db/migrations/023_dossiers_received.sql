-- "Received in a period" (src/modules/dossiers/received.ts, issue 14): the KPIs' received and refused at
-- intake, and the desk's register, read the dossiers a unit received on the period's days. Without this
-- index that is a scan of every dossier of the unit (dossiers_receiving leads with status, not the day).
CREATE INDEX dossiers_received ON dossiers (receiving_org_id, submitted_at) INCLUDE (status);
