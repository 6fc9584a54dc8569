/** Kysely table types of the signing module (organisation signing keys, trusted CAs, signed results); merged into the DB type in schema.ts. */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date, Date>;

export interface OrgSigningKeysTable {
  org_id: string;
  key_sealed: string;
  chain_pem: Json<string[]>;
  subject: string;
  not_after: Timestamp;
  is_demo: Generated<boolean>;
  imported_by: string | null;
  created_at: Timestamp;
}

export interface TrustedCasTable {
  id: string;
  name: string;
  cert_pem: string;
  is_demo: Generated<boolean>;
  created_at: Timestamp;
  disabled_at: Date | null;
  disabled_by: string | null;
  disabled_reason: string | null;
}

export interface SignedDocumentsTable {
  id: string;
  dossier_id: string;
  org_id: string;
  kind: string;
  upload_id: string;
  sha256: string;
  signer: string;
  issued_at: Timestamp;
  revoked_at: Date | null;
  revoked_reason: string | null;
  revoked_by: string | null;
  /** Hex SHA-256 over the signature's /ByteRange bytes: the identity of what was signed. */
  signed_digest: string | null;
}

export interface SigningTables {
  org_signing_keys: OrgSigningKeysTable;
  trusted_cas: TrustedCasTable;
  signed_documents: SignedDocumentsTable;
}
