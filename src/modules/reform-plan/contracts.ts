/** Request and response shapes of the reform plan (the web app imports its types from here). */
import { z } from 'zod';
import { Day, Instant, Label, NonEmptyText } from '../../kernel/contracts.ts';

export const Comparison = z.enum(['>=', '<=', '<', '>']);
export const MeasureUnit = z.enum(['share', 'points', 'rank']);
export const LightValue = z.enum(['green', 'amber', 'red', 'none']);
export const TaskStatus = z.enum(['not_started', 'in_progress', 'done', 'late']);
export const UnitGroup = z.enum(['departments', 'wards', 'all']);

const IsoDay = z.iso.date();
const Code = z.string().min(1).max(64);

export const TargetScope = z.strictObject({
  fields: z.array(Code).max(100).optional(),
  fieldThresholds: z.record(Code, z.number().min(0).max(1)).optional(),
  unitGroup: UnitGroup.optional(),
  orgIds: z.array(Code).max(200).optional(),
  unitThreshold: z.number().min(0).max(1).optional(),
});

export const TargetBody = z.strictObject({
  nameVi: NonEmptyText(300),
  nameEn: NonEmptyText(300),
  kind: z.enum(['computed', 'manual']),
  measure: Code,
  comparison: Comparison,
  threshold: z.number().min(0).max(1000),
  unit: MeasureUnit.optional(),
  scope: TargetScope.default({}),
  note: z.string().max(2000).optional(),
});

export const TargetReportBody = z.strictObject({
  value: z.number().min(0).max(1000),
  reportedOn: IsoDay,
  evidenceUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  evidenceUploadId: Code.optional(),
  note: z.string().max(2000).optional(),
});

export const TaskBody = z.strictObject({
  ownerOrgId: Code,
  title: NonEmptyText(300),
  description: z.string().max(4000).optional(),
  deadline: IsoDay,
  inspectionId: Code.nullable().optional(),
});

export const ProgressBody = z.strictObject({
  percent: z.number().int().min(0).max(100),
  note: z.string().max(2000).optional(),
  reportedOn: IsoDay.optional(),
});

export const InspectionBody = z.strictObject({
  orgId: Code,
  inspectedOn: IsoDay,
  team: NonEmptyText(1000),
  findings: NonEmptyText(8000),
  followUps: z.array(z.strictObject({ title: NonEmptyText(300), deadline: IsoDay, ownerOrgId: Code.optional() })).max(50).default([]),
});

export const NewPlanBody = z.strictObject({
  orgId: Code,
  year: z.number().int().min(2000).max(2100),
  title: NonEmptyText(300),
  copyFromYear: z.number().int().min(2000).max(2100).optional(),
});

const Figure = z.object({ label: Label, value: z.union([z.number(), z.string()]).nullable() });

export const TargetRow = z.object({
  key: z.string(),
  name: z.string(),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  threshold: z.number(),
  met: z.boolean().nullable(),
  gap: z.number().nullable(),
  light: LightValue,
});

export const TargetView = z.object({
  id: z.string(),
  position: z.number(),
  name: Label,
  kind: z.enum(['computed', 'manual']),
  measure: z.string(),
  measureLabel: Label,
  comparison: Comparison,
  threshold: z.number(),
  unit: MeasureUnit,
  scope: TargetScope,
  note: z.string(),
  source: z.enum(['live', 'manual', 'no_source', 'not_reported']).describe('live: computed now; manual: the latest value reported by hand; no_source: no data source yet (reason); not_reported: manual, nothing reported yet'),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  met: z.boolean().nullable(),
  gap: z.number().nullable().describe('How far the value still is from the threshold, in its unit; 0 when met'),
  light: LightValue,
  reason: Label.nullable(),
  figures: z.array(Figure),
  rows: z.array(TargetRow).describe('One row per field (or unit) for a target split by field; the light of the target is its worst row'),
  lastReport: z
    .object({ value: z.number(), reportedOn: Day, evidenceUrl: z.string().nullable(), evidenceUploadId: z.string().nullable(), note: z.string(), reportedBy: z.string(), at: Instant })
    .nullable(),
});
export type TargetView = z.infer<typeof TargetView>;

export const TaskView = z.object({
  id: z.string(),
  position: z.number(),
  ownerOrgId: z.string(),
  ownerOrgName: z.string(),
  title: z.string(),
  description: z.string(),
  deadline: Day,
  status: TaskStatus,
  percent: z.number().nullable(),
  inspectionId: z.string().nullable(),
  canReport: z.boolean(),
  progress: z.array(z.object({ percent: z.number(), note: z.string(), reportedOn: Day, reportedBy: z.string(), at: Instant })),
});
export type TaskView = z.infer<typeof TaskView>;

export const InspectionView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  inspectedOn: Day,
  team: z.string(),
  findings: z.string(),
  followUpTaskIds: z.array(z.string()),
});

export const PlanView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  year: z.number(),
  title: z.string(),
  period: z.string(),
  from: Day,
  to: Day,
  asOf: Instant,
  lightRules: z.object({ amberWithin: z.object({ share: z.number(), points: z.number(), rank: z.number() }) }),
  canEdit: z.boolean(),
  targets: z.array(TargetView),
  tasks: z.array(TaskView).describe('Late tasks first, then by deadline'),
  inspections: z.array(InspectionView),
  inspected: z.object({ numerator: z.number(), denominator: z.number(), value: z.number().nullable(), unitGroup: UnitGroup }),
  counts: z.object({ green: z.number(), amber: z.number(), red: z.number(), none: z.number(), lateTasks: z.number() }),
});
export type PlanView = z.infer<typeof PlanView>;

export const PlanRef = z.object({ id: z.string(), orgId: z.string(), year: z.number() });
export const CreatedId = z.object({ id: z.string() });

export const MeasureInfo = z.object({ code: z.string(), label: Label, unit: MeasureUnit, computed: z.boolean(), perField: z.boolean() });
export const MeasureList = z.object({ items: z.array(MeasureInfo), units: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })), fields: z.array(z.object({ code: z.string(), name: z.string() })) });
export type MeasureList = z.infer<typeof MeasureList>;

export const ReportPeriodParam = z.string().regex(/^\d{4}(-Q[1-4]|-H[12])?$/, '2025-Q2, 2025-H1 hoặc 2025 / 2025-Q2, 2025-H1 or 2025');
