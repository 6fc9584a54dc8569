/** Kysely table types of the integrations module (migrations 034_vneid.sql, 035_national_portal_sync.sql); kept apart from schema.ts to ease merges. */
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

/** A VNeID sign-in under way (034): the OpenID Connect checks kept on the server, used once. */
export interface VneidLoginsTable {
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** One successful call to the national portal (035), per outbox delivery and service. */
export interface NationalPortalSyncsTable {
  delivery_key: string;
  service: 'DongBoHoSoMC' | 'CapNhatTienDoHoSoMC';
  dossier_id: string;
  dossier_code: string;
  receiving_org_id: string;
  received_at: Date | null;
  portal_status: string;
  synced_at: Timestamp;
}

/** The claims VNeID last asserted for an account (034): the portal prefills the applicant from them. */
export interface VneidIdentitiesTable {
  user_id: string;
  identity_number: string;
  full_name: string;
  birth_date: string | null;
  sex: 'male' | 'female' | null;
  address: string | null;
  phone: string | null;
  level: number;
  verified_at: Timestamp;
}

export interface IntegrationTables {
  vneid_identities: VneidIdentitiesTable;
  vneid_logins: VneidLoginsTable;
  national_portal_syncs: NationalPortalSyncsTable;
}
