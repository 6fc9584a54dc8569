/**
 * Kysely table types; keep in step with migrations/*.sql. JSON columns are written as JSON text. Here: the
 * dossiers, their logs and counters, and the platform's settings; each other module's tables are in its own
 * schema-<module>.ts, merged into DB below.
 */
import type { ColumnType, Generated } from 'kysely';
import type { FeedbackTables } from './schema-feedback.ts';
import type { CatalogueTables } from './schema-catalogue.ts';
import type { CitizenStoreTables } from './schema-citizen-store.ts';
import type { NotificationTables } from './schema-notifications.ts';
import type { SurveyTables } from './schema-surveys.ts';
import type { ParTables } from './schema-par.ts';
import type { ReformPlanTables } from './schema-reform-plan.ts';
import type { IntegrationTables } from './schema-integrations.ts';
import type { PopulationTables } from './schema-population.ts';
import type { MeasurementTables } from './schema-measurement.ts';
import type { DeliveryTables } from './schema-delivery.ts';
import type { PaymentTables } from './schema-payments.ts';
import type { ReorganisationTables } from './schema-reorganisations.ts';
import type { OrganisationTables } from './schema-organisations.ts';
import type { CalendarTables } from './schema-calendar.ts';
import type { IdentityTables } from './schema-identity.ts';
import type { UploadTables } from './schema-uploads.ts';
import type { SigningTables } from './schema-signing.ts';
import type { OutboxTables } from './schema-outbox.ts';
import type { EvaluationTables } from './schema-evaluations.ts';
import type { AuditTables } from './schema-audit.ts';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date, Date>;
type DefaultedTimestamp = ColumnType<Date, Date | undefined, Date>;

export interface ApplicantData {
  type: 'individual' | 'organisation';
  fullName: string;
  idNumber?: string;
  taxCode?: string;
  birthDate?: string;
  address: string;
  phone: string;
  email?: string;
}

export interface DossiersTable {
  id: string;
  code: string;
  /** The code in the system the dossier was imported from (010). */
  legacy_code: Generated<string | null>;
  procedure_code: string;
  /** The procedure's field when the dossier was received; filled by a trigger on insert (020). */
  field_code: Generated<string>;
  /** The version of the procedure it was received under; filled by a trigger on insert (036). */
  procedure_version: Generated<number | null>;
  applicant_id: string;
  /** A counter dossier's applicant ID number: the account holding it is the applicant too (022). */
  walk_in_id_number: Generated<string | null>;
  applicant: Json<ApplicantData>;
  form: Json<Record<string, unknown>>;
  channel: 'online' | 'counter' | 'post';
  lookup_secret: string;
  status: string;
  rule_version: string;
  receiving_org_id: string;
  current_org_id: string;
  current_step: number;
  process: Json<unknown>;
  submitted_at: Timestamp;
  accepted_at: Date | null;
  due_at: Date | null;
  appointment_at: Date | null;
  step_started_at: Date | null;
  step_due_at: Date | null;
  paused_at: Date | null;
  paused_remaining_minutes: number | null;
  paused_step_remaining_minutes: number | null;
  paused_minutes_total: Generated<number>;
  rating_level: string | null;
  resume_status: string | null;
  supplement_requests: number;
  forced_overdue: boolean;
  apologies: number;
  finished_at: Date | null;
  timeliness: string | null;
  result_upload_id: string | null;
  return_channel: string | null;
  last_seq: number;
  last_hash: string;
  updated_at: Timestamp;
}

export interface DossierActionsTable {
  dossier_id: string;
  seq: number;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: string | null;
  actor_role: string | null;
  actor_org_id: string | null;
  at: Timestamp;
  payload: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
  /** The HTTP request that wrote it (migration 040); null outside a request. */
  request_id: Generated<string | null>;
}

export interface DossierAttachmentsTable {
  dossier_id: string;
  upload_id: string;
  component_code: string;
  action_seq: number;
}

export interface DossierOrgsTable {
  dossier_id: string;
  org_id: string;
}

export interface DossierCodeSequencesTable {
  agency_eid: string;
  day: string;
  last_value: number;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  request_hash: string;
  dossier_id: string;
  created_at: Timestamp;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
}

/** Counters per subject (003, 020): receiving organisation, procedure, the dossier's channel and field, day. The monthly roll-up keeps (organisation, procedure, month). */
export interface StatsDailyTable {
  org_id: string;
  procedure_code: string;
  channel: string;
  field_code: string;
  day: ColumnType<string, string, string>;
  metric: string;
  value: number;
}

export interface StatsMonthlyTable {
  org_id: string;
  procedure_code: string;
  month: ColumnType<string, string, string>;
  metric: string;
  value: number;
}

/** A citizen's application saved half-way (008_drafts.sql). */
export interface DraftsTable {
  id: string;
  owner_id: string;
  procedure_code: string;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StatsOpenDailyTable {
  org_id: string;
  procedure_code: string;
  day: ColumnType<string, string, string>;
  within: number;
  overdue: number;
  paused: number;
}

export interface SchemaMigrationsTable {
  version: string;
  applied_at: DefaultedTimestamp;
}

export interface DB extends
  FeedbackTables,
  SurveyTables,
  ParTables,
  ReformPlanTables,
  IntegrationTables,
  PopulationTables,
  DeliveryTables,
  PaymentTables,
  NotificationTables,
  CatalogueTables,
  CitizenStoreTables,
  ReorganisationTables,
  OrganisationTables,
  CalendarTables,
  IdentityTables,
  UploadTables,
  SigningTables,
  OutboxTables,
  EvaluationTables,
  AuditTables,
  MeasurementTables {
  dossiers: DossiersTable;
  drafts: DraftsTable;
  dossier_actions: DossierActionsTable;
  dossier_attachments: DossierAttachmentsTable;
  dossier_orgs: DossierOrgsTable;
  dossier_code_sequences: DossierCodeSequencesTable;
  idempotency_keys: IdempotencyKeysTable;
  settings: SettingsTable;
  stats_daily: StatsDailyTable;
  stats_monthly: StatsMonthlyTable;
  stats_open_daily: StatsOpenDailyTable;
  schema_migrations: SchemaMigrationsTable;
}
