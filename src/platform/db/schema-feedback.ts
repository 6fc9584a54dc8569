/** Kysely table types of the feedback module (migration 027_feedback.sql); kept apart from schema.ts to ease merges. */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date, Date>;
/** numeric columns come back as strings from PostgreSQL and numbers from PGlite: read with Number(). */
type Numeric = ColumnType<string | number, number, number>;

export interface FeedbackRulesTable {
  version: string;
  effective_from: ColumnType<string, string, string>;
  reject_days: Numeric;
  info_days: Numeric;
  handle_days: Numeric;
  publish_days: Numeric;
  reopen_days: number;
  note: string | null;
}

export interface FeedbackTable {
  id: string;
  code: string;
  status: string;
  channel: 'online' | 'anonymous' | 'counter';
  received_org_id: string;
  org_id: string;
  sender_user_id: string | null;
  sender_name: string;
  sender_phone: string | null;
  sender_email: string | null;
  sender_id_number: string | null;
  sender_address: string | null;
  sender_secret_hash: string | null;
  dossier_code: string | null;
  procedure_code: string | null;
  subject: string;
  content: string;
  attachments: Json<string[]>;
  consent_publish: boolean;
  assignee_id: string | null;
  answer: string | null;
  rule_version: string;
  received_at: Timestamp;
  clock_start_at: Timestamp;
  reject_due_at: Timestamp;
  info_due_at: Timestamp;
  handle_due_at: Timestamp;
  info_requested: Generated<boolean>;
  handled_at: Timestamp | null;
  handled_on_time: boolean | null;
  handled_working_days: Numeric | null;
  publish_due_at: Timestamp | null;
  published_at: Timestamp | null;
  rating: 'satisfied' | 'dissatisfied' | null;
  rated_at: Timestamp | null;
  reopened: Generated<boolean>;
  public_subject: string | null;
  public_content: string | null;
  search_text: string | null;
  version: number;
  last_hash: string;
  updated_at: Timestamp;
}

export interface FeedbackActionsTable {
  feedback_id: string;
  seq: number;
  action: string;
  actor_id: string | null;
  actor_role: string;
  actor_org_id: string | null;
  at: Timestamp;
  from_status: string | null;
  to_status: string;
  payload: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface FeedbackCodeSequencesTable {
  day: ColumnType<string, string, string>;
  last_value: number;
}

export interface FeedbackOtpsTable {
  id: string;
  channel: 'phone' | 'email';
  contact: string;
  code_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  attempts: Generated<number>;
  used_at: Timestamp | null;
}


export interface FeedbackTables {
  feedback_rules: FeedbackRulesTable;
  feedback: FeedbackTable;
  feedback_actions: FeedbackActionsTable;
  feedback_code_sequences: FeedbackCodeSequencesTable;
  feedback_otps: FeedbackOtpsTable;
}
