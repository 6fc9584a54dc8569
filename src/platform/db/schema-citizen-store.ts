/** Kysely table types of the citizen-store module (migration 038_citizen_store.sql); kept apart from schema.ts like schema-feedback.ts. */
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

/** A document in a citizen's data store (src/modules/citizen-store/): a reference to a kept file. */
export interface CitizenDocumentsTable {
  id: string;
  owner_id: string;
  owner_id_number: string | null;
  kind: 'result' | 'component';
  name: string;
  component_code: string | null;
  component_name: string | null;
  procedure_code: string;
  upload_id: string;
  sha256: string;
  dossier_id: string;
  org_id: string;
  issued_on: ColumnType<string, string, string>;
  valid_until: ColumnType<string | null, string | null | undefined, string | null>;
  signed: boolean;
  signed_document_id: string | null;
  created_at: Timestamp;
  removed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** A store document reused in a dossier, for one of its components. */
export interface CitizenDocumentReusesTable {
  dossier_id: string;
  component_code: string;
  document_id: string;
  upload_id: string;
  reused_at: Timestamp;
}

export interface CitizenStoreTables {
  citizen_documents: CitizenDocumentsTable;
  citizen_document_reuses: CitizenDocumentReusesTable;
}
