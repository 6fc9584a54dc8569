-- The annual administrative-reform plan (issue 16, second half): src/modules/reform-plan/, docs/reform-plan.md.
-- A plan per unit (the city, or a unit's own) and year; its targets (computed from a named measure of the
-- measurement figures, or reported by hand with evidence), tasks with progress reports, and inspections
-- (kiểm tra CCHC) whose follow-up tasks point back at them. Days are ISO text (YYYY-MM-DD), Vietnam time.

CREATE TABLE reform_plans (
  id          text PRIMARY KEY,
  org_id      text NOT NULL REFERENCES organisations(id),
  year        integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  title       text NOT NULL,
  -- Traffic-light rules as data: amber when the value is within this distance of the threshold, per unit.
  light_rules jsonb NOT NULL,
  created_by  text REFERENCES users(id),
  created_at  timestamptz NOT NULL,
  UNIQUE (org_id, year)
);

CREATE TABLE reform_plan_targets (
  id          text PRIMARY KEY,
  plan_id     text NOT NULL REFERENCES reform_plans(id),
  position    integer NOT NULL,
  name_vi     text NOT NULL,
  name_en     text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('computed', 'manual')),
  -- A measure of the registry (src/modules/reform-plan/measures.ts); for a manual target, what is reported.
  measure     text NOT NULL,
  comparison  text NOT NULL CHECK (comparison IN ('>=', '<=', '<', '>')),
  threshold   double precision NOT NULL,
  unit        text NOT NULL CHECK (unit IN ('share', 'points', 'rank')),
  -- Scope: {fields?: string[], unitGroup?: 'departments'|'wards'|'all', orgIds?: string[], fieldThresholds?: {code: number}, perField?: boolean, unitThreshold?: number}
  scope       jsonb NOT NULL,
  note        text NOT NULL DEFAULT ''
);
CREATE INDEX reform_plan_targets_plan ON reform_plan_targets (plan_id, position);

-- Values reported by hand (a manual target, or a computed one whose measure has no source yet); the latest counts.
CREATE TABLE reform_target_reports (
  id            text PRIMARY KEY,
  target_id     text NOT NULL REFERENCES reform_plan_targets(id),
  value         double precision NOT NULL,
  reported_on   text NOT NULL,
  evidence_url  text,
  evidence_upload_id text,
  note          text NOT NULL DEFAULT '',
  reported_by   text REFERENCES users(id),
  reported_by_name text NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX reform_target_reports_target ON reform_target_reports (target_id, created_at);

CREATE TABLE reform_inspections (
  id            text PRIMARY KEY,
  plan_id       text NOT NULL REFERENCES reform_plans(id),
  org_id        text NOT NULL REFERENCES organisations(id),
  inspected_on  text NOT NULL,
  team          text NOT NULL,
  findings      text NOT NULL,
  created_by    text REFERENCES users(id),
  created_at    timestamptz NOT NULL
);
CREATE INDEX reform_inspections_plan ON reform_inspections (plan_id, inspected_on);

CREATE TABLE reform_tasks (
  id            text PRIMARY KEY,
  plan_id       text NOT NULL REFERENCES reform_plans(id),
  position      integer NOT NULL,
  owner_org_id  text NOT NULL REFERENCES organisations(id),
  title         text NOT NULL,
  description   text NOT NULL DEFAULT '',
  deadline      text NOT NULL,
  -- A follow-up task of an inspection.
  inspection_id text REFERENCES reform_inspections(id),
  created_at    timestamptz NOT NULL
);
CREATE INDEX reform_tasks_plan ON reform_tasks (plan_id, position);

CREATE TABLE reform_task_progress (
  id            text PRIMARY KEY,
  task_id       text NOT NULL REFERENCES reform_tasks(id),
  percent       integer NOT NULL CHECK (percent BETWEEN 0 AND 100),
  note          text NOT NULL DEFAULT '',
  reported_on   text NOT NULL,
  reported_by   text REFERENCES users(id),
  reported_by_name text NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX reform_task_progress_task ON reform_task_progress (task_id, created_at);
