/** Kysely table types of reorganisations (migration 039_reorganisations.sql); kept apart from schema.ts to ease merges. */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
/** ISO days, read as text (`::text`) where a driver would turn them into instants. */
type Day = ColumnType<string, string, string>;

export interface OrganisationSuccessorsTable {
  org_id: string;
  successor_id: string;
  effective_from: Day;
}

export interface ReorganisationsTable {
  id: string;
  kind: 'merge' | 'split' | 'move';
  request_hash: string;
  request: Json<Record<string, unknown>>;
  effective_from: Day;
  status: 'scheduled' | 'applied' | 'failed';
  plan: Json<Record<string, unknown>>;
  result: Json<Record<string, unknown> | null>;
  error: string | null;
  org_id: string;
  created_by: string | null;
  created_at: Generated<Date>;
  applied_at: Date | null;
}

export interface ReorganisationTables {
  organisation_successors: OrganisationSuccessorsTable;
  reorganisations: ReorganisationsTable;
}
