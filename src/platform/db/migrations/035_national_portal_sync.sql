-- Issue 18: dossier status sync to the national public-service portal (src/modules/integrations/national-portal/).
-- One row per successful call: DongBoHoSoMC (the dossier) or CapNhatTienDoHoSoMC (a step of its progress),
-- keyed by the outbox delivery key and the service, so a message delivered again calls nothing twice.
-- received_at / receiving_org_id: the dossier's, so criterion 1.4 (synced / received, per unit and period)
-- is counted without reading the dossiers.
CREATE TABLE national_portal_syncs (
  delivery_key text NOT NULL,
  service text NOT NULL CHECK (service IN ('DongBoHoSoMC', 'CapNhatTienDoHoSoMC')),
  dossier_id text NOT NULL REFERENCES dossiers (id),
  dossier_code text NOT NULL,
  receiving_org_id text NOT NULL,
  received_at timestamptz,
  portal_status text NOT NULL,
  synced_at timestamptz NOT NULL,
  PRIMARY KEY (delivery_key, service)
);
CREATE INDEX national_portal_syncs_received ON national_portal_syncs (receiving_org_id, received_at) WHERE service = 'DongBoHoSoMC';
CREATE INDEX national_portal_syncs_dossier ON national_portal_syncs (dossier_id);
