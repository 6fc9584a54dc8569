/** Kysely table types of the catalogue: fields, procedures and where they are received, and their versions and imports (migration 036_catalogue_versions.sql). */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date, Date>;
type DefaultedTimestamp = ColumnType<Date, Date | undefined, Date>;
/** `date` columns: written as 'YYYY-MM-DD'; read them with `::text` (pg would make a Date of them). */
type IsoDate = ColumnType<string, string, string>;

export interface FieldsTable {
  code: string;
  name: string;
}

export interface ProcedureComponent {
  code: string;
  name: string;
  originals: number;
  copies: number;
  required: boolean;
  /** The applicant must sign the file digitally (checked when documents land). */
  signatureRequired?: boolean;
  note?: string;
}

export interface ProcedureFormField {
  name: string;
  /** Vietnamese, the form's own words; labelEn is shown in English mode when given. */
  label: string;
  labelEn?: string;
  type: 'text' | 'textarea' | 'number' | 'date' | 'select';
  required: boolean;
  /** Select: the values (Vietnamese, stored in the dossier); optionsEn their English labels, index by index. */
  options?: string[];
  optionsEn?: string[];
  maxLength?: number;
  /** Numbers: smallest and largest value accepted (min 0 when absent, src/modules/catalogue/domain/form-limits.ts). */
  min?: number;
  max?: number;
  /** Dates: not after today (a birth, a death). */
  notFuture?: boolean;
}

/** A process step as configured: orgId null means "the organisation that received the dossier". */
export interface ProcedureStepConfig {
  name: string;
  orgId: string | null;
  role: 'reception' | 'specialist' | 'leader';
  durationHours: number;
}

export interface ProceduresTable {
  code: string;
  name: string;
  field_code: string;
  level: 'province' | 'commune';
  online_level: 'full' | 'partial';
  fee_vnd: number | null;
  fee_note: string | null;
  duration_value: number;
  duration_unit: 'working_days' | 'working_hours' | 'calendar_days' | 'months';
  legal_basis: string;
  description: string | null;
  applicant_types: Json<Array<'individual' | 'organisation'>>;
  components: Json<ProcedureComponent[]>;
  form_fields: Json<ProcedureFormField[]>;
  process: Json<ProcedureStepConfig[]>;
  result_name: string | null;
  search_text: string;
  published: Generated<boolean>;
  is_demo: Generated<boolean>;
  updated_at: DefaultedTimestamp;
  /** Online submission needs a VNeID session of at least this level, 1 or 2 (034); null: none. */
  required_identity_level: Generated<number | null>;
  /** The applicant is checked against the national population database before acceptance (037). */
  uses_population_db: Generated<boolean>;
}

export interface ProcedureOrgsTable {
  procedure_code: string;
  org_id: string;
}

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
  fields: FieldsTable;
  procedures: ProceduresTable;
  procedure_orgs: ProcedureOrgsTable;
  procedure_versions: ProcedureVersionsTable;
  catalogue_imports: CatalogueImportsTable;
}
