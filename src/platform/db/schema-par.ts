/** Kysely table types of the par-index module (migration 029_par_index.sql); kept apart from schema.ts like schema-surveys.ts. */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date, Date>;

export interface ParSetsTable {
  id: string;
  year: number;
  grp: 'department' | 'ward' | 'province';
  name: string;
  criteria: Json<unknown>;
  bands: Json<unknown>;
  reference: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ParAssessmentsTable {
  id: string;
  set_id: string;
  year: number;
  grp: 'department' | 'ward' | 'province';
  org_id: string;
  status: 'draft' | 'submitted' | 'appraised' | 'published';
  frozen_on: string | null;
  version: Generated<number>;
  submitted_at: Date | null;
  appraised_at: Date | null;
  published_at: Date | null;
  created_at: Timestamp;
}

export interface ParScoresTable {
  assessment_id: string;
  code: string;
  self_score: number | null;
  evidence_upload_id: string | null;
  evidence_link: string | null;
  explanation: string | null;
  figures: Json<unknown> | null;
  appraised_score: number | null;
  appraisal_comment: string | null;
  returns: Generated<number>;
  return_reason: string | null;
  state: Generated<'open' | 'returned' | 'resubmitted'>;
}

export interface ParCorrectionsTable {
  id: string;
  assessment_id: string;
  code: string;
  old_score: number;
  new_score: number;
  reason: string;
  by_user: string;
  at: Timestamp;
}

export interface ParTables {
  par_sets: ParSetsTable;
  par_assessments: ParAssessmentsTable;
  par_scores: ParScoresTable;
  par_corrections: ParCorrectionsTable;
}
