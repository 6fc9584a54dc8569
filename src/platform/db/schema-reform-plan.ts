/** Kysely table types of the reform-plan module (migration 030_reform_plan.sql); kept apart from schema.ts like schema-surveys.ts. */
import type { ColumnType } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date, Date>;

export interface ReformPlansTable {
  id: string;
  org_id: string;
  year: number;
  title: string;
  light_rules: Json<unknown>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ReformPlanTargetsTable {
  id: string;
  plan_id: string;
  position: number;
  name_vi: string;
  name_en: string;
  kind: 'computed' | 'manual';
  measure: string;
  comparison: '>=' | '<=' | '<' | '>';
  threshold: number;
  unit: 'share' | 'points' | 'rank';
  scope: Json<unknown>;
  note: ColumnType<string, string | undefined, string>;
}

export interface ReformTargetReportsTable {
  id: string;
  target_id: string;
  value: number;
  reported_on: string;
  evidence_url: string | null;
  evidence_upload_id: string | null;
  note: ColumnType<string, string | undefined, string>;
  reported_by: string | null;
  reported_by_name: string;
  created_at: Timestamp;
}

export interface ReformInspectionsTable {
  id: string;
  plan_id: string;
  org_id: string;
  inspected_on: string;
  team: string;
  findings: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ReformTasksTable {
  id: string;
  plan_id: string;
  position: number;
  owner_org_id: string;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  deadline: string;
  inspection_id: string | null;
  created_at: Timestamp;
}

export interface ReformTaskProgressTable {
  id: string;
  task_id: string;
  percent: number;
  note: ColumnType<string, string | undefined, string>;
  reported_on: string;
  reported_by: string | null;
  reported_by_name: string;
  created_at: Timestamp;
}

export interface ReformPlanTables {
  reform_plans: ReformPlansTable;
  reform_plan_targets: ReformPlanTargetsTable;
  reform_target_reports: ReformTargetReportsTable;
  reform_inspections: ReformInspectionsTable;
  reform_tasks: ReformTasksTable;
  reform_task_progress: ReformTaskProgressTable;
}
