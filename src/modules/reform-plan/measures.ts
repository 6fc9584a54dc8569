/**
 * The registry of computed measures a plan target can name. Each reads the measurement module's queries
 * (`kpis`, the 766 index) or this module's inspections — never its own SQL over dossiers — and returns the
 * value with its numerator, denominator and the figures behind it, for a unit's subtree and a period.
 *
 * A measure may have no source yet (`no_source`) or be declared
 * here and wired later by the composition root (`not_connected`: the PAR Index share of units rated good,
 * which src/par-plan-wiring.ts replaces through `registerPlanMeasure`). Either way it returns no value and
 * says why; the plan view then shows a value reported by hand, if there is one. A live measure may also have
 * no value yet and say why in `reason` (the PAR Index before any result of the year is published).
 */
import type { AppContext } from '../../context.ts';
import type { Label } from '../../kernel/contracts.ts';
import { kpis } from '../measurement/stats.ts';
import { index766For } from '../measurement/index766.ts';
import { share, type MeasureUnit } from './domain/rules.ts';
import { inspectedShare, unitsInScope, type UnitGroup } from './inspections.ts';
import { paymentFigures } from '../payments/figures.ts';
import { parseIsoDate, startOfDay } from '../calendar/domain/local-time.ts';

/** Where a target applies (stored as JSON with the target). */
export interface TargetScope {
  /** Field codes (lĩnh vực) the target is about; for a per-field measure, the fields shown (all with dossiers when absent). */
  fields?: string[];
  /** Thresholds that differ for some fields (the complaints field: ≥ 95 % where the rest must reach 98 %). */
  fieldThresholds?: Record<string, number>;
  /** Which units count, for measures over units (inspections; the PAR Index). */
  unitGroup?: UnitGroup;
  /** Named units, for measures over a list of units (land-registration branches). */
  orgIds?: string[];
  /** Each named unit must reach this on-time share to count (the branches' 96 %). */
  unitThreshold?: number;
}

export interface MeasureRow {
  key: string;
  name: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

export interface MeasureResult {
  status: 'live' | 'no_source' | 'not_connected';
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** The figures behind the value, as a reader checks them. */
  figures: Array<{ label: Label; value: number | string | null }>;
  reason?: Label;
  /** One row per field for a per-field measure; the target's value is then the whole scope's. */
  rows?: MeasureRow[];
}

export interface MeasureInput {
  ctx: AppContext;
  /** The plan's unit: figures are of its subtree. */
  orgId: string;
  year: number;
  /** "2025", "2025-Q2" or "2025-H1" and its whole-month dates. */
  period: string;
  from: string;
  to: string;
  scope: TargetScope;
  /** Results shared by the measures of one view (each KPI query runs once). */
  memo: <T>(key: string, run: () => Promise<T>) => Promise<T>;
}

export interface PlanMeasure {
  code: string;
  label: Label;
  unit: MeasureUnit;
  /** Split into one row per field. */
  perField?: boolean;
  compute(input: MeasureInput): Promise<MeasureResult>;
}

const registry = new Map<string, PlanMeasure>();

/** Adds or replaces a measure (the composition root wires `par.good_share` to the par-index module this way). */
export function registerPlanMeasure(measure: PlanMeasure): void {
  registry.set(measure.code, measure);
}
export const planMeasure = (code: string): PlanMeasure | undefined => registry.get(code);
export const planMeasures = (): PlanMeasure[] => [...registry.values()];

/** Measures one creates as `manual` targets: known names, no computation. */
export const MANUAL_MEASURES: Array<{ code: string; label: Label; unit: MeasureUnit }> = [
  { code: 'par.rank', label: { vi: 'Thứ hạng Chỉ số CCHC (PAR Index) cả nước', en: 'National PAR Index rank' }, unit: 'rank' },
  { code: 'documents.electronic_share', label: { vi: 'Tỷ lệ văn bản trao đổi dưới dạng điện tử (trừ văn bản mật)', en: 'Share of official documents exchanged electronically (except secret ones)' }, unit: 'share' },
  { code: 'manual.share', label: { vi: 'Tỷ lệ báo cáo thủ công', en: 'A share reported by hand' }, unit: 'share' },
  { code: 'manual.points', label: { vi: 'Điểm số báo cáo thủ công', en: 'Points reported by hand' }, unit: 'points' },
];

const byField = (input: MeasureInput) =>
  input.memo(`kpis:field:${input.orgId}:${input.from}:${input.to}`, () => kpis(input.ctx, { orgId: input.orgId, from: input.from, to: input.to, groupBy: 'field' }));
const index766Of = (input: MeasureInput) => input.memo(`766:${input.orgId}:${input.period}`, () => index766For(input.ctx, input.orgId, input.period, { from: input.from, to: input.to }));

type FieldGroup = Awaited<ReturnType<typeof kpis>>['groups'][number];

/** A per-field share from the KPIs by field: one row per field, and the whole scope as the value. */
function perFieldMeasure(code: string, label: Label, parts: (g: FieldGroup) => { num: number; den: number }, figureLabels: [Label, Label]): PlanMeasure {
  return {
    code,
    label,
    unit: 'share',
    perField: true,
    async compute(input) {
      const report = await byField(input);
      const wanted = input.scope.fields;
      const groups = report.groups.filter((g) => !wanted || wanted.includes(g.key));
      const rows: MeasureRow[] = groups.map((g) => {
        const { num, den } = parts(g);
        return { key: g.key, name: g.name ?? g.key, value: share(num, den), numerator: num, denominator: den };
      });
      for (const f of wanted ?? []) if (!rows.some((r) => r.key === f)) rows.push({ key: f, name: f, value: null, numerator: 0, denominator: 0 });
      const num = rows.reduce((n, r) => n + (r.numerator ?? 0), 0);
      const den = rows.reduce((n, r) => n + (r.denominator ?? 0), 0);
      return {
        status: 'live',
        value: share(num, den),
        numerator: num,
        denominator: den,
        figures: [
          { label: figureLabels[0], value: num },
          { label: figureLabels[1], value: den },
        ],
        rows,
      };
    },
  };
}

const onTimeParts = (g: FieldGroup) => ({ num: g.counters.finished_early + g.counters.finished_on_time, den: g.finished });
const FINISHED: Label = { vi: 'Hồ sơ đã giải quyết', en: 'Dossiers finished' };

registerPlanMeasure(
  perFieldMeasure('dossiers.on_time_share', { vi: 'Tỷ lệ hồ sơ giải quyết đúng hạn (trước hạn và đúng hạn / đã giải quyết)', en: 'Dossiers finished on time (early or on time / finished)' }, onTimeParts, [
    { vi: 'Hồ sơ giải quyết trước hạn và đúng hạn', en: 'Finished early or on time' },
    FINISHED,
  ]),
);
registerPlanMeasure(
  perFieldMeasure(
    'dossiers.satisfaction_share',
    { vi: 'Tỷ lệ hài lòng (hài lòng và rất hài lòng / lượt đánh giá)', en: 'Satisfaction (satisfied or very satisfied / ratings)' },
    (g) => ({ num: g.counters.rated_satisfied + g.counters.rated_very_satisfied, den: g.counters.rated }),
    [
      { vi: 'Lượt đánh giá hài lòng, rất hài lòng', en: 'Satisfied or very satisfied ratings' },
      { vi: 'Lượt đánh giá', en: 'Ratings' },
    ],
  ),
);
// Late dossiers over the fields named together (land and investment): one value, not a row per field.
registerPlanMeasure({
  code: 'dossiers.late_share',
  label: { vi: 'Tỷ lệ hồ sơ trễ hạn (trễ hạn / đã giải quyết)', en: 'Dossiers finished late (late / finished)' },
  unit: 'share',
  async compute(input) {
    const report = await byField(input);
    const wanted = input.scope.fields;
    const groups = report.groups.filter((g) => !wanted || wanted.includes(g.key));
    const late = groups.reduce((n, g) => n + g.counters.finished_late, 0);
    const finished = groups.reduce((n, g) => n + g.finished, 0);
    return {
      status: 'live',
      value: share(late, finished),
      numerator: late,
      denominator: finished,
      figures: [
        { label: { vi: 'Hồ sơ trễ hạn', en: 'Finished late' }, value: late },
        { label: FINISHED, value: finished },
        { label: { vi: 'Lĩnh vực có hồ sơ', en: 'Fields with dossiers' }, value: groups.map((g) => g.name ?? g.key).join(', ') || null },
      ],
      rows: groups.map((g) => ({ key: g.key, name: g.name ?? g.key, value: g.lateRate, numerator: g.counters.finished_late, denominator: g.finished })),
    };
  },
});

/** A share taken from one criterion of the 766 index (its numerator and denominator). */
function criterionMeasure(code: string, criterion: string, label: Label, figureLabels: [Label, Label]): PlanMeasure {
  return {
    code,
    label,
    unit: 'share',
    async compute(input) {
      const c = (await index766Of(input)).criteria.find((x) => x.code === criterion)!;
      const value = c.numerator !== null && c.denominator !== null ? share(c.numerator, c.denominator) : null;
      return {
        status: 'live',
        value,
        numerator: c.numerator,
        denominator: c.denominator,
        figures: [
          { label: figureLabels[0], value: c.numerator },
          { label: figureLabels[1], value: c.denominator },
          { label: { vi: 'Tiêu chí Chỉ số 766', en: '766 index criterion' }, value: `${c.code} ${c.label}` },
        ],
      };
    },
  };
}
registerPlanMeasure(
  criterionMeasure('procedures.online_share', '3.1', { vi: 'Tỷ lệ TTHC cung cấp DVC trực tuyến (một phần và toàn trình) / TTHC thuộc thẩm quyền', en: 'Procedures offered online (partial or full) / procedures in competence' }, [
    { vi: 'TTHC cung cấp DVC trực tuyến', en: 'Procedures offered online' },
    { vi: 'TTHC thuộc thẩm quyền', en: 'Procedures in competence' },
  ]),
);
registerPlanMeasure(
  criterionMeasure('procedures.with_online_dossier_share', '3.2', { vi: 'Tỷ lệ DVC trực tuyến phát sinh hồ sơ trực tuyến', en: 'Online services that received at least one online dossier' }, [
    { vi: 'DVC trực tuyến có hồ sơ trực tuyến', en: 'Online services with an online dossier' },
    { vi: 'DVC trực tuyến', en: 'Online services' },
  ]),
);
registerPlanMeasure(
  criterionMeasure('dossiers.online_share', '3.3', { vi: 'Tỷ lệ hồ sơ nộp trực tuyến / hồ sơ tiếp nhận', en: 'Dossiers received online / dossiers received' }, [
    { vi: 'Hồ sơ trực tuyến', en: 'Online dossiers' },
    { vi: 'Hồ sơ tiếp nhận', en: 'Dossiers received' },
  ]),
);
registerPlanMeasure({
  code: 'index766.score',
  label: { vi: 'Điểm Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766)', en: 'Service index score (Decision 766)' },
  unit: 'points',
  async compute(input) {
    const r = await index766Of(input);
    return {
      status: 'live',
      value: r.total,
      numerator: r.total,
      denominator: r.max,
      figures: [
        { label: { vi: 'Điểm', en: 'Points' }, value: r.total },
        { label: { vi: 'Điểm từ dữ liệu', en: 'Points measured' }, value: r.measuredPoints },
        { label: { vi: 'Điểm chưa có nguồn số liệu', en: 'Points without a data source' }, value: r.noDataPoints },
      ],
    };
  },
});
registerPlanMeasure({
  code: 'inspections.share',
  label: { vi: 'Tỷ lệ cơ quan, đơn vị được kiểm tra CCHC trong năm', en: 'Share of units inspected (PAR inspections) in the year' },
  unit: 'share',
  async compute(input) {
    const r = await inspectedShare(input.ctx, { orgId: input.orgId, year: input.year, unitGroup: input.scope.unitGroup, to: input.to });
    return {
      status: 'live',
      value: r.value,
      numerator: r.numerator,
      denominator: r.denominator,
      figures: [
        { label: { vi: 'Đơn vị đã được kiểm tra', en: 'Units inspected' }, value: r.numerator },
        { label: { vi: 'Đơn vị thuộc phạm vi', en: 'Units in scope' }, value: r.denominator },
      ],
    };
  },
});
// Named units (the land-registration branches) that each reached the unit threshold of on-time dossiers.
registerPlanMeasure({
  code: 'units.on_time_at_least',
  label: { vi: 'Tỷ lệ đơn vị đạt tỷ lệ hồ sơ đúng hạn tối thiểu', en: 'Share of the named units reaching the minimum on-time share' },
  unit: 'share',
  async compute(input) {
    const ids = input.scope.orgIds ?? [];
    const min = input.scope.unitThreshold ?? 0.96;
    const rows: MeasureRow[] = [];
    for (const id of ids) {
      const r = await input.memo(`kpis:none:${id}:${input.from}:${input.to}`, () => kpis(input.ctx, { orgId: id, from: input.from, to: input.to, groupBy: 'none' }));
      const num = r.total.counters.finished_early + r.total.counters.finished_on_time;
      rows.push({ key: id, name: r.org.name, value: share(num, r.total.finished), numerator: num, denominator: r.total.finished });
    }
    const reaching = rows.filter((r) => r.value !== null && r.value >= min).length;
    return {
      status: 'live',
      value: share(reaching, ids.length),
      numerator: reaching,
      denominator: ids.length,
      figures: [
        { label: { vi: 'Đơn vị đạt', en: 'Units reaching it' }, value: reaching },
        { label: { vi: 'Đơn vị được theo dõi', en: 'Units followed' }, value: ids.length },
        { label: { vi: 'Mức tối thiểu mỗi đơn vị', en: 'Minimum per unit' }, value: min },
      ],
      rows,
    };
  },
});
registerPlanMeasure({
  code: 'units.e_payment_share',
  label: { vi: 'Tỷ lệ cơ quan, đơn vị chấp nhận thanh toán điện tử', en: 'Share of units accepting electronic payment' },
  unit: 'share',
  // A unit (department, ward) "accepts electronic payment" when a fee of a dossier it received was paid
  // online in the period; units offering no procedure with a fee are left out (nothing to pay).
  async compute({ ctx, orgId, from, to, scope }) {
    const units = await unitsInScope(ctx, orgId, scope.unitGroup ?? 'all');
    const start = startOfDay(parseIsoDate(from)!);
    const end = startOfDay(parseIsoDate(to)! + 1);
    let withFee = 0;
    let accepting = 0;
    for (const unit of units) {
      const p = await paymentFigures(ctx.db, await ctx.orgs.subtreeIds(unit), start, end);
      if (p.proceduresWithFee === 0) continue;
      withFee++;
      if (p.proceduresWithOnlinePayment > 0) accepting++;
    }
    return {
      status: 'live',
      value: share(accepting, withFee),
      numerator: accepting,
      denominator: withFee,
      figures: [
        { label: { vi: 'Đơn vị có hồ sơ nộp phí trực tuyến trong kỳ', en: 'Units with a fee paid online in the period' }, value: accepting },
        { label: { vi: 'Đơn vị có TTHC thu phí, lệ phí', en: 'Units offering a procedure with a fee' }, value: withFee },
        { label: { vi: 'Đơn vị thuộc phạm vi', en: 'Units in scope' }, value: units.length },
      ],
    };
  },
});
// Declared here, supplied by the par-index module once the composition root wires it (registerPlanMeasure).
registerPlanMeasure({
  code: 'par.good_share',
  label: { vi: 'Tỷ lệ cơ quan, đơn vị xếp loại Chỉ số CCHC từ Tốt trở lên', en: 'Share of units rated good or better in the PAR Index' },
  unit: 'share',
  async compute() {
    return {
      status: 'not_connected',
      value: null,
      numerator: null,
      denominator: null,
      figures: [],
      reason: { vi: 'Chưa kết nối với Chỉ số CCHC: báo cáo thủ công cho đến khi kết nối.', en: 'Not yet connected to the PAR Index: reported by hand until wired.' },
    };
  },
});
