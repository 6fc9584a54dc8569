/** Kysely table types; keep in step with migrations/*.sql. JSON columns are written as JSON text. */
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

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date, Date>;
type DefaultedTimestamp = ColumnType<Date, Date | undefined, Date>;

/** Its parent per period is in organisation_parents (src/modules/organisations/domain/tree.ts). */
export interface OrganisationsTable {
  id: string;
  name: string;
  short_name: string | null;
  kind: 'province' | 'department' | 'commune' | 'unit' | 'centre';
  agency_eid: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  calendar: Json<OrgCalendarConfig>;
  active: Generated<boolean>;
  is_demo: Generated<boolean>;
  created_at: DefaultedTimestamp;
  /** ISO days (read as text); null from: since records began; null to: open. */
  effective_from: ColumnType<string | null, string | null | undefined, string | null>;
  effective_to: ColumnType<string | null, string | null | undefined, string | null>;
  /** After a merge or split (later issue): the unit that took over a closed unit's work. */
  successor_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A unit's parent over [valid_from, valid_to) (ISO days; valid_to null = open). */
export interface OrganisationParentsTable {
  org_id: string;
  parent_id: string;
  valid_from: string;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface OrgCalendarConfig {
  /** Seven entries, Sunday first, "07:30-11:30,13:00-17:00" or "" for a rest day. */
  weeklyHours?: string[];
  /** "15:00" or null. */
  cutoff?: string | null;
}

export interface CalendarYearsTable {
  scope: string;
  year: number;
  days_off: Json<Array<{ date: string; name: string }>>;
  working_days: Json<Array<{ date: string; name: string }>>;
  source: 'official' | 'derived';
  note: string | null;
  updated_at: DefaultedTimestamp;
}

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

export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  full_name: string;
  role: 'citizen' | 'reception' | 'specialist' | 'leader' | 'admin' | 'manager';
  org_id: string | null;
  id_number: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  active: Generated<boolean>;
  is_demo: Generated<boolean>;
  created_at: DefaultedTimestamp;
  /** The highest level of electronic identity VNeID asserted for this person, 1 or 2 (034); null: none. */
  identity_level: Generated<number | null>;
}

export interface SessionsTable {
  token_hash: string;
  /** Shown to the user to list and end sessions; never the token (migration 014). */
  id: Generated<string>;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Date | null;
  user_agent: string | null;
  address: string | null;
  /** The level of electronic identity this sign-in proved (VNeID, 034); null: a password session. */
  identity_level: Generated<number | null>;
}

export interface LoginFailuresTable {
  username: string;
  failures: number;
  window_start: Timestamp;
  last_failure_at: Timestamp;
  locked_until: Date | null;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  issued_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Date | null;
}

export interface IdBindingMovesTable {
  id: Generated<string>;
  id_number: string;
  from_user_id: string | null;
  to_user_id: string | null;
  moved_by: string | null;
  reason: string;
  moved_at: Timestamp;
}

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

export interface OutboxTable {
  id: Generated<string>;
  topic: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  delivered_at: Date | null;
  attempts: Generated<number>;
  status: Generated<'pending' | 'delivered' | 'dead'>;
  next_attempt_at: Date | null;
  last_error: string | null;
  claimed_at: Date | null;
  claimed_by: string | null;
  dead_at: Date | null;
  /** The HTTP request that wrote it (migration 040); null outside a request. */
  request_id: Generated<string | null>;
}

export interface OutboxDeliveriesTable {
  message_id: string;
  handler: string;
  delivered_at: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
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

export interface EvaluationsTable {
  org_id: string;
  period: string;
  indicator: number;
  self_score: number | null;
  appraised_score: number | null;
  slips: number | null;
  note: string | null;
  self_by: string | null;
  self_at: Date | null;
  appraised_by: string | null;
  appraised_at: Date | null;
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
  MeasurementTables {
  organisations: OrganisationsTable;
  organisation_parents: OrganisationParentsTable;
  calendar_years: CalendarYearsTable;
  fields: FieldsTable;
  procedures: ProceduresTable;
  procedure_orgs: ProcedureOrgsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  password_resets: PasswordResetsTable;
  id_binding_moves: IdBindingMovesTable;
  blobs: BlobsTable;
  uploads: UploadsTable;
  upload_quota_days: UploadQuotaDaysTable;
  upload_parts: UploadPartsTable;
  dossiers: DossiersTable;
  drafts: DraftsTable;
  dossier_actions: DossierActionsTable;
  dossier_attachments: DossierAttachmentsTable;
  dossier_orgs: DossierOrgsTable;
  dossier_code_sequences: DossierCodeSequencesTable;
  idempotency_keys: IdempotencyKeysTable;
  settings: SettingsTable;
  outbox: OutboxTable;
  outbox_deliveries: OutboxDeliveriesTable;
  org_signing_keys: OrgSigningKeysTable;
  trusted_cas: TrustedCasTable;
  signed_documents: SignedDocumentsTable;
  stats_daily: StatsDailyTable;
  stats_monthly: StatsMonthlyTable;
  evaluations: EvaluationsTable;
  stats_open_daily: StatsOpenDailyTable;
  schema_migrations: SchemaMigrationsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}
