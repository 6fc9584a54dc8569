/** Kysely table types of the uploads module (file contents, uploads with their signature check, daily quotas, chunked parts); merged into the DB type in schema.ts. */
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

export interface BlobsTable {
  sha256: string;
  size: number;
  content: Uint8Array;
}

export interface UploadsTable {
  id: string;
  owner_id: string;
  sha256: string;
  filename: string;
  media_type: string;
  size: number;
  created_at: Timestamp;
  signature: ColumnType<SignatureSummary | null, string | null | undefined, string | null>;
}

/** Uploads of an account on one Vietnam calendar day (the daily quota). */
export interface UploadQuotaDaysTable {
  owner_id: string;
  /** YYYY-MM-DD, Vietnam time. */
  day: ColumnType<string, string, string>;
  files: number;
  bytes: ColumnType<string | number, number, number>;
}

/** A part of a file being written (services/uploads.ts). */
export interface UploadPartsTable {
  upload_id: string;
  seq: number;
  content: Uint8Array;
  created_at: Timestamp;
}

/** What officers see of a signed upload's verification (documents/pdf-signature.ts). */
export interface SignatureSummary {
  integrity: string;
  valid: boolean;
  chain: string;
  validAtSigningTime: boolean | null;
  signingTime: string | null;
  signer: string | null;
  issuer: string | null;
  problems: string[];
}

export interface UploadTables {
  blobs: BlobsTable;
  uploads: UploadsTable;
  upload_quota_days: UploadQuotaDaysTable;
  upload_parts: UploadPartsTable;
}
