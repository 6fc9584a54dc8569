/** Kysely table types of the catalogue versions and imports (migration 036_catalogue_versions.sql); kept apart from schema.ts to ease merges. */
import type { ColumnType } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date, Date>;
/** `date` columns: written as 'YYYY-MM-DD'; read them with `::text` (pg would make a Date of them). */
type IsoDate = ColumnType<string, string, string>;

export interface ProcedureVersionsTable {
  procedure_code: string;
  version: number;
  source: 'import' | 'manual';
  changes: Json<Array<{ field: string; old: unknown; new: unknown }>>;
  snapshot: Json<Record<string, unknown>>;
  decision_number: string | null;
  decision_date: IsoDate | null;
  effective_date: IsoDate | null;
  published_on: IsoDate;
  national_updated_on: IsoDate | null;
  import_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CatalogueImportsTable {
  id: string;
  format: 'json' | 'xlsx';
  filename: string | null;
  records: Json<unknown[]>;
  preview: Json<unknown[]>;
  errors: Json<unknown[]>;
  created_by: string;
  created_at: Timestamp;
  applied_by: string | null;
  applied_at: Timestamp | null;
}

export interface CatalogueTables {
  procedure_versions: ProcedureVersionsTable;
  catalogue_imports: CatalogueImportsTable;
}
