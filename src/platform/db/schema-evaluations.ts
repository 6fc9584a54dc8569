/** Kysely table types of the evaluations module (the self-assessed and appraised indicators per organisation and period); merged into the DB type in schema.ts. */

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

export interface EvaluationTables {
  evaluations: EvaluationsTable;
}
