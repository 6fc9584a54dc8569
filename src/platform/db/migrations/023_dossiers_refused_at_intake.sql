-- Refusals at intake by the day their dossier was received (src/modules/dossiers/received.ts, issue 14):
-- the KPIs and the 766 progress criterion subtract them from the `received` counter, so "received" leaves
-- them out without a scan of the period's dossiers. Partial: refusals are a few in a hundred dossiers.
-- The predicate is refusedAtIntakeSql's (status IN ('rejected'), which PostgreSQL reads as = 'rejected').
CREATE INDEX dossiers_refused_at_intake ON dossiers (receiving_org_id, submitted_at) INCLUDE (procedure_code, channel, field_code)
  WHERE status = 'rejected';
