/** Kysely table types of the surveys module (migration 028_surveys.sql); kept apart from schema.ts like schema-feedback.ts. */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date, Date>;

/** SIPAS surveys (028): src/modules/surveys/. Invitations and responses share no key (docs/surveys.md). */
export interface SurveyQuestionnairesTable {
  id: string;
  family: string;
  version: number;
  title: string;
  definition: Json<unknown>;
  standard: Generated<boolean>;
  org_id: string | null;
  based_on: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface SurveyRoundsTable {
  id: string;
  name: string;
  org_id: string;
  questionnaire_id: string;
  period_from: string;
  period_to: string;
  field_codes: Json<string[]>;
  channels: Json<string[]>;
  sizing: Json<unknown>;
  index_method: 'mean' | 'pooled';
  status: 'draft' | 'open' | 'closed';
  seed: string | null;
  frame_size: number | null;
  sample_size: number | null;
  strata: Json<Array<{ orgId: string; fieldCode: string; frame: number; sample: number }>>;
  sampled_at: Date | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface SurveyInvitationsTable {
  id: string;
  round_id: string;
  stratum_org_id: string;
  stratum_field: string;
  person_key: string;
  full_name: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  dossier_code: string;
  token_hash: string;
  answers: Json<Record<string, number | string>> | null;
  saved_at: Date | null;
  state: Generated<'invited' | 'held' | 'done'>;
  mode: 'online' | 'paper' | null;
}

export interface SurveyResponsesTable {
  id: string;
  round_id: string;
  stratum_org_id: string;
  stratum_field: string;
  mode: 'online' | 'paper';
  released_month: string;
  answers: Json<Record<string, number | string>>;
}

/** Feedback (PAKN) tables are typed in ./schema-feedback.ts. */

export interface SurveyTables {
  survey_questionnaires: SurveyQuestionnairesTable;
  survey_rounds: SurveyRoundsTable;
  survey_invitations: SurveyInvitationsTable;
  survey_responses: SurveyResponsesTable;
}
