/** Kysely table types of the audit module (the hash-chained audit log and its head); merged into the DB type in schema.ts. */
import type { ColumnType } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date, Date>;

/** An append-only, hash-chained audit entry (migration 013). bigint comes back as a string or bigint. */
export interface AuditLogTable {
  seq: ColumnType<string | number | bigint, number, never>;
  at: Timestamp;
  actor_id: string | null;
  actor_role: string | null;
  actor_org_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  org_id: string | null;
  details: Json<Record<string, unknown>>;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: ColumnType<string | number | bigint, number, number>;
  prev_hash: string;
  hash: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}
